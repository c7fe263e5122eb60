/**
 * Public routes. The providers' delivery reports cannot carry a Strapi
 * token, so these are open (auth: false) and protected by the providers'
 * own signatures, checked in the webhooks service before anything changes.
 */
export default () => ({
  type: 'content-api',
  routes: [
    { method: 'POST', path: '/webhooks/twilio', handler: 'webhooks.twilio', config: { auth: false } },
    { method: 'POST', path: '/webhooks/twilio/inbound', handler: 'webhooks.twilioInbound', config: { auth: false } },
    { method: 'POST', path: '/webhooks/threema', handler: 'webhooks.threema', config: { auth: false } },
  ],
});
