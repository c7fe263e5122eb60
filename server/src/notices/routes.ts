import { ACTIONS } from '../constants';
import { guarded } from '../kernel/http/guarded';

/** The notices slice's admin routes (under /{plugin}/...), each guarded by one RBAC action. */
export const adminRoutes = [
  {
    method: 'GET',
    path: '/mapping',
    handler: 'panels.mapping',
    config: guarded(ACTIONS.logRead),
  },
  {
    method: 'GET',
    path: '/appointments/:documentId/panel',
    handler: 'panels.appointment',
    config: guarded(ACTIONS.logRead, undefined, 'appointment'),
  },
  {
    method: 'GET',
    path: '/appointments/indicators',
    handler: 'panels.indicators',
    config: guarded(ACTIONS.logRead),
  },
  {
    method: 'GET',
    path: '/clients/:documentId/panel',
    handler: 'panels.client',
    config: guarded(ACTIONS.logRead, undefined, 'client'),
  },
  {
    method: 'GET',
    path: '/planning-failures',
    handler: 'panels.planningFailures',
    config: guarded(ACTIONS.logRead),
  },
  {
    method: 'POST',
    path: '/planning-failures/retry',
    handler: 'panels.retryPlanning',
    config: guarded(ACTIONS.send, { action: 'planning.retried' }),
  },
  {
    method: 'POST',
    path: '/messages',
    handler: 'messages.create',
    config: guarded(ACTIONS.send, { action: 'message.sent', target: 'message' }),
  },
  {
    method: 'GET',
    path: '/messages',
    handler: 'messages.find',
    config: guarded(ACTIONS.logRead),
  },
  {
    method: 'GET',
    path: '/messages/:id',
    handler: 'messages.findOne',
    config: guarded(ACTIONS.logRead),
  },
  {
    method: 'POST',
    path: '/messages/:id/resend',
    handler: 'messages.resend',
    config: guarded(ACTIONS.send, { action: 'message.resent', target: 'message' }),
  },
  {
    method: 'POST',
    path: '/test-message',
    handler: 'messages.sendTest',
    config: guarded(ACTIONS.settingsUpdate, { action: 'test-message.sent' }),
  },
];
