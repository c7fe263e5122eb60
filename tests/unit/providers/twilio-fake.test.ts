import twilio from 'twilio';
import { FakeTwilio } from '../../fakes/twilio-server';

describe('the fake Twilio’s Messages list', () => {
  const fake = new FakeTwilio();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  const auth = () => ({
    authorization: `Basic ${Buffer.from(`${fake.accountSid}:${fake.authToken}`).toString('base64')}`,
  });
  const listUri = (query: Record<string, string> = {}) =>
    `${fake.url}/2010-04-01/Accounts/${fake.accountSid}/Messages.json?${new URLSearchParams(query)}`;
  const send = async (To: string, Body: string) => {
    const response = await fetch(
      `${fake.url}/2010-04-01/Accounts/${fake.accountSid}/Messages.json`,
      {
        method: 'POST',
        headers: { ...auth(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ To, Body, From: 'Praxis' }),
      }
    );
    return ((await response.json()) as { sid: string }).sid;
  };

  it('answers in Twilio’s list shape, newest first, paged, with Basic auth', async () => {
    const to = '+4915200000001';
    const first = await send(to, 'eins');
    const second = await send(to, 'zwei');
    const third = await send(to, 'drei');
    await send('+4915200000002', 'andere Nummer');

    expect((await fetch(listUri({ To: to }))).status).toBe(401);
    const page0: any = await (
      await fetch(listUri({ To: to, PageSize: '2' }), { headers: auth() })
    ).json();
    expect(Object.keys(page0).sort()).toEqual(
      [
        'end',
        'first_page_uri',
        'messages',
        'next_page_uri',
        'page',
        'page_size',
        'previous_page_uri',
        'start',
        'uri',
      ].sort()
    );
    expect(page0).toMatchObject({
      page: 0,
      page_size: 2,
      start: 0,
      end: 1,
      previous_page_uri: null,
    });
    expect(page0.messages.map((m: any) => m.sid)).toEqual([third, second]);
    expect(page0.messages[0]).toMatchObject({
      to,
      body: 'drei',
      status: 'sent',
      direction: 'outbound-api',
      num_segments: '1',
    });
    expect(page0.messages[0].date_created).toMatch(
      /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/
    );
    expect(page0.messages[0].date_sent).toBe(page0.messages[0].date_created);

    const page1: any = await (
      await fetch(`${fake.url}${page0.next_page_uri}`, { headers: auth() })
    ).json();
    expect(page1).toMatchObject({ page: 1, start: 2, end: 2, next_page_uri: null });
    expect(page1.previous_page_uri).toContain('Page=0');
    expect(page1.messages.map((m: any) => m.sid)).toEqual([first]);
  });

  it('filters From and the DateSent family as twilio-node sends them; queued messages (date_sent null) match no date filter', async () => {
    const to = '+4915200000003';
    const client = twilio(fake.accountSid, fake.authToken, { autoRetry: false });
    client.api.baseUrl = fake.url;
    const sent = await send(to, 'gesendet');
    fake.holdInQueue = true;
    const queued = await send(to, 'wartet');
    fake.holdInQueue = false;
    const hourAgo = new Date(Date.now() - 3600_000);
    const inAnHour = new Date(Date.now() + 3600_000);

    expect((await client.messages.list({ to })).map((m) => m.sid)).toEqual([queued, sent]);
    expect((await client.messages.list({ to, dateSentAfter: hourAgo })).map((m) => m.sid)).toEqual([
      sent,
    ]);
    expect((await client.messages.list({ to, dateSentAfter: inAnHour })).map((m) => m.sid)).toEqual(
      []
    );
    expect(
      (await client.messages.list({ to, dateSentBefore: inAnHour })).map((m) => m.sid)
    ).toEqual([sent]);
    expect((await client.messages.list({ to, from: 'Praxis' })).map((m) => m.sid)).toEqual([
      queued,
      sent,
    ]);
    expect((await client.messages.list({ to, from: 'Andere' })).map((m) => m.sid)).toEqual([]);
    const queuedMessage = (await client.messages.list({ to }))[0];
    expect(queuedMessage).toMatchObject({ status: 'queued', dateSent: null });
    const day = new Date().toISOString().slice(0, 10);
    const byDay: any = await (
      await fetch(listUri({ To: to, DateSent: day }), { headers: auth() })
    ).json();
    expect(byDay.messages.map((m: any) => m.sid)).toEqual([sent]);
  });

  it('records every complete request it read, also those it never accepted, here and on /__fake/messages', async () => {
    fake.faults.push({ kind: 'destroy' });
    await send('+4915200000004', 'abgebrochen').catch(() => undefined);
    expect(fake.messages.some((m) => m.to === '+4915200000004')).toBe(false);
    expect(fake.received.at(-1)).toEqual({
      to: '+4915200000004',
      body: 'abgebrochen',
      statusCallback: null,
      arrivedAt: expect.any(Number),
    });
    const snapshot: any = await (await fetch(`${fake.url}/__fake/messages`)).json();
    expect(snapshot.received.at(-1)).toMatchObject({ to: '+4915200000004', body: 'abgebrochen' });
    expect(snapshot.messages.length).toBe(fake.messages.length);
  });
});
