import { ACTIONS } from '../constants';
import { guarded } from '../kernel/http/guarded';

/** The audit slice's admin routes (under /{plugin}/...), each guarded by one RBAC action. */
export const adminRoutes = [
  { method: 'GET', path: '/audit', handler: 'audit.find', config: guarded(ACTIONS.auditRead) },
];
