import type { Core } from '@strapi/strapi';

/**
 * Application methods
 */
import bootstrap from './bootstrap';
import destroy from './destroy';
import register from './register';

/**
 * Plugin server methods
 */
import config from './kernel/config';
import contentTypes from './content-types';
import controllers from './controllers';
import middlewares from './middlewares';
import routes from './routes';
import services from './services';

/**
 * What Strapi calls the three lifecycle functions with. `satisfies`, not an
 * annotation: the published declarations keep each part's own type, and name
 * Strapi's types through @strapi/strapi rather than a path inside @strapi/types
 * that a consumer resolving package exports cannot reach.
 */
type Lifecycle = (context: { strapi: Core.Strapi }) => void | Promise<void>;

export default {
  register,
  bootstrap,
  destroy,
  config,
  controllers,
  routes,
  services,
  contentTypes,
  middlewares,
} satisfies {
  register: Lifecycle;
  bootstrap: Lifecycle;
  destroy: Lifecycle;
  [part: string]: unknown;
};
