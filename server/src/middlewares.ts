import { audit } from './audit';
import { safeInput } from './kernel/http/safe-input';

export default { 'safe-input': safeInput, audit };
