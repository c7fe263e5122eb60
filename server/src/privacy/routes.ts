import { ACTIONS } from '../constants';
import { guarded } from '../kernel/http/guarded';

/** The privacy slice's admin routes (under /{plugin}/...), each guarded by one RBAC action. */
export const adminRoutes = [
  {
    method: 'POST',
    path: '/clients/:documentId/data-export',
    handler: 'client-data.export',
    config: guarded(ACTIONS.clientData, { action: 'client.exported', target: 'client' }),
  },
  {
    method: 'POST',
    path: '/clients/:documentId/erase',
    handler: 'client-data.erase',
    config: guarded(ACTIONS.clientData, { action: 'client.erased', target: 'client' }),
  },
];
