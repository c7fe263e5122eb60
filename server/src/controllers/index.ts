import bulk from './bulk';
import messages from './messages';
import panels from './panels';
import releases from './releases';
import settings from './settings';
import status from './status';
import templates from './templates';
import usage from './usage';
import webhooks from './webhooks';

export default { bulk, messages, panels, releases, settings, status, templates, usage, webhooks };
