import request from 'supertest';
import { setEnv } from '../helpers/env';
import { FakeTwilio } from '../fakes/twilio-server';
import { messageRows } from '../helpers/messaging';
import { bootPlayground, registerSuperAdmin, type TestApp } from '../helpers/strapi';
import { runDispatchWorkers, startDispatchWorker } from '../helpers/workers';

/**
 * The outbox's promise, under the conditions a real installation meets:
 * every message is sent once, or ends in a state that says truthfully why
 * not. Two (or three) Strapi processes dispatch one database (whichever
 * DATABASE_CLIENT names), through the real Twilio SDK to a fake Twilio that
 * answers slowly.
 */
describe('the outbox keeps its promise under real conditions', () => {
  let app: TestApp;
  let token: string;
  let restoreEnv: () => void;
  const fakes: FakeTwilio[] = [];

  /** A fresh fake per test, so each one counts only its own requests; workers are pointed at it. */
  const fakeTwilio = async (latencyMs: number) => {
    const fake = await new FakeTwilio({ latencyMs }).start();
    fakes.push(fake);
    return fake;
  };

  const workerEnv = (fake: FakeTwilio, extra: Record<string, string | undefined> = {}) => ({
    ...process.env,
    ...fake.env(),
    MESSAGING_DISPATCHER: 'off',
    EMAIL_LOG: 'false',
    ...extra,
  });

  /** A bulk job of `count` SMS, as the bulk service writes it: one batch row, its messages queued. */
  async function queueBulk(label: string, count: number) {
    const batches = app.strapi.plugin('messaging').service('batches');
    const batch = await batches.create({
      practice: 'default',
      kind: 'bulk',
      channel: 'sms',
      text: label,
      params: {},
      total: count,
      createdByAdminId: null,
    });
    const drafts = Array.from({ length: count }, (_, n) => ({
      practice: 'default',
      kind: 'bulk' as const,
      channel: 'sms' as const,
      batchId: batch.id,
      idempotencyKey: `${label}:${n}`,
      recipient: `+49151${String(20_000_000 + n)}`,
      body: `${label} ${n}`,
      segments: 1,
      costTenthCents: 100,
    }));
    await app.strapi.plugin('messaging').service('outbox').enqueueMany(drafts);
    return batch.id as number;
  }

  const batchRow = (id: number) =>
    app.strapi.db
      .query('plugin::messaging.batch' as never)
      .findOne({ where: { id } }) as Promise<any>;

  beforeAll(async () => {
    restoreEnv = setEnv({
      MESSAGING_DISPATCHER: 'off',
      MESSAGING_SMS_PROVIDER: 'dry-run',
      EMAIL_LOG: 'false',
    });
    app = await bootPlayground();
    token = await registerSuperAdmin(app);
    await app.strapi
      .plugin('messaging')
      .service('settings')
      .update('default', { smsEnabled: true });
  });
  afterAll(async () => {
    await app?.stop();
    restoreEnv?.();
    for (const fake of fakes) await fake.stop();
  });

  it('sends every message of a 1,500 SMS bulk exactly once with two instances, the default lease, 5 SMS/s each and a provider answering after 200 ms', async () => {
    const MESSAGES = 1500;
    const twilio = await fakeTwilio(200);
    const batchId = await queueBulk('promise-rate', MESSAGES);
    const results = await runDispatchWorkers(
      2,
      workerEnv(twilio, { MESSAGING_RATE_SMS: '5', MESSAGING_LEASE_SECONDS: undefined })
    );

    expect(twilio.messages).toHaveLength(MESSAGES);
    const perTo = twilio.countBy((message) => message.to);
    expect(perTo.size).toBe(MESSAGES);
    expect([...perTo.values()].filter((count) => count !== 1)).toEqual([]);

    const rows = await messageRows(app, { batchId });
    const statuses = new Map<string, number>();
    for (const row of rows) statuses.set(row.status, (statuses.get(row.status) ?? 0) + 1);
    expect(Object.fromEntries(statuses)).toEqual({ sent: MESSAGES });
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
    // Both did part of the work, and neither took the other's rows away.
    expect(Math.min(...results.map((result) => result.sent))).toBeGreaterThan(0);
    expect(results.reduce((sum, result) => sum + result.sent, 0)).toBe(MESSAGES);

    // The dispatcher completed the job when its last row was final, before anyone asked.
    const batch = await batchRow(batchId);
    expect(batch.status).toBe('completed');
    expect(batch.finishedAt).not.toBeNull();
    // A finished job cannot be cancelled.
    const cancel = await request(app.http)
      .post(`/messaging/batches/${batchId}/cancel`)
      .set({ Authorization: `Bearer ${token}` });
    expect(cancel.status).toBe(409);
    expect((await batchRow(batchId)).status).toBe('completed');
  }, 420_000);

  it('loses and doubles nothing when one of two instances is killed with SIGKILL in the middle of a 600-message bulk and restarted', async () => {
    const MESSAGES = 600;
    const twilio = await fakeTwilio(100);
    const batchId = await queueBulk('promise-kill', MESSAGES);
    const env = workerEnv(twilio, {
      MESSAGING_RATE_SMS: '0',
      MESSAGING_CONCURRENCY_SMS: '4',
      // short, so the dead instance's rows come free within the test
      MESSAGING_LEASE_SECONDS: '4',
      MESSAGING_PROVIDER_TIMEOUT_MS: '2000',
      MESSAGING_RECONCILE_AFTER_SECONDS: '1',
    });
    const victim = startDispatchWorker(env, 'victim');
    const survivor = startDispatchWorker(env, 'survivor');
    await Promise.all([victim.ready, survivor.ready]);
    victim.go();
    survivor.go();
    // Kill the victim while it holds claimed rows and has requests in flight.
    const deadline = Date.now() + 60_000;
    while (twilio.received.length < MESSAGES / 4 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));
    victim.kill();
    const heldByVictim = await messageRows(app, {
      batchId,
      status: { $in: ['claimed', 'sending'] },
    });
    const restarted = startDispatchWorker(env, 'restarted');
    await restarted.ready;
    restarted.go();
    const results = await Promise.all([survivor.done, restarted.done]);

    // The kill happened mid-run: the dead process held rows.
    expect(heldByVictim.length).toBeGreaterThan(0);
    // 0 lost, 0 sent twice.
    const perTo = twilio.countBy((message) => message.to);
    expect(perTo.size).toBe(MESSAGES);
    expect([...perTo.values()].filter((count) => count !== 1)).toEqual([]);
    const rows = await messageRows(app, { batchId });
    // needs-review only where the request had been written (the fake saw it); all others sent
    const written = new Set(twilio.received.map((entry) => entry.to));
    const needsReview = rows.filter((row) => row.status === 'needs-review');
    expect(needsReview.filter((row) => !written.has(row.recipient))).toEqual([]);
    expect(rows.filter((row) => row.status !== 'needs-review' && row.status !== 'sent')).toEqual(
      []
    );
    expect(rows.filter((row) => row.status === 'sent')).toHaveLength(MESSAGES - needsReview.length);
    // Twilio can be asked, so none of them needs a person: in-flight rows were found, claimed ones given back.
    expect(needsReview).toEqual([]);
    const settled = results.reduce((sum, result) => sum + result.released + result.reconciled, 0);
    expect(settled).toBeGreaterThan(0);
    expect((await batchRow(batchId)).status).toBe('completed');
  }, 180_000);

  it('stops a running 300-message job for good: nothing of it is handed to the provider after the cancel is answered, and its counts add up', async () => {
    const MESSAGES = 300;
    const twilio = await fakeTwilio(300);
    const batchId = await queueBulk('promise-cancel', MESSAGES);
    const env = workerEnv(twilio, { MESSAGING_RATE_SMS: '0', MESSAGING_CONCURRENCY_SMS: '4' });
    const workers = [startDispatchWorker(env, 'a'), startDispatchWorker(env, 'b')];
    await Promise.all(workers.map((worker) => worker.ready));
    workers.forEach((worker) => worker.go());
    const deadline = Date.now() + 60_000;
    while (twilio.received.length < 40 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));

    const answer = await request(app.http)
      .post(`/messaging/batches/${batchId}/cancel`)
      .set({ Authorization: `Bearer ${token}` });
    const answeredAt = Date.now();
    expect(answer.status).toBe(200);
    expect(answer.body.data.status).toBe('cancelled');
    await Promise.all(workers.map((worker) => worker.done));

    const rows = await messageRows(app, { batchId });
    // A request already on its way when the cancel commits may still arrive after the answer (a loaded
    // machine delays it): only those, at most one per lane in flight, and every one handed over before.
    const late = twilio.received.filter((entry) => entry.arrivedAt > answeredAt);
    const rowOf = new Map(rows.map((row) => [row.recipient, row]));
    const handedOverLate = late.filter((entry) => {
      const row = rowOf.get(entry.to);
      return (
        !row ||
        row.status !== 'sent' ||
        !row.handedOverAt ||
        new Date(row.handedOverAt).getTime() > answeredAt
      );
    });
    expect(handedOverLate).toEqual([]);
    expect(late.length).toBeLessThanOrEqual(2 * 4);
    const sent = rows.filter((row) => row.status === 'sent');
    const cancelled = rows.filter((row) => row.status === 'cancelled');
    expect(sent.length).toBeGreaterThan(0);
    expect(cancelled.length).toBeGreaterThan(0);
    expect(sent.length + cancelled.length).toBe(MESSAGES);
    expect(twilio.messages).toHaveLength(sent.length);

    const progress = await request(app.http)
      .get(`/messaging/batches/${batchId}`)
      .set({ Authorization: `Bearer ${token}` });
    expect(progress.status).toBe(200);
    expect(progress.body.data).toMatchObject({
      status: 'cancelled',
      total: MESSAGES,
      sent: sent.length,
      cancelled: cancelled.length,
      queued: 0,
      sending: 0,
      failed: 0,
    });
    // The dispatcher does not turn a cancelled job into a completed one, and a second cancel is refused.
    expect((await batchRow(batchId)).status).toBe('cancelled');
    const again = await request(app.http)
      .post(`/messaging/batches/${batchId}/cancel`)
      .set({ Authorization: `Bearer ${token}` });
    expect(again.status).toBe(409);
  }, 180_000);
});
