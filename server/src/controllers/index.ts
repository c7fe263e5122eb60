import messages from './messages';
import settings from './settings';
import status from './status';
import templates from './templates';
import webhooks from './webhooks';

export default { messages, settings, status, templates, webhooks };
