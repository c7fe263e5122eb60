import { safeInput } from './safe-input';

export default { 'safe-input': safeInput };
