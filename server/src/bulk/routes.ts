import { ACTIONS } from '../constants';
import { guarded } from '../kernel/http/guarded';

/** The bulk slice's admin routes (under /{plugin}/...), each guarded by one RBAC action. */
export const adminRoutes = [
  {
    method: 'POST',
    path: '/bulk/preview',
    handler: 'bulk.bulkPreview',
    config: guarded(ACTIONS.bulkSend),
  },
  {
    method: 'POST',
    path: '/bulk',
    handler: 'bulk.bulkStart',
    config: guarded(ACTIONS.bulkSend, { action: 'bulk.started', target: 'batch' }),
  },
  {
    method: 'POST',
    path: '/mass-cancellation/preview',
    handler: 'bulk.massCancellationPreview',
    config: guarded(ACTIONS.massCancel),
  },
  {
    method: 'POST',
    path: '/mass-cancellation',
    handler: 'bulk.massCancellation',
    config: guarded(ACTIONS.massCancel, { action: 'mass-cancellation.started', target: 'batch' }),
  },
  { method: 'GET', path: '/batches', handler: 'bulk.batches', config: guarded(ACTIONS.logRead) },
  {
    method: 'GET',
    path: '/batches/:id',
    handler: 'bulk.batch',
    config: guarded(ACTIONS.logRead),
  },
  {
    method: 'POST',
    path: '/batches/:id/cancel',
    handler: 'bulk.cancelBatch',
    // the job's kind decides the permission it takes (bulk.send or mass-cancellation): checked by the controller
    config: guarded(ACTIONS.logRead, { action: 'batch.cancelled', target: 'batch' }),
  },
  {
    method: 'GET',
    path: '/waitlist',
    handler: 'waitlist.find',
    config: guarded(ACTIONS.logRead),
  },
];
