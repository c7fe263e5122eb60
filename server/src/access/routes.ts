import { ACTIONS } from '../constants';
import { guarded } from '../kernel/http/guarded';

/** The access slice's admin routes (under /{plugin}/...), each guarded by one RBAC action. */
export const adminRoutes = [
  {
    method: 'GET',
    path: '/documents/:documentId/release',
    handler: 'releases.status',
    config: guarded(ACTIONS.logRead),
  },
  {
    method: 'POST',
    path: '/documents/:documentId/release',
    handler: 'releases.release',
    config: guarded(ACTIONS.documentsRelease, {
      action: 'document.released',
      target: 'document',
    }),
  },
  {
    method: 'POST',
    path: '/documents/:documentId/release/new-code',
    handler: 'releases.newCode',
    config: guarded(ACTIONS.documentsRelease, {
      action: 'document.new-code',
      target: 'document',
    }),
  },
  {
    method: 'POST',
    path: '/documents/:documentId/release/revoke',
    handler: 'releases.revoke',
    config: guarded(ACTIONS.documentsRelease, { action: 'document.revoked', target: 'document' }),
  },
];
