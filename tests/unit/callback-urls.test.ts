import { callbackUrls } from '../../server/src/outbox/providers/callback-urls';

describe('callback URLs', () => {
  it('sit under the public URL and the REST prefix', () => {
    expect(callbackUrls('https://praxis.example', '/api')).toEqual({
      twilioStatus: 'https://praxis.example/api/messaging/webhooks/twilio',
      twilioInbound: 'https://praxis.example/api/messaging/webhooks/twilio/inbound',
      threema: 'https://praxis.example/api/messaging/webhooks/threema',
    });
  });

  it.each([
    ['/v2', 'https://p.example/v2/messaging/webhooks/twilio'],
    ['v2/', 'https://p.example/v2/messaging/webhooks/twilio'],
    ['/rest/v2', 'https://p.example/rest/v2/messaging/webhooks/twilio'],
    ['', 'https://p.example/messaging/webhooks/twilio'],
  ])('reads the prefix %j as Strapi mounts it', (prefix, url) => {
    expect(callbackUrls('https://p.example', prefix).twilioStatus).toBe(url);
  });

  it('keeps a path of the public URL (a proxy in front of Strapi) and drops its trailing slash', () => {
    expect(callbackUrls('https://example.org/praxis/', '/api').threema).toBe(
      'https://example.org/praxis/api/messaging/webhooks/threema'
    );
  });
});
