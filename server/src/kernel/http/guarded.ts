import { actionId, PLUGIN_ID, type ActionUid } from '../../constants';
import type { AuditConfig } from '../../audit';

/**
 * Every admin route checks exactly one RBAC action, and refuses unsafe text
 * (kernel/http/safe-input). A route that sends, costs or changes something
 * also names its audit action (audit/middleware).
 */
export const guarded = (action: ActionUid, audited?: AuditConfig) => ({
  policies: [
    'admin::isAuthenticatedAdmin',
    { name: 'admin::hasPermissions', config: { actions: [actionId(action)] } },
  ],
  middlewares: [
    `plugin::${PLUGIN_ID}.safe-input`,
    ...(audited ? [{ name: `plugin::${PLUGIN_ID}.audit`, config: audited }] : []),
  ],
});
