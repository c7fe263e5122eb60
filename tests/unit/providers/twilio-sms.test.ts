import { FakeTwilio } from '../../fakes/twilio-server';
import {
  createTwilioSms,
  validTwilioSignature,
} from '../../../server/src/outbox/providers/twilio-sms';
import type { ProviderError } from '../../../server/src/outbox/providers/types';

const message = (overrides = {}) => ({
  id: 7,
  channel: 'sms' as const,
  to: '+4915112345678',
  body: 'Hallo { Welt } €',
  ...overrides,
});

describe('Twilio SMS provider (official SDK against the local fake)', () => {
  const fake = new FakeTwilio({
    apiKey: 'SKfake000000000000000000000000000',
    apiSecret: 'key-secret',
  });
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  const provider = (options = {}) =>
    createTwilioSms({
      accountSid: fake.accountSid,
      authToken: fake.authToken,
      from: 'Praxis',
      apiBaseUrl: fake.url,
      // generous: the suite shares two cores with the integration tests; the hang case sets its own
      timeoutMs: 5_000,
      statusCallbackUrl: (id) => `https://praxis.example.test/cb?m=${id}`,
      ...options,
    });

  it('sends form-encoded with the sender and status callback, and reads the sid and segments', async () => {
    const result = await provider().send(message());
    expect(result.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(result.segments).toBe(1);
    expect(fake.messages.at(-1)).toMatchObject({
      to: '+4915112345678',
      from: 'Praxis',
      body: 'Hallo { Welt } €',
      statusCallback: 'https://praxis.example.test/cb?m=7',
    });
  });

  it('authenticates with an API key plus the account SID', async () => {
    await provider({ authToken: undefined, apiKey: fake.apiKey, apiSecret: fake.apiSecret }).send(
      message()
    );
    expect(fake.messages.at(-1)!.to).toBe('+4915112345678');
  });

  it('uses the practice sender over the default and a Messaging Service when no sender is given', async () => {
    await provider().send(message({ from: 'PraxisNord' }));
    expect(fake.messages.at(-1)!.from).toBe('PraxisNord');
    await provider({
      from: undefined,
      messagingServiceSid: 'MG00000000000000000000000000000000',
    }).send(message());
    expect(fake.messages.at(-1)).toMatchObject({
      from: null,
      messagingServiceSid: 'MG00000000000000000000000000000000',
    });
  });

  it.each([
    [{ kind: 'http', status: 401, code: 20003 }, 'twilio:20003', false, false],
    [{ kind: 'http', status: 400, code: 21211 }, 'twilio:21211', false, false],
    [{ kind: 'http', status: 400, code: 21610 }, 'twilio:21610', false, false],
    [{ kind: 'http', status: 429, code: 20429, retryAfter: '7' }, 'twilio:20429', true, false],
    [{ kind: 'http', status: 500, code: 20500 }, 'twilio:500', true, false],
    [{ kind: 'http', status: 503 }, 'twilio:503', true, false],
    [{ kind: 'hang', ms: 1500 }, 'network:ECONNABORTED', true, true],
    [{ kind: 'destroy' }, 'network:ECONNRESET', true, true],
  ] as const)(
    'maps %j to %s (retryable %s, ambiguous %s)',
    async (fault, code, retryable, ambiguous) => {
      fake.faults.push(fault as any);
      const error = (await provider(fault.kind === 'hang' ? { timeoutMs: 500 } : {})
        .send(message())
        .catch((e) => e)) as ProviderError;
      expect(error.name).toBe('ProviderError');
      expect(error.code).toBe(code);
      expect(error.retryable).toBe(retryable);
      expect(error.ambiguous).toBe(ambiguous);
      if ('retryAfter' in fault) expect(error.retryAfterMs).toBe(7000);
    }
  );

  it('marks opt-outs and invalid numbers as problems of the recipient', async () => {
    fake.faults.push({ kind: 'http', status: 400, code: 21610 });
    expect(
      (
        (await provider()
          .send(message())
          .catch((e) => e)) as ProviderError
      ).recipientProblem
    ).toBe(true);
  });

  it('refuses a connection to a closed port as retryable', async () => {
    const error = (await provider({ apiBaseUrl: 'http://127.0.0.1:9' })
      .send(message())
      .catch((e) => e)) as ProviderError;
    expect(error.code).toBe('network:ECONNREFUSED');
    expect(error.retryable).toBe(true);
  });

  it('checks webhook signatures with Twilio’s documented test vector', () => {
    const params = {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+12349013030',
      Digits: '1234',
      From: '+12349013030',
      To: '+18005551212',
    };
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    expect(validTwilioSignature('12345', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', url, params)).toBe(true);
    expect(
      validTwilioSignature('12345', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', url, {
        ...params,
        Digits: '1235',
      })
    ).toBe(false);
    expect(validTwilioSignature('12345', undefined, url, params)).toBe(false);
  });
});
