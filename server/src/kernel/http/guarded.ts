import { actionId, PLUGIN_ID, type ActionUid } from '../../constants';
import type { AuditConfig } from '../../audit';

/**
 * Every admin route checks exactly one RBAC action, refuses unsafe text
 * (kernel/http/safe-input) and acts for one practice the user may act for
 * with that action (practices/middleware; a record's panel acts for the
 * record's own practice). A route that sends, costs or changes something
 * also names its audit action (audit/middleware).
 */
export const guarded = (
  action: ActionUid,
  audited?: AuditConfig,
  /** a route about one record (`:documentId`) acts for that record's practice, where the user may */
  record?: 'appointment' | 'client'
) => ({
  policies: [
    'admin::isAuthenticatedAdmin',
    { name: 'admin::hasPermissions', config: { actions: [actionId(action)] } },
  ],
  middlewares: [
    `plugin::${PLUGIN_ID}.safe-input`,
    // the practice the request acts for, checked against the user's access (practices/middleware)
    { name: `plugin::${PLUGIN_ID}.acting-practice`, config: { action, record } },
    ...(audited ? [{ name: `plugin::${PLUGIN_ID}.audit`, config: audited }] : []),
  ],
});
