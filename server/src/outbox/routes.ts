/**
 * Public routes. The providers' delivery reports cannot carry a Strapi
 * token, so these are open (auth: false) and protected by the providers'
 * own signatures, checked in the webhooks service before anything changes.
 */
import { CALLBACK_ROUTES } from './providers/callback-urls';

export default () => ({
  type: 'content-api',
  routes: [
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
  ],
});
