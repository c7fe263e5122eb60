/**
 * Public routes. The providers' delivery reports cannot carry a Strapi
 * token, so these are open (auth: false) and protected by the providers'
 * own signatures, checked in the webhooks service before anything changes.
 */
import { ACTIONS } from '../constants';
import { guarded } from '../kernel/http/guarded';
import { CALLBACK_ROUTES } from './providers/callback-urls';

export const contentApiRoutes = [
  {
    method: 'POST',
    path: CALLBACK_ROUTES.twilioStatus,
    handler: 'webhooks.twilio',
    config: { auth: false },
  },
  {
    method: 'POST',
    path: CALLBACK_ROUTES.twilioInbound,
    handler: 'webhooks.twilioInbound',
    config: { auth: false },
  },
  {
    method: 'POST',
    path: CALLBACK_ROUTES.threema,
    handler: 'webhooks.threema',
    config: { auth: false },
  },
];

/** The outbox slice's admin routes (under /{plugin}/...), each guarded by one RBAC action. */
export const adminRoutes = [
  {
    method: 'GET',
    path: '/dry-run-outbox',
    handler: 'dry-run.outbox',
    config: guarded(ACTIONS.logRead),
  },
];
