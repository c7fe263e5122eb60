import * as access from './access';
import * as billing from './billing';
import * as bulk from './bulk';
import * as notices from './notices';
import * as outbox from './outbox';
import * as practices from './practices';
import * as privacy from './privacy';
import * as settings from './settings';
import * as templates from './templates';

/**
 * Every service of the plugin, registered with Strapi under its name so other
 * plugins and the host app can reach (and extend) it. Each slice lists its own;
 * kernel/get-service infers the lookup's types from this object. Annotated,
 * so the published declarations name each slice's services instead of
 * spelling out Strapi's types by a path inside @strapi/types.
 */
const services: typeof settings.services &
  typeof outbox.services &
  typeof notices.services &
  typeof templates.services &
  typeof bulk.services &
  typeof access.services &
  typeof billing.services &
  typeof privacy.services &
  typeof practices.services = {
  ...settings.services,
  ...outbox.services,
  ...notices.services,
  ...templates.services,
  ...bulk.services,
  ...access.services,
  ...billing.services,
  ...privacy.services,
  ...practices.services,
};

export default services;
