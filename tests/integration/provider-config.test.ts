import request from 'supertest';
import twilioSdk from 'twilio';
import { distWithConfig, type DistCopy } from '../helpers/dist-copy';
import type { BootOptions } from '../helpers/strapi';
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
  const send = (body: Record<string, unknown>) =>
    request(faked.app.http).post('/messaging/messages').set(faked.auth()).send(body);

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
      }
    );
    await enableChannels(faked.app, faked.token);
  });
  afterAll(async () => faked?.stop());

  it('sends Twilio a StatusCallback under the host’s REST prefix and server URL', async () => {
    const id = (await send({ channel: 'sms', to: '+4915112345678', body: 'Präfix' })).body.data.id;
    await tick(faked.app);
    expect(faked.twilio.messages.at(-1)!.statusCallback).toBe(
      `https://praxis.example.test/v2/messaging/webhooks/twilio?m=${id}`
    );
  });

  it('verifies a signed status callback posted to /v2/messaging/webhooks/twilio', async () => {
    const id = (await send({ channel: 'sms', to: '+4915112345679', body: 'Zustellung unter v2' }))
      .body.data.id;
    await tick(faked.app);
    const callback = faked.twilio.statusCallback(faked.twilio.messages.at(-1)!.sid, 'delivered');
    expect(callback.path).toBe(`/v2/messaging/webhooks/twilio?m=${id}`);
    await request(faked.app.http)
      .post(callback.path)
      .type('form')
      .set('X-Twilio-Signature', callback.signature)
      .send(callback.params)
      .expect(204);
    expect((await messageRows(faked.app, { id }))[0].status).toBe('delivered');
    // the default prefix is not where Strapi serves the routes of this host
    const old = await request(faked.app.http)
      .post(`/api/messaging/webhooks/twilio?m=${id}`)
      .type('form')
      .send(callback.params);
    expect([404, 405]).toContain(old.status);
  });

  it('takes Threema callbacks under the prefix as well', async () => {
    const id = (await send({ channel: 'threema', to: 'KLIENT01', body: 'Quittung unter v2' })).body
      .data.id;
    await tick(faked.app);
    const receipt = faked.threema.deliveryReceipt(
      'KLIENT01',
      faked.threema.messages.at(-1)!.id,
      0x02
    );
    await request(faked.app.http)
      .post('/v2/messaging/webhooks/threema')
      .type('form')
      .send(receipt)
      .expect(204);
    expect((await messageRows(faked.app, { id }))[0].status).toBe('delivered');
  });

  it('names the callback URLs on the status page', async () => {
    const status = (
      await request(faked.app.http).get('/messaging/status').set(faked.auth()).expect(200)
    ).body.data;
    expect(status.publicUrl).toBe('https://praxis.example.test');
    expect(status.channels.sms.webhookUrl).toBe(
      'https://praxis.example.test/v2/messaging/webhooks/twilio'
    );
    expect(status.channels.threema.webhookUrl).toBe(
      'https://praxis.example.test/v2/messaging/webhooks/threema'
    );
  });
});

/** A Twilio request as Twilio signs it: X-Twilio-Signature over the full public URL and the form. */
const signedByTwilio = (authToken: string, url: string, params: Record<string, string>) => ({
  path: new URL(url).pathname + new URL(url).search,
  params,
  signature: twilioSdk.getExpectedTwilioSignature(authToken, url, params),
});

const TWILIO_OR_THREEMA_VARIABLE = /^(TWILIO|THREEMA)_/;

describe('providers configured the Strapi way: { provider, providerOptions } in config/plugins, no TWILIO_* or THREEMA_* variables', () => {
  let faked: FakedPlayground;
  const send = (body: Record<string, unknown>) =>
    request(faked.app.http).post('/messaging/messages').set(faked.auth()).send(body);

  beforeAll(async () => {
    faked = await bootWithFakes(
      {},
      {
        credentialsInEnv: false,
        boot: ({ twilio, threema }) =>
          copy('providers-config', {
            plugins: `config.messaging.config.providers = ${JSON.stringify({
              sms: {
                provider: 'twilio',
                providerOptions: {
                  accountSid: twilio.accountSid,
                  authToken: twilio.authToken,
                  from: 'Praxis',
                  apiBaseUrl: twilio.url,
                },
              },
              threema: {
                provider: 'threema',
                providerOptions: {
                  gatewayId: threema.gatewayId,
                  secret: threema.secret,
                  privateKey: threema.env().THREEMA_PRIVATE_KEY,
                  mode: 'e2e',
                  apiBaseUrl: threema.url,
                },
              },
            })}`,
          }),
      }
    );
    await enableChannels(faked.app, faked.token);
  });
  afterAll(async () => faked?.stop());

  it('has none of the variables: the credentials come from the config alone', () => {
    expect(
      Object.keys(process.env).filter((name) => TWILIO_OR_THREEMA_VARIABLE.test(name))
    ).toEqual([]);
  });

  it('sends an SMS through the fake Twilio and verifies its status callback with the configured auth token', async () => {
    const id = (await send({ channel: 'sms', to: '+4915112345678', body: 'Aus der Konfiguration' }))
      .body.data.id;
    expect((await tick(faked.app)).sent).toBe(1);
    const sent = faked.twilio.messages.at(-1)!;
    expect(sent).toMatchObject({
      to: '+4915112345678',
      from: 'Praxis',
      body: 'Aus der Konfiguration',
    });
    expect((await messageRows(faked.app, { id }))[0]).toMatchObject({
      status: 'sent',
      provider: 'twilio',
      providerMessageId: sent.sid,
    });

    const callback = faked.twilio.statusCallback(sent.sid, 'delivered');
    await request(faked.app.http)
      .post(callback.path)
      .type('form')
      .set('X-Twilio-Signature', 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=')
      .send(callback.params)
      .expect(403);
    await request(faked.app.http)
      .post(callback.path)
      .type('form')
      .set('X-Twilio-Signature', callback.signature)
      .send(callback.params)
      .expect(204);
    expect((await messageRows(faked.app, { id }))[0].status).toBe('delivered');
  });

  it('verifies a STOP reply with the same token', async () => {
    const inbound = signedByTwilio(
      faked.twilio.authToken,
      'https://praxis.example.test/api/messaging/webhooks/twilio/inbound',
      {
        From: '+4915199999999',
        To: 'Praxis',
        Body: 'STOP',
        MessageSid: 'SMinbound',
      }
    );
    await request(faked.app.http)
      .post(inbound.path)
      .type('form')
      .set('X-Twilio-Signature', inbound.signature)
      .send(inbound.params)
      .expect(200);
    await request(faked.app.http)
      .post(inbound.path)
      .type('form')
      .set('X-Twilio-Signature', 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=')
      .send(inbound.params)
      .expect(403);
  });

  it('sends through the fake Threema Gateway and verifies its receipt with the configured secret', async () => {
    const id = (
      await send({ channel: 'threema', to: 'KLIENT01', body: 'Threema aus der Konfiguration' })
    ).body.data.id;
    await tick(faked.app);
    const threemaId = faked.threema.messages.at(-1)!.id;
    const forged = faked.threema.deliveryReceipt('KLIENT01', threemaId, 0x02, {
      secret: 'not-the-secret',
    });
    await request(faked.app.http)
      .post('/api/messaging/webhooks/threema')
      .type('form')
      .send(forged)
      .expect(400);
    await request(faked.app.http)
      .post('/api/messaging/webhooks/threema')
      .type('form')
      .send(faked.threema.deliveryReceipt('KLIENT01', threemaId, 0x02))
      .expect(204);
    expect((await messageRows(faked.app, { id }))[0].status).toBe('delivered');
  });

  it('says on the status page where the providers come from, and that callbacks can be verified', async () => {
    const status = (
      await request(faked.app.http).get('/messaging/status').set(faked.auth()).expect(200)
    ).body.data;
    expect(status.channels.sms).toMatchObject({
      provider: 'twilio',
      source: 'config',
      configured: true,
      missing: [],
      callbacksVerifiable: true,
    });
    expect(status.channels.threema).toMatchObject({
      provider: 'threema',
      source: 'config',
      configured: true,
      callbacksVerifiable: true,
    });
    expect(status.smsSenderDefault).toBe('Praxis');
    const body = JSON.stringify(status);
    for (const secret of [
      faked.twilio.authToken,
      faked.threema.secret,
      faked.threema.env().THREEMA_PRIVATE_KEY,
    ])
      expect(body).not.toContain(secret);
  });
});

describe('Twilio with an API key and secret: signatures need the auth token', () => {
  const apiKey = { apiKey: 'SKfake0000000000000000000000000000', apiSecret: 'api-key-secret' };
  const watchWarnings =
    (warnings: string[]) => (strapi: Parameters<NonNullable<BootOptions['beforeLoad']>>[0]) => {
      jest
        .spyOn(strapi.log, 'warn')
        .mockImplementation(((message: string) => void warnings.push(String(message))) as never);
    };

  /** In the plugin config, together with the auth token. */
  const bootWithKeyAndToken = (name: string, warnings: string[]) =>
    bootWithFakes(
      {},
      {
        credentialsInEnv: false,
        twilio: apiKey,
        boot: ({ twilio }) => ({
          ...copy(name, {
            plugins: `config.messaging.config.providers = ${JSON.stringify({
              sms: {
                provider: 'twilio',
                providerOptions: {
                  accountSid: twilio.accountSid,
                  ...apiKey,
                  authToken: twilio.authToken,
                  from: 'Praxis',
                  apiBaseUrl: twilio.url,
                },
              },
            })}`,
          }),
          beforeLoad: watchWarnings(warnings),
        }),
      }
    );

  /** Through the documented variables, as the README used to describe it: TWILIO_API_KEY and TWILIO_API_SECRET "instead of the auth token". */
  const bootWithKeyInEnv = (warnings: string[]) =>
    bootWithFakes(
      {
        TWILIO_AUTH_TOKEN: undefined,
        TWILIO_API_KEY: apiKey.apiKey,
        TWILIO_API_SECRET: apiKey.apiSecret,
      },
      { twilio: apiKey, boot: () => ({ beforeLoad: watchWarnings(warnings) }) }
    );

  describe('with the auth token as well', () => {
    let faked: FakedPlayground;
    const warnings: string[] = [];
    beforeAll(async () => {
      faked = await bootWithKeyAndToken('api-key-and-token', warnings);
      await enableChannels(faked.app, faked.token);
    });
    afterAll(async () => faked?.stop());

    it('sends with the API key and verifies the status callback with the auth token', async () => {
      const id = (
        await request(faked.app.http)
          .post('/messaging/messages')
          .set(faked.auth())
          .send({ channel: 'sms', to: '+4915112345678', body: 'API-Key' })
      ).body.data.id;
      expect((await tick(faked.app)).sent).toBe(1);
      const callback = faked.twilio.statusCallback(faked.twilio.messages.at(-1)!.sid, 'delivered');
      await request(faked.app.http)
        .post(callback.path)
        .type('form')
        .set('X-Twilio-Signature', callback.signature)
        .send(callback.params)
        .expect(204);
      expect((await messageRows(faked.app, { id }))[0].status).toBe('delivered');
      const status = (
        await request(faked.app.http).get('/messaging/status').set(faked.auth()).expect(200)
      ).body.data;
      expect(status.channels.sms).toMatchObject({ provider: 'twilio', callbacksVerifiable: true });
      expect(warnings.filter((line) => /auth token/.test(line))).toEqual([]);
    });
  });

  describe('without the auth token (TWILIO_API_KEY and TWILIO_API_SECRET only)', () => {
    let faked: FakedPlayground;
    const warnings: string[] = [];
    beforeAll(async () => {
      faked = await bootWithKeyInEnv(warnings);
      await enableChannels(faked.app, faked.token);
    });
    afterAll(async () => faked?.stop());

    it('starts, and warns once that callbacks cannot be verified', () => {
      expect(warnings.filter((line) => /auth token/.test(line))).toHaveLength(1);
      expect(warnings.find((line) => /auth token/.test(line))).toMatch(
        /delivery reports and STOP replies cannot be verified/
      );
    });

    it('still sends with the API key, but does not ask Twilio for callbacks it would have to refuse', async () => {
      const id = (
        await request(faked.app.http)
          .post('/messaging/messages')
          .set(faked.auth())
          .send({ channel: 'sms', to: '+4915112345678', body: 'Nur API-Key' })
      ).body.data.id;
      expect((await tick(faked.app)).sent).toBe(1);
      expect(faked.twilio.messages.at(-1)!.statusCallback).toBeNull();
      // a callback, however it is signed, cannot be checked: refused
      const forged = signedByTwilio(
        faked.twilio.authToken,
        `https://praxis.example.test/api/messaging/webhooks/twilio?m=${id}`,
        {
          MessageSid: faked.twilio.messages.at(-1)!.sid,
          MessageStatus: 'delivered',
        }
      );
      await request(faked.app.http)
        .post(forged.path)
        .type('form')
        .set('X-Twilio-Signature', forged.signature)
        .send(forged.params)
        .expect(403);
      expect((await messageRows(faked.app, { id }))[0].status).toBe('sent');
    });

    it('says on the status page that callbacks cannot be verified', async () => {
      const status = (
        await request(faked.app.http).get('/messaging/status').set(faked.auth()).expect(200)
      ).body.data;
      expect(status.channels.sms).toMatchObject({
        provider: 'twilio',
        configured: true,
        callbacksVerifiable: false,
      });
    });
  });
});
