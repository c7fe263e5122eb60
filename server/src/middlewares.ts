import { audit } from './audit/middleware';
import { safeInput } from './kernel/http/safe-input';

export default { 'safe-input': safeInput, audit };
