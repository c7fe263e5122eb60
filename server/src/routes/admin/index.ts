import * as access from '../../access';
import * as audit from '../../audit';
import * as billing from '../../billing';
import * as bulk from '../../bulk';
import * as notices from '../../notices';
import * as outbox from '../../outbox';
import * as practices from '../../practices';
import * as privacy from '../../privacy';
import * as settings from '../../settings';
import * as templates from '../../templates';

/**
 * The admin API: each slice lists its own routes, each checking exactly one
 * RBAC action (kernel/http/guarded).
 */
export default () => ({
  type: 'admin',
  routes: [
    ...settings.adminRoutes,
    ...notices.adminRoutes,
    ...templates.adminRoutes,
    ...bulk.adminRoutes,
    ...access.adminRoutes,
    ...billing.adminRoutes,
    ...privacy.adminRoutes,
    ...outbox.adminRoutes,
    ...audit.adminRoutes,
    ...practices.adminRoutes,
  ],
});
