import * as access from './access';
import * as billing from './billing';
import * as bulk from './bulk';
import * as notices from './notices';
import * as outbox from './outbox';
import * as privacy from './privacy';
import * as settings from './settings';
import * as templates from './templates';

/**
 * Every service of the plugin, registered with Strapi under its name so other
 * plugins and the host app can reach (and extend) it. Each slice lists its own;
 * kernel/get-service infers the lookup's types from this object.
 */
export default {
  ...settings.services,
  ...outbox.services,
  ...notices.services,
  ...templates.services,
  ...bulk.services,
  ...access.services,
  ...billing.services,
  ...privacy.services,
};
