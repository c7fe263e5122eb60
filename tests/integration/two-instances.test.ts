import { setEnv } from '../helpers/env';
import { FakeTwilio } from '../fakes/twilio-server';
import { messageRows } from '../helpers/messaging';
import { bootPlayground, type TestApp } from '../helpers/strapi';
import { runBillingWorkers, runDispatchWorkers } from '../helpers/workers';

/**
 * Two Strapi processes dispatch one outbox on one database (whichever
 * DATABASE_CLIENT names; on PostgreSQL and MariaDB the claim uses FOR UPDATE
 * SKIP LOCKED). Every message must reach the provider exactly once.
 */
describe('two Strapi instances share the outbox', () => {
  const MESSAGES = 2000;
  const twilio = new FakeTwilio({ latencyMs: 15 });
  let app: TestApp;
  let restoreEnv: () => void;

  beforeAll(async () => {
    await twilio.start();
    restoreEnv = setEnv({
      ...twilio.env(),
      MESSAGING_DISPATCHER: 'off',
      MESSAGING_RATE_SMS: '0',
      MESSAGING_CONCURRENCY_SMS: '4',
      MESSAGING_DISPATCH_BATCH: '25',
      EMAIL_LOG: 'false',
      // 2,000 SMS = 199.50 EUR after the free units: crosses a 150 EUR threshold exactly once
      MESSAGING_INTERIM_THRESHOLD_TENTH_CENTS: '150000',
    });
    app = await bootPlayground();
    await app.strapi
      .plugin('messaging')
      .service('settings')
      .update('default', { smsEnabled: true });
    const drafts = Array.from({ length: MESSAGES }, (_, n) => ({
      practice: 'default',
      kind: 'bulk' as const,
      channel: 'sms' as const,
      idempotencyKey: `two-instances:${n}`,
      recipient: `+49151${String(10_000_000 + n)}`,
      body: `Nachricht ${n}`,
      segments: 1,
      costTenthCents: 100,
    }));
    await app.strapi.plugin('messaging').service('outbox').enqueue(drafts);
  });
  afterAll(async () => {
    await app?.stop();
    restoreEnv?.();
    await twilio.stop();
  });

  it(`sends each of ${MESSAGES} queued messages exactly once`, async () => {
    const results = await runDispatchWorkers(2);

    expect(twilio.messages).toHaveLength(MESSAGES);
    const perBody = twilio.countBy((message) => message.body);
    expect(perBody.size).toBe(MESSAGES);
    expect([...perBody.values()].every((count) => count === 1)).toBe(true);

    const rows = await messageRows(app, { kind: 'bulk' });
    expect(rows.filter((row) => row.status === 'sent')).toHaveLength(MESSAGES);
    expect(new Set(rows.map((row) => row.providerMessageId)).size).toBe(MESSAGES);
    expect(rows.every((row) => row.attempts === 1)).toBe(true);

    // Both instances did part of the work.
    expect(results.map((result) => result.sent).reduce((a, b) => a + b, 0)).toBe(MESSAGES);
    expect(Math.min(...results.map((result) => result.sent))).toBeGreaterThan(0);
  });

  it('charges each message once, hands out exactly the 5 free units and issues one interim invoice, though both bill at once', async () => {
    // Both processes ran a billing pass after each of their ticks, at the same
    // time as the other one was recording sends and billing.
    const charges = (await app.strapi.db
      .query('plugin::messaging.charge' as never)
      .findMany({ where: { practice: 'default' } })) as any[];
    expect(charges).toHaveLength(MESSAGES);
    expect(new Set(charges.map((charge) => charge.messageId)).size).toBe(MESSAGES);
    expect(charges.reduce((sum, charge) => sum + charge.freeUnits, 0)).toBe(5);
    const rows = await messageRows(app, { kind: 'bulk' });
    expect(rows.every((row) => row.chargeState === 'charged')).toBe(true);

    const invoices = (await app.strapi.db
      .query('plugin::messaging.invoice' as never)
      .findMany({ where: { practice: 'default' } })) as any[];
    expect(invoices.map((invoice) => invoice.kind)).toEqual(['interim']);
    const [interim] = invoices;
    expect(interim.totalTenthCents).toBeGreaterThan(150000);
    const onInvoice = charges.filter((charge) => charge.invoiceId === interim.id);
    expect(onInvoice.reduce((sum, charge) => sum + charge.amountTenthCents, 0)).toBe(
      interim.totalTenthCents
    );
    expect(onInvoice).toHaveLength(interim.chargeCount);
    // the rest waits for the regular invoice: nothing left out, nothing twice
    const rest = charges.filter((charge) => charge.invoiceId === null);
    expect(rest.length + onInvoice.length).toBe(MESSAGES);
    expect(
      rest.reduce((sum, charge) => sum + charge.amountTenthCents, 0) + interim.totalTenthCents
    ).toBe((MESSAGES - 5) * 100);
  });

  it('gives every month exactly its free units while two processes bill the same practice back to back', async () => {
    // Sends keep arriving while both processes run billing passes; their
    // acceptance times are scattered over 48 months (ahead of today, so no
    // period closes) and out of order, so each month's free quota is a race
    // of its own. Without the billing lock a pass prices sends the other
    // pass has not committed yet, and months end up with more free units.
    const practice = 'race';
    const MONTHS = 48;
    const BATCHES = 30;
    const PER_BATCH = 40;
    const knex = app.strapi.db.connection;
    const name = (uid: string) => app.strapi.db.metadata.get(uid as never).tableName;
    const firstMonth = new Date();
    let serial = 0;
    const results = await runBillingWorkers(
      2,
      practice,
      async () => {
        for (let batch = 0; batch < BATCHES; batch += 1) {
          const rows = Array.from({ length: PER_BATCH }, () => {
            serial += 1;
            const sentAt = new Date(
              Date.UTC(
                firstMonth.getUTCFullYear() + 1,
                (serial * 7) % MONTHS,
                1 + ((serial * 13) % 27),
                (serial * 5) % 24
              )
            );
            const now = new Date();
            return {
              document_id: `race${String(serial).padStart(20, '0')}`,
              practice,
              kind: 'manual',
              channel: 'sms',
              status: 'sent',
              idempotency_key: `race:${serial}`,
              recipient: '+4915112345678',
              body: 'x',
              segments: 1,
              attempts: 1,
              provider: 'twilio',
              provider_message_id: `race-${serial}`,
              history: '[]',
              charge_state: 'pending',
              sent_at: sentAt,
              created_at: now,
              updated_at: now,
              published_at: now,
            };
          });
          await knex(name('plugin::messaging.message')).insert(rows);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        // Both keep billing until the last send is charged (bounded): on a loaded machine the inserts
        // can be over before a worker's second pass, which would make this no race at all.
        for (let waited = 0; waited < 60_000; waited += 250) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          const pending = await knex(name('plugin::messaging.message'))
            .where({ practice, charge_state: 'pending' })
            .count({ n: '*' });
          if (Number(pending[0].n) === 0) break;
        }
      },
      { MESSAGING_INTERIM_THRESHOLD_TENTH_CENTS: '20000' }
    ); // 96 EUR billed in all: several interim invoices
    const total = BATCHES * PER_BATCH;
    expect(Math.min(...results.map((result) => result.passes))).toBeGreaterThan(2);

    const charges = (await app.strapi.db
      .query('plugin::messaging.charge' as never)
      .findMany({ where: { practice } })) as any[];
    expect(charges).toHaveLength(total);
    const perMonth = new Map<string, { units: number; free: number }>();
    for (const charge of charges) {
      const entry = perMonth.get(charge.month) ?? { units: 0, free: 0 };
      entry.units += charge.units;
      entry.free += charge.freeUnits;
      perMonth.set(charge.month, entry);
    }
    expect(perMonth.size).toBe(MONTHS);
    const wrong = [...perMonth.entries()].filter(
      ([, entry]) => entry.free !== Math.min(5, entry.units)
    );
    expect(wrong).toEqual([]);
    // and between them the two processes priced each send once
    expect(results.reduce((sum, result) => sum + result.charged, 0)).toBe(total);

    // interim invoices: each over the threshold, together exactly the invoiced charges
    const invoices = (await app.strapi.db
      .query('plugin::messaging.invoice' as never)
      .findMany({ where: { practice } })) as any[];
    expect(invoices.length).toBeGreaterThan(0);
    expect(
      invoices.every((invoice) => invoice.kind === 'interim' && invoice.totalTenthCents > 20000)
    ).toBe(true);
    const invoiced = charges.filter((charge) => charge.invoiceId !== null);
    expect(invoices.reduce((sum, invoice) => sum + invoice.totalTenthCents, 0)).toBe(
      invoiced.reduce((sum, charge) => sum + charge.amountTenthCents, 0)
    );
    expect(
      charges
        .filter((charge) => charge.invoiceId === null)
        .reduce((sum, charge) => sum + charge.amountTenthCents, 0)
    ).toBeLessThanOrEqual(20000);
  });
});
