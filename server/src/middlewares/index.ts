import { audit } from './audit';
import { safeInput } from './safe-input';

export default { 'safe-input': safeInput, audit };
