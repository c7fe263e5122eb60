import request from 'supertest';
import { distWithConfig, type DistCopy } from '../helpers/dist-copy';
import { bootWithFakes, type FakedPlayground } from '../helpers/with-fakes';
import { enableChannels, messageRows, tick } from '../helpers/messaging';

const copies: DistCopy[] = [];
afterAll(() => copies.forEach((copy) => copy.remove()));

/** A dist copy with these config changes, removed after the file. */
const copy = (name: string, changes: Parameters<typeof distWithConfig>[1]) => {
  const made = distWithConfig(name, changes);
  copies.push(made);
  return { distDir: made.dir };
};

describe('webhook URLs come from Strapi’s own settings: api.rest.prefix and server.url', () => {
  let faked: FakedPlayground;
  const send = (body: Record<string, unknown>) => request(faked.app.http).post('/messaging/messages').set(faked.auth()).send(body);

  beforeAll(async () => {
    // No publicUrl in the plugin config and no MESSAGING_PUBLIC_URL: the public URL is Strapi's server.url.
    faked = await bootWithFakes(
      { MESSAGING_PUBLIC_URL: undefined },
      {
        boot: () =>
          copy('rest-prefix', {
            api: `config.rest.prefix = '/v2'`,
            server: `config.url = 'https://praxis.example.test'`,
            plugins: `delete config.messaging.config.publicUrl`,
          }),
      },
    );
    await enableChannels(faked.app, faked.token);
  });
  afterAll(async () => faked?.stop());

  it('sends Twilio a StatusCallback under the host’s REST prefix and server URL', async () => {
    const id = (await send({ channel: 'sms', to: '+4915112345678', body: 'Präfix' })).body.data.id;
    await tick(faked.app);
    expect(faked.twilio.messages.at(-1)!.statusCallback).toBe(`https://praxis.example.test/v2/messaging/webhooks/twilio?m=${id}`);
  });

  it('verifies a signed status callback posted to /v2/messaging/webhooks/twilio', async () => {
    const id = (await send({ channel: 'sms', to: '+4915112345679', body: 'Zustellung unter v2' })).body.data.id;
    await tick(faked.app);
    const callback = faked.twilio.statusCallback(faked.twilio.messages.at(-1)!.sid, 'delivered');
    expect(callback.path).toBe(`/v2/messaging/webhooks/twilio?m=${id}`);
    await request(faked.app.http).post(callback.path).type('form').set('X-Twilio-Signature', callback.signature).send(callback.params).expect(204);
    expect((await messageRows(faked.app, { id }))[0].status).toBe('delivered');
    // the default prefix is not where Strapi serves the routes of this host
    const old = await request(faked.app.http).post(`/api/messaging/webhooks/twilio?m=${id}`).type('form').send(callback.params);
    expect([404, 405]).toContain(old.status);
  });

  it('takes Threema callbacks under the prefix as well', async () => {
    const id = (await send({ channel: 'threema', to: 'KLIENT01', body: 'Quittung unter v2' })).body.data.id;
    await tick(faked.app);
    const receipt = faked.threema.deliveryReceipt('KLIENT01', faked.threema.messages.at(-1)!.id, 0x02);
    await request(faked.app.http).post('/v2/messaging/webhooks/threema').type('form').send(receipt).expect(204);
    expect((await messageRows(faked.app, { id }))[0].status).toBe('delivered');
  });

  it('names the callback URLs on the status page', async () => {
    const status = (await request(faked.app.http).get('/messaging/status').set(faked.auth()).expect(200)).body.data;
    expect(status.publicUrl).toBe('https://praxis.example.test');
    expect(status.channels.sms.webhookUrl).toBe('https://praxis.example.test/v2/messaging/webhooks/twilio');
    expect(status.channels.threema.webhookUrl).toBe('https://praxis.example.test/v2/messaging/webhooks/threema');
  });
});
