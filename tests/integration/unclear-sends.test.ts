import request from 'supertest';
import { bootWithFakes, type FakedPlayground } from '../helpers/with-fakes';
import { enableChannels, makeDue, messageRows, tick } from '../helpers/messaging';
import type { TestApp } from '../helpers/strapi';

/**
 * Sends whose outcome is unknown (a timeout or a dropped connection after
 * the request was written) are never retried blindly: Twilio is asked
 * (the Messages list, matched on number and body), the Threema Gateway
 * cannot be, so such a Threema message waits for a person.
 */
describe('ambiguous sends are reconciled, not repeated', () => {
  let faked: FakedPlayground;
  let app: TestApp;
  let twilio: FakedPlayground['twilio'];
  let threema: FakedPlayground['threema'];
  const send = (body: Record<string, unknown>) =>
    request(app.http).post('/messaging/messages').set(faked.auth()).send(body);

  /** Ticks until the row is in one of `statuses` (a check becomes due reconcileAfterSeconds after the timeout). */
  async function tickUntil(id: number, statuses: string[], timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await tick(app);
      const [row] = await messageRows(app, { id });
      if (statuses.includes(row.status) || Date.now() > deadline) return row;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    faked = await bootWithFakes({
      MESSAGING_PROVIDER_TIMEOUT_MS: '500',
      MESSAGING_RECONCILE_AFTER_SECONDS: '1',
      MESSAGING_MAX_LOOKUPS: '2',
      MESSAGING_RETRY_BASE_MS: '100',
    });
    ({ app, twilio, threema } = faked);
    await enableChannels(app, faked.token);
  });
  afterAll(async () => faked?.stop());

  it('sends exactly one SMS when Twilio accepts after the timeout: the lookup finds it and records it as sent', async () => {
    twilio.faults.push({ kind: 'accept-late', ms: 900 });
    const to = '+4915112300001';
    const id = (await send({ channel: 'sms', to, body: 'Spät, aber angekommen' })).body.data.id;

    await tick(app);
    const [unclear] = await messageRows(app, { id });
    expect(unclear.status).toBe('checking');
    expect(unclear.errorCode).toMatch(/^network:(ECONNABORTED|ETIMEDOUT)$/);
    // not looked up before Twilio had its time (timeout + reconcileAfterSeconds after the hand-over)
    expect(new Date(unclear.sendAfter).getTime()).toBeGreaterThanOrEqual(
      new Date(unclear.handedOverAt).getTime() + 1500
    );

    const row = await tickUntil(id, ['sent', 'queued', 'failed', 'needs-review']);
    await twilio.idle();
    const accepted = twilio.messages.filter((message) => message.to === to);
    expect(accepted).toHaveLength(1);
    expect(row).toMatchObject({ status: 'sent', providerMessageId: accepted[0].sid, attempts: 1 });
    expect(['pending', 'charged']).toContain(row.chargeState);
    expect(row.history.map((entry: { status: string }) => entry.status)).toEqual([
      'queued',
      'checking',
      'sent',
    ]);
    // more ticks send nothing more, and the ledger charges it once
    await tick(app);
    expect(twilio.received.filter((entry) => entry.to === to)).toHaveLength(1);
    await app.strapi.plugin('messaging').service('billing').run();
    const charges = (await app.strapi.db
      .query('plugin::messaging.charge' as never)
      .findMany({ where: { messageId: id } })) as unknown[];
    expect(charges).toHaveLength(1);
  });

  it('sends again only when Twilio provably has no such message (the connection dropped before it was created)', async () => {
    twilio.faults.push({ kind: 'destroy' });
    const to = '+4915112300002';
    const id = (await send({ channel: 'sms', to, body: 'Verbindung weg' })).body.data.id;
    await tick(app);
    expect((await messageRows(app, { id }))[0]).toMatchObject({
      status: 'checking',
      errorCode: expect.stringMatching(/^network:(ECONNRESET|EPIPE)$/),
    });

    const row = await tickUntil(id, ['sent', 'failed', 'needs-review']);
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(twilio.received.filter((entry) => entry.to === to)).toHaveLength(2);
    expect(twilio.messages.filter((message) => message.to === to)).toHaveLength(1);
  });

  it('asks again when the lookup itself fails, and hands the message to a person after maxLookups failures, never sending it again', async () => {
    twilio.faults.push({ kind: 'hang', ms: 800 });
    twilio.listFaults.push({ kind: 'http', status: 503 }, { kind: 'http', status: 503 });
    const to = '+4915112300003';
    const id = (await send({ channel: 'sms', to, body: 'Niemand weiß es' })).body.data.id;
    await tick(app);
    expect((await messageRows(app, { id }))[0].status).toBe('checking');
    await makeDue(app, id);
    await tick(app);
    const [afterOne] = await messageRows(app, { id });
    expect(afterOne.status).toBe('checking');
    expect(afterOne.meta.lookups).toBe(1);
    await makeDue(app, id);
    await tick(app);
    const [row] = await messageRows(app, { id });
    expect(row).toMatchObject({ status: 'needs-review', errorCode: 'lookup-failed' });
    expect(twilio.received.filter((entry) => entry.to === to)).toHaveLength(1);

    const detail = await request(app.http)
      .get(`/messaging/messages/${id}`)
      .set(faked.auth())
      .expect(200);
    expect(detail.body.data.reason.en).toContain('could not be asked');
    expect(detail.body.data.reason.de).toContain('Bitte prüfen');
  });

  it('lets the delivery report settle a check: the status callback carries the message id', async () => {
    twilio.faults.push({ kind: 'accept-late', ms: 700 });
    const to = '+4915112300004';
    const id = (await send({ channel: 'sms', to, body: 'Der Bericht kommt zuerst' })).body.data.id;
    await tick(app);
    expect((await messageRows(app, { id }))[0].status).toBe('checking');
    await twilio.idle();
    const [accepted] = twilio.messages.filter((message) => message.to === to);
    const callback = twilio.statusCallback(accepted.sid, 'delivered');
    await request(app.http)
      .post(callback.path)
      .set('X-Twilio-Signature', callback.signature)
      .type('form')
      .send(callback.params)
      .expect(204);
    const [row] = await messageRows(app, { id });
    expect(row).toMatchObject({
      status: 'delivered',
      providerMessageId: accepted.sid,
      chargeState: 'pending',
    });
    await makeDue(app, id);
    await tick(app);
    expect(twilio.received.filter((entry) => entry.to === to)).toHaveLength(1);
  });

  it('makes an unanswered Threema send needs-review at once (the gateway cannot be asked) and never sends it twice', async () => {
    // first a message that goes through, so the client's public key is cached and the fault hits the send itself
    const warmUp = (await send({ channel: 'threema', to: 'KLIENT02', body: 'Threema spricht' }))
      .body.data.id;
    await tick(app);
    expect((await messageRows(app, { id: warmUp }))[0].status).toBe('sent');
    threema.faults.push({ hang: 900 });
    const id = (await send({ channel: 'threema', to: 'KLIENT02', body: 'Threema schweigt' })).body
      .data.id;
    const before = threema.messages.length;
    await tick(app);
    await new Promise((resolve) => setTimeout(resolve, 600));
    await tick(app);
    const [row] = await messageRows(app, { id });
    expect(row).toMatchObject({
      status: 'needs-review',
      errorCode: 'unclear-outcome',
      attempts: 1,
    });
    expect(threema.messages.length - before).toBeLessThanOrEqual(1);
    const detail = await request(app.http)
      .get(`/messaging/messages/${id}`)
      .set(faked.auth())
      .expect(200);
    expect(detail.body.data.reason.en).toContain('cannot be looked up');
  });

  it('retries a refused connection as a plain retry: nothing was written, nothing to look up', async () => {
    const port = Number(new URL(twilio.url).port);
    await twilio.stop();
    try {
      const id = (await send({ channel: 'sms', to: '+4915112300005', body: 'Niemand zu Hause' }))
        .body.data.id;
      await tick(app);
      const [row] = await messageRows(app, { id });
      expect(row).toMatchObject({
        status: 'queued',
        errorCode: 'network:ECONNREFUSED',
        attempts: 1,
      });
    } finally {
      await twilio.start(port);
    }
  });
});
