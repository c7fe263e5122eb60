import twilio from 'twilio';
import { FakeTwilio } from '../../fakes/twilio-server';
import {
  createTwilioSms,
  LOOKUP_CLOCK_SKEW_MS,
} from '../../../server/src/outbox/providers/twilio-sms';
import type { OutgoingMessage, ProviderError } from '../../../server/src/outbox/providers/types';

let numbers = 0;
/** A number of its own for each test, so lookups never see another test's messages. */
const freshNumber = () => `+49151000${String((numbers += 1)).padStart(5, '0')}`;
const sms = (to: string, body = 'Ihr Termin am Montag um 9:00 Uhr'): OutgoingMessage => ({
  id: 1,
  channel: 'sms',
  to,
  body,
});

describe('Twilio lookup of a message (official SDK against the local fake)', () => {
  const fake = new FakeTwilio();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  afterEach(async () => {
    await fake.idle();
    fake.maxPageSize = 1000;
    fake.holdInQueue = false;
    fake.faults.length = 0;
    fake.listFaults.length = 0;
  });

  const provider = (timeoutMs = 2000) =>
    createTwilioSms({
      accountSid: fake.accountSid,
      authToken: fake.authToken,
      from: 'Praxis',
      apiBaseUrl: fake.url,
      timeoutMs,
    });
  const sdk = () => {
    const client = twilio(fake.accountSid, fake.authToken, { autoRetry: false });
    client.api.baseUrl = fake.url;
    return client;
  };

  it('finds the message Twilio accepted after the client had timed out, with its sid', async () => {
    const to = freshNumber();
    fake.faults.push({ kind: 'accept-late', ms: 800 });
    const started = new Date();
    const error = (await provider(300)
      .send(sms(to))
      .catch((e) => e)) as ProviderError;
    expect(error).toMatchObject({
      name: 'ProviderError',
      code: 'network:ECONNABORTED',
      ambiguous: true,
    });
    // The request reached Twilio, but at this moment Twilio is still "creating" the message:
    // a lookup straight after the timeout finds nothing, which is why the dispatcher waits.
    expect(fake.received.filter((r) => r.to === to)).toEqual([
      expect.objectContaining({ to, body: sms(to).body, arrivedAt: expect.any(Number) }),
    ]);
    expect(await provider().lookup!(sms(to), started)).toEqual({ found: [] });

    await fake.idle();
    const [accepted] = fake.messages.filter((m) => m.to === to);
    expect(accepted).toBeDefined();
    expect(await provider().lookup!(sms(to), started)).toEqual({
      found: [
        {
          providerMessageId: accepted.sid,
          status: 'sent',
          segments: 1,
          createdAt: expect.any(Date),
        },
      ],
    });
  });

  it('finds a just-accepted message whose date_sent is still null, which a DateSent filter would hide', async () => {
    const to = freshNumber();
    fake.holdInQueue = true;
    const started = new Date();
    const { providerMessageId } = await provider().send(sms(to));

    const windowStart = new Date(started.getTime() - LOOKUP_CLOCK_SKEW_MS);
    expect(await sdk().messages.list({ to, dateSentAfter: windowStart })).toEqual([]);
    expect(fake.listRequests.at(-1)).toContain(
      `DateSent%3E=${encodeURIComponent(windowStart.toISOString().replace(/\.\d{3}Z$/, 'Z'))}`
    );

    const { found } = await provider().lookup!(sms(to), started);
    expect(found).toEqual([expect.objectContaining({ providerMessageId, status: 'sent' })]);
    // the provider's query: To only, no date filter
    const query = new URL(fake.listRequests.at(-1)!, fake.url).searchParams;
    expect([...query.keys()].sort()).toEqual(['PageSize', 'To']);
    expect(query.get('To')).toBe(to);

    fake.releaseQueue();
    expect(
      (await sdk().messages.list({ to, dateSentAfter: windowStart })).map((m) => m.sid)
    ).toEqual([providerMessageId]);
  });

  it('finds nothing for another body, another To, or a message older than the window', async () => {
    const to = freshNumber();
    const { providerMessageId } = await provider().send(sms(to));
    const sentAt = Date.now();
    expect(
      await provider().lookup!(sms(to, 'Ihr Termin am Montag um 9:30 Uhr'), new Date(sentAt - 1000))
    ).toEqual({ found: [] });
    expect(await provider().lookup!(sms(freshNumber()), new Date(sentAt - 1000))).toEqual({
      found: [],
    });
    // Twilio's dates have whole seconds; 5 s either side of the skew allowance is clear of that.
    expect(
      await provider().lookup!(sms(to), new Date(sentAt + LOOKUP_CLOCK_SKEW_MS + 5000))
    ).toEqual({ found: [] });
    const skewed = await provider().lookup!(
      sms(to),
      new Date(sentAt + LOOKUP_CLOCK_SKEW_MS - 5000)
    );
    expect(skewed.found.map((f) => f.providerMessageId)).toEqual([providerMessageId]);
  });

  it('follows next_page_uri across pages and returns every match, oldest first', async () => {
    const to = freshNumber();
    const body = 'Erinnerung: Impftermin';
    const started = new Date(Date.now() - 1000);
    const sids: string[] = [];
    for (const text of [body, 'Anderer Text', body, 'Noch einer', body]) {
      const { providerMessageId } = await provider().send(sms(to, text));
      if (text === body) sids.push(providerMessageId);
    }
    await provider().send(sms(freshNumber(), body));
    fake.maxPageSize = 2;
    const listsBefore = fake.listRequests.length;

    const { found } = await provider().lookup!(sms(to, body), started);
    expect(found.map((f) => f.providerMessageId)).toEqual(sids);
    const lists = fake.listRequests
      .slice(listsBefore)
      .map((uri) => new URL(uri, fake.url).searchParams);
    expect(lists).toHaveLength(3);
    expect(lists.map((q) => q.get('Page'))).toEqual([null, '1', '2']);
    expect(
      lists.slice(1).every((q) => q.get('PageToken')?.startsWith('PASM') && q.get('To') === to)
    ).toBe(true);
  });

  it('gives up, not retryable, rather than claim absence when the history has more pages than it reads', async () => {
    const to = freshNumber();
    for (let i = 0; i < 21; i += 1) await provider().send(sms(to, `Nachricht ${i}`));
    fake.maxPageSize = 1;
    const error = (await provider().lookup!(
      sms(to, 'Nachricht 0'),
      new Date(Date.now() - 60_000)
    ).catch((e) => e)) as ProviderError;
    expect(error).toMatchObject({
      name: 'ProviderError',
      code: 'twilio:lookup-incomplete',
      retryable: false,
      ambiguous: false,
    });
  });

  it.each([
    [{ kind: 'http', status: 503 }, 'twilio:503', true],
    [{ kind: 'http', status: 500, code: 20500 }, 'twilio:500', true],
    [{ kind: 'http', status: 429, code: 20429, retryAfter: '5' }, 'twilio:20429', true],
    [{ kind: 'destroy' }, 'network:ECONNRESET', true],
    [{ kind: 'http', status: 401, code: 20003 }, 'twilio:20003', false],
  ] as const)(
    'a failing list call (%j) throws %s, retryable %s, never ambiguous',
    async (fault, code, retryable) => {
      fake.listFaults.push(fault);
      const sentBefore = fake.received.length;
      const error = (await provider().lookup!(sms(freshNumber()), new Date()).catch(
        (e) => e
      )) as ProviderError;
      expect(error).toMatchObject({ name: 'ProviderError', code, retryable, ambiguous: false });
      if ('retryAfter' in fault) expect(error.retryAfterMs).toBe(5000);
      expect(fake.received.length).toBe(sentBefore); // a lookup never sends
    }
  );
});
