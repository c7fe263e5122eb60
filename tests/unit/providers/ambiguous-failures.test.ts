/**
 * Which failures leave open whether the provider got the message. Each case
 * is produced for real on 127.0.0.1, through the official Twilio SDK (axios)
 * and the Threema client (fetch); only failures that cannot be produced on
 * loopback without touching a resolver are classified from their shape.
 */
import { createThreemaClient } from '../../../server/src/outbox/providers/threema-gateway';
import { createTwilioSms } from '../../../server/src/outbox/providers/twilio-sms';
import { networkError, type ProviderError } from '../../../server/src/outbox/providers/types';
import {
  closedPortUrl,
  startMisbehavingServer,
  startUnacceptingListener,
  type Misbehaviour,
  type RunningServer,
} from '../../fakes/misbehaving-servers';

const ACCOUNT = `AC${'0'.repeat(32)}`;
const sms = { id: 1, channel: 'sms' as const, to: '+4915112345678', body: 'Termin morgen 9 Uhr' };

const twilioAt = (apiBaseUrl: string, timeoutMs = 300) =>
  createTwilioSms({
    accountSid: ACCOUNT,
    authToken: 'token',
    from: 'Praxis',
    apiBaseUrl,
    timeoutMs,
  });
const threemaAt = (apiBaseUrl: string, timeoutMs = 300) =>
  createThreemaClient({
    gatewayId: '*PRAXIS1',
    secret: 'secret',
    mode: 'basic',
    apiBaseUrl,
    timeoutMs,
  });

const failure = async (attempt: Promise<unknown>) => {
  const error = (await attempt.then(
    () => {
      throw new Error('expected a failure');
    },
    (e) => e
  )) as ProviderError;
  expect(error.name).toBe('ProviderError');
  return error;
};

describe('a send whose request was written and whose answer never came is ambiguous', () => {
  const servers = new Map<Misbehaviour, RunningServer>();
  beforeAll(async () => {
    for (const behaviour of [
      'silent',
      'reset-after-request',
      'reset-mid-answer',
      'stall-answer',
    ] as const) {
      servers.set(behaviour, await startMisbehavingServer(behaviour));
    }
  });
  afterAll(async () => {
    for (const server of servers.values()) await server.stop();
  });
  const url = (behaviour: Misbehaviour) => servers.get(behaviour)!.url;

  it.each([
    // behaviour, code, message the SDK's axios raised, retryable
    ['silent', 'network:ECONNABORTED', 'timeout of 300ms exceeded', true],
    ['stall-answer', 'network:ECONNABORTED', 'timeout of 300ms exceeded', true],
    ['reset-after-request', 'network:ECONNRESET', 'socket hang up', true],
    ['reset-mid-answer', 'network:ERR_BAD_RESPONSE', 'stream has been aborted', false],
  ] as const)(
    'Twilio, server %s: %s "%s", ambiguous',
    async (behaviour, code, message, retryable) => {
      const before = servers.get(behaviour)!.requests;
      const error = await failure(twilioAt(url(behaviour)).send(sms));
      expect(servers.get(behaviour)!.requests).toBe(before + 1); // the request did arrive
      expect(error).toMatchObject({ code, ambiguous: true, retryable });
      expect(error.message).toBe(message);
    }
  );

  it.each([
    ['silent', 'network:ETIMEDOUT', 'The operation was aborted due to timeout'],
    ['stall-answer', 'network:ETIMEDOUT', 'The operation was aborted due to timeout'],
    ['reset-after-request', 'network:UND_ERR_SOCKET', 'fetch failed'],
    ['reset-mid-answer', 'network:UND_ERR_SOCKET', 'terminated'],
  ] as const)('Threema, server %s: %s "%s", ambiguous', async (behaviour, code, message) => {
    const error = await failure(threemaAt(url(behaviour)).sendSimple('KLIENT01', 'Termin morgen'));
    expect(error).toMatchObject({ code, ambiguous: true, retryable: true });
    expect(error.message).toBe(message);
  });

  it('a read that times out is a plain, retryable failure (nothing was asked of the provider)', async () => {
    const twilio = await failure(twilioAt(url('silent')).lookup!(sms, new Date()));
    expect(twilio).toMatchObject({
      code: 'network:ECONNABORTED',
      ambiguous: false,
      retryable: true,
    });
    const threema = await failure(threemaAt(url('silent')).credits());
    expect(threema).toMatchObject({ code: 'network:ETIMEDOUT', ambiguous: false, retryable: true });
  });
});

describe('a send that provably never left is a plain failure', () => {
  it('a refused connection: Twilio and Threema, retryable, not ambiguous', async () => {
    const closed = await closedPortUrl();
    const twilio = await failure(twilioAt(closed).send(sms));
    expect(twilio).toMatchObject({
      code: 'network:ECONNREFUSED',
      ambiguous: false,
      retryable: true,
    });
    expect(twilio.message).toMatch(/^connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    const threema = await failure(threemaAt(closed).sendSimple('KLIENT01', 'x'));
    expect(threema).toMatchObject({
      code: 'network:ECONNREFUSED',
      ambiguous: false,
      retryable: true,
    });
    expect(threema.message).toBe('fetch failed');
  });

  describe('a connection that never stands (SYNs dropped)', () => {
    let listener: Awaited<ReturnType<typeof startUnacceptingListener>>;
    beforeAll(async () => {
      listener = await startUnacceptingListener();
    });
    afterAll(() => listener.stop());

    it('Twilio: the same axios timeout, but the request was never flushed, so not ambiguous', async () => {
      const error = await failure(twilioAt(listener.url, 500).send(sms));
      expect(error).toMatchObject({
        code: 'network:ECONNABORTED',
        ambiguous: false,
        retryable: true,
      });
      expect(error.message).toBe('timeout of 500ms exceeded');
    });

    it('Threema: below undici’s 10 s connect timeout fetch cannot tell, so the timeout counts as ambiguous', async () => {
      const error = await failure(threemaAt(listener.url, 500).sendSimple('KLIENT01', 'x'));
      expect(error).toMatchObject({ code: 'network:ETIMEDOUT', ambiguous: true });
    });

    it('Threema: above it, undici reports UND_ERR_CONNECT_TIMEOUT, a plain retry', async () => {
      const started = Date.now();
      const error = await failure(threemaAt(listener.url, 15_000).sendSimple('KLIENT01', 'x'));
      expect(error).toMatchObject({
        code: 'network:UND_ERR_CONNECT_TIMEOUT',
        ambiguous: false,
        retryable: true,
      });
      expect(Date.now() - started).toBeLessThan(14_000);
    }, 20_000);
  });
});

describe('classification of failures not produced on loopback (their shape as Node raises them)', () => {
  const nodeError = (code: string, message: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error(message), { code, ...extra });
  const fetchFailed = (cause: Error) => Object.assign(new TypeError('fetch failed'), { cause });

  it.each([
    [
      'ENOTFOUND',
      nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND api.twilio.com', { syscall: 'getaddrinfo' }),
      'internal',
      false,
    ],
    [
      'EAI_AGAIN',
      nodeError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN api.twilio.com', { syscall: 'getaddrinfo' }),
      'network:EAI_AGAIN',
      true,
    ],
    [
      'UND_ERR_CONNECT_TIMEOUT',
      fetchFailed(nodeError('UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error')),
      'network:UND_ERR_CONNECT_TIMEOUT',
      true,
    ],
    [
      'a connect() ETIMEDOUT',
      nodeError('ETIMEDOUT', 'connect ETIMEDOUT 203.0.113.1:443', { syscall: 'connect' }),
      'network:ETIMEDOUT',
      true,
    ],
  ])('%s is not ambiguous', (_name, error, code, retryable) => {
    expect(networkError(error, { sends: true })).toMatchObject({
      code,
      ambiguous: false,
      retryable,
    });
  });

  it.each([
    ['EPIPE', nodeError('EPIPE', 'write EPIPE', { syscall: 'write' }), 'network:EPIPE'],
    [
      'UND_ERR_HEADERS_TIMEOUT',
      fetchFailed(nodeError('UND_ERR_HEADERS_TIMEOUT', 'Headers Timeout Error')),
      'network:UND_ERR_HEADERS_TIMEOUT',
    ],
    [
      'UND_ERR_BODY_TIMEOUT',
      Object.assign(new TypeError('terminated'), {
        cause: nodeError('UND_ERR_BODY_TIMEOUT', 'Body Timeout Error'),
      }),
      'network:UND_ERR_BODY_TIMEOUT',
    ],
    [
      'an AbortError',
      Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }),
      'network:ETIMEDOUT',
    ],
    ['an ETIMEDOUT without a syscall', nodeError('ETIMEDOUT', 'timeout'), 'network:ETIMEDOUT'],
  ])('%s during a send is ambiguous and retryable', (_name, error, code) => {
    expect(networkError(error, { sends: true })).toMatchObject({
      code,
      ambiguous: true,
      retryable: true,
    });
  });

  it('nothing is ambiguous unless the request asked for a send', () => {
    expect(networkError(nodeError('ECONNRESET', 'socket hang up'))).toMatchObject({
      code: 'network:ECONNRESET',
      ambiguous: false,
      retryable: true,
    });
    expect(networkError(new Error('bug'))).toMatchObject({
      code: 'internal',
      ambiguous: false,
      retryable: false,
    });
  });
});
