import settings from './settings';
import status from './status';

export default { settings, status };
