import { ACTIONS } from '../constants';
import { guarded } from '../kernel/http/guarded';

/** The settings slice's admin routes (under /{plugin}/...), each guarded by one RBAC action. */
export const adminRoutes = [
  {
    method: 'GET',
    path: '/status',
    handler: 'status.find',
    config: guarded(ACTIONS.settingsRead),
  },
  {
    method: 'GET',
    path: '/unreachable-clients',
    handler: 'status.unreachable',
    config: guarded(ACTIONS.logRead),
  },
  {
    method: 'GET',
    path: '/settings',
    handler: 'settings.find',
    config: guarded(ACTIONS.settingsRead),
  },
  {
    method: 'PUT',
    path: '/settings',
    handler: 'settings.update',
    config: guarded(ACTIONS.settingsUpdate, { action: 'settings.changed' }),
  },
];
