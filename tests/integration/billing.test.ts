import http from 'http';
import type { AddressInfo } from 'net';
import request from 'supertest';
import { mailbox } from '../helpers/env';
import { bootWithFakes, type FakedPlayground } from '../helpers/with-fakes';
import { enableChannels, messageRows, tick } from '../helpers/messaging';
import { adminWithPermissions, type TestApp } from '../helpers/strapi';

/**
 * The usage ledger and invoices on a real database: charges written for
 * what the providers accepted, free units per channel and Berlin month,
 * regular invoices at period end, interim invoices above the threshold,
 * and the read API.
 */
describe('usage ledger and invoices', () => {
  let faked: FakedPlayground;
  let app: TestApp;
  const CHARGE = 'plugin::messaging.charge';
  const INVOICE = 'plugin::messaging.invoice';
  let sequence = 0;

  const billing = () => app.strapi.plugin('messaging').service('billing');
  const run = (now: string) => billing().run(new Date(now));
  const charges = (practice: string) =>
    app.strapi.db
      .query(CHARGE as never)
      .findMany({ where: { practice }, orderBy: { id: 'asc' } }) as Promise<any[]>;
  const invoices = (practice: string) =>
    app.strapi.db
      .query(INVOICE as never)
      .findMany({ where: { practice }, orderBy: { id: 'asc' } }) as Promise<any[]>;
  const api = (path: string) => request(app.http).get(`/messaging${path}`).set(faked.auth());

  /** Sends a provider accepted at the given instants (what the dispatcher leaves behind: sent, "pending" for the ledger). */
  async function acceptedSends(
    practice: string,
    channel: 'sms' | 'threema',
    sentAt: string[],
    segments = 1
  ) {
    const drafts = sentAt.map(() => ({
      practice,
      kind: 'manual' as const,
      channel,
      idempotencyKey: `billing-test:${++sequence}`,
      recipient: channel === 'sms' ? '+4915112345678' : 'ECHOECHO',
      body: 'Test',
      segments,
    }));
    const rows = await app.strapi.plugin('messaging').service('outbox').enqueue(drafts);
    const knex = app.strapi.db.connection;
    const table = app.strapi.db.metadata.get('plugin::messaging.message' as never).tableName;
    for (const [n, row] of rows.entries()) {
      await knex(table)
        .where({ id: row.id })
        .update({
          status: 'sent',
          sent_at: new Date(sentAt[n]),
          provider: channel === 'sms' ? 'twilio' : 'threema',
          provider_message_id: `fixture-${row.id}`,
          charge_state: 'pending',
        });
    }
    return rows.map((row: { id: number }) => row.id);
  }
  const times = (count: number, iso: string) => Array.from({ length: count }, () => iso);

  beforeAll(async () => {
    faked = await bootWithFakes();
    app = faked.app;
    await enableChannels(app, faked.token);
  });
  afterAll(async () => faked?.stop());

  it('charges what the providers accepted: SMS per segment, Threema per message, e-mail never; no text, no number', async () => {
    const send = (body: Record<string, unknown>) =>
      request(app.http).post('/messaging/messages').set(faked.auth()).send(body).expect(201);
    const sms = await send({ channel: 'sms', to: '+4915112345678', body: 'a'.repeat(307) });
    const threema = await send({ channel: 'threema', to: 'ECHOECHO', body: 'b'.repeat(900) });
    await send({
      channel: 'email',
      to: 'klienty@example.test',
      subject: 'Hallo',
      body: 'Per E-Mail',
    });
    const result = await tick(app); // the tick bills what it sent
    expect(result.sent).toBe(3);

    const ledger = await charges('default');
    expect(
      ledger.map((c) => [c.messageId, c.channel, c.units, c.freeUnits, c.amountTenthCents])
    ).toEqual([
      [sms.body.data.id, 'sms', 3, 3, 0],
      [threema.body.data.id, 'threema', 1, 1, 0],
    ]);
    const rows = await messageRows(app, { id: { $in: [sms.body.data.id, threema.body.data.id] } });
    expect(rows.map((row) => row.chargeState)).toEqual(['charged', 'charged']);
    for (const charge of ledger) {
      expect(JSON.stringify(charge)).not.toMatch(/4915112345678|ECHOECHO|aaaa|bbbb/);
      expect(Object.keys(charge)).not.toEqual(expect.arrayContaining(['body']));
    }
    // a second pass finds nothing more to charge
    expect((await billing().run()).charged).toBe(0);
    expect(await charges('default')).toHaveLength(2);
    // a message marked pending again (a late duplicate recording) is not charged twice
    const table = app.strapi.db.metadata.get('plugin::messaging.message' as never).tableName;
    await app.strapi.db
      .connection(table)
      .where({ id: sms.body.data.id })
      .update({ charge_state: 'pending' });
    expect((await billing().run()).charged).toBe(0);
    expect(await charges('default')).toEqual(ledger);
    expect((await messageRows(app, { id: sms.body.data.id }))[0].chargeState).toBe('charged');
  });

  it('counts the free quota per channel and Berlin month, and closes January at Berlin midnight', async () => {
    const practice = 'boundary';
    await acceptedSends(practice, 'sms', [
      ...times(5, '2026-01-10T10:00:00Z'),
      '2026-01-31T22:59:59Z',
      '2026-01-31T23:00:00Z',
    ]);
    await acceptedSends(practice, 'threema', times(6, '2026-01-20T10:00:00Z'));

    // 00:04 in Berlin on Feb 1: charged, but January is not closed yet (grace for late recordings)
    const early = await run('2026-01-31T23:04:00Z');
    expect(early.invoices.filter((i: any) => i.practice === practice)).toEqual([]);
    const ledger = await charges(practice);
    const of = (channel: string, month: string) =>
      ledger.filter((c) => c.channel === channel && c.month === month);
    expect(of('sms', '2026-01').map((c) => c.freeUnits)).toEqual([1, 1, 1, 1, 1, 0]); // 22:59:59Z is 23:59:59 in Berlin: still January, the sixth: billed
    expect(of('sms', '2026-02').map((c) => [c.freeUnits, c.amountTenthCents])).toEqual([[1, 0]]); // 23:00:00Z is February: free again
    expect(of('threema', '2026-01').reduce((sum, c) => sum + c.amountTenthCents, 0)).toBe(15); // its own 5 free, the sixth 1.5 ct

    const closing = await run('2026-01-31T23:06:00Z');
    const [january] = closing.invoices.filter((i: any) => i.practice === practice);
    expect(january).toMatchObject({
      kind: 'regular',
      periodStart: '2026-01-01',
      periodEnd: '2026-01-31',
      charges: 12,
      totalTenthCents: 115,
      totalCents: 12,
    });
    expect(january.number).toMatch(/^MSG-2026-\d{4}$/);
    expect(
      january.lines.map((l: any) => [l.channel, l.units, l.freeUnits, l.billedUnits, l.amountCents])
    ).toEqual([
      ['sms', 6, 5, 1, 10],
      ['threema', 6, 5, 1, 2], // 1.5 ct rounds half up to 2 ct
    ]);
    // February's charge waits for February's invoice
    const after = await charges(practice);
    expect(after.filter((c) => c.invoiceId === null).map((c) => c.month)).toEqual(['2026-02']);
    expect(
      (await run('2026-02-10T10:00:00Z')).invoices.filter((i: any) => i.practice === practice)
    ).toEqual([]);
  });

  it('bills a yearly practice once at the turn of the year in Berlin', async () => {
    const practice = 'yearly';
    await app.strapi
      .plugin('messaging')
      .service('settings')
      .update(practice, { billingPeriod: 'yearly' });
    await acceptedSends(practice, 'sms', times(7, '2026-03-05T09:00:00Z'));
    await acceptedSends(practice, 'sms', ['2026-12-31T22:30:00Z'], 2); // 23:30 on New Year's Eve in Berlin
    expect(
      (await run('2026-12-31T22:59:00Z')).invoices.filter((i: any) => i.practice === practice)
    ).toEqual([]);
    const [year] = (await run('2026-12-31T23:10:00Z')).invoices.filter(
      (i: any) => i.practice === practice
    );
    // March: 5 free + 2 billed; December: a new month, 2 free units
    expect(year).toMatchObject({
      kind: 'regular',
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      charges: 8,
      totalTenthCents: 200,
      totalCents: 20,
      number: 'MSG-2027-0001',
    });
    expect(year.lines[0]).toMatchObject({ channel: 'sms', units: 9, freeUnits: 7, billedUnits: 2 });
  });

  it('issues an interim invoice only above 20.00 EUR, over exactly the uninvoiced charges, and bills nothing twice', async () => {
    const practice = 'threshold';
    const created: any[] = [];
    const listener = async (event: { invoice: any }) => void created.push(event.invoice);
    app.strapi.eventHub.on('messaging.invoice.created', listener);
    try {
      // 5 free + 200 billed = exactly 20.00 EUR: no invoice
      await acceptedSends(practice, 'sms', times(205, '2026-05-04T08:00:00Z'));
      await run('2026-05-04T08:01:00Z');
      expect(await invoices(practice)).toHaveLength(0);
      expect(
        (await api(`/usage?practice=${practice}&from=2026-05&to=2026-05`).expect(200)).body.data
          .uninvoicedTenthCents
      ).toBe(20000);

      // one more SMS segment: 20.10 EUR, over the threshold
      await acceptedSends(practice, 'sms', ['2026-05-04T09:00:00Z']);
      const { invoices: issued } = await run('2026-05-04T09:01:00Z');
      const interim = issued.filter((i: any) => i.practice === practice);
      expect(interim).toHaveLength(1);
      expect(interim[0]).toMatchObject({
        kind: 'interim',
        charges: 206,
        totalTenthCents: 20100,
        totalCents: 2010,
        periodStart: '2026-05-01',
        periodEnd: '2026-05-04',
      });
      expect(created.map((invoice) => invoice.number)).toContain(interim[0].number);

      // the rest of May goes on the regular invoice, and only the rest
      await acceptedSends(practice, 'sms', times(3, '2026-05-20T08:00:00Z'));
      await acceptedSends(practice, 'threema', times(8, '2026-05-21T08:00:00Z'));
      await run('2026-05-20T08:01:00Z');
      const [regular] = (await run('2026-05-31T22:10:00Z')).invoices.filter(
        (i: any) => i.practice === practice
      );
      expect(regular).toMatchObject({
        kind: 'regular',
        charges: 11,
        totalTenthCents: 345,
        totalCents: 35,
      }); // 30 ct + 3 x 1.5 ct = 34.5 ct -> 30 + 5

      const ledger = await charges(practice);
      expect(ledger.every((c) => c.invoiceId !== null)).toBe(true);
      const all = await invoices(practice);
      expect(all.map((i) => i.kind)).toEqual(['interim', 'regular']);
      expect(all.reduce((sum, i) => sum + i.totalTenthCents, 0)).toBe(
        ledger.reduce((sum, c) => sum + c.amountTenthCents, 0)
      );
      expect(new Set(all.map((i) => i.number)).size).toBe(2);
    } finally {
      app.strapi.eventHub.off('messaging.invoice.created', listener);
    }
  });

  it('makes a second billing pass wait for the one holding the practice lock, then count what it charged', async () => {
    // Another instance's pass, frozen mid-transaction: it holds the billing
    // lock and has charged the 5 free SMS units of this month, not committed.
    const practice = 'race';
    const knex = app.strapi.db.connection;
    const name = (uid: string) => app.strapi.db.metadata.get(uid as never).tableName;
    await acceptedSends(practice, 'sms', times(3, new Date().toISOString()));
    await billing().runForPractice(practice, new Date()); // charges the 3 (free) and creates the practice's lock row
    const first = await charges(practice);
    expect(first.reduce((sum, c) => sum + c.freeUnits, 0)).toBe(3);

    await acceptedSends(practice, 'sms', times(4, new Date().toISOString()));
    const month = first[0].month;
    let second: Promise<unknown> | undefined;
    let finished = false;
    let finishedWhileLocked: boolean | undefined;
    await knex.transaction(async (trx: any) => {
      await trx(name('plugin::messaging.lease'))
        .where({ name: `billing:${practice}` })
        .update({ owner: 'other-instance', updated_at: new Date() });
      const now = new Date();
      await trx(name(CHARGE)).insert({
        document_id: `race${Date.now()}`,
        practice,
        message_id: 900_000_001,
        channel: 'sms',
        units: 2,
        free_units: 2,
        unit_price_tenth_cents: 100,
        amount_tenth_cents: 0,
        month,
        accepted_at: now,
        created_at: now,
        updated_at: now,
        published_at: now,
      });
      second = billing()
        .runForPractice(practice, new Date())
        .then(() => (finished = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      finishedWhileLocked = finished;
    });
    await second;
    expect(finishedWhileLocked).toBe(false);
    // 3 + 2 free units were used before; the 4 new sends are all billed
    const after = (await charges(practice)).filter((c) => c.messageId !== 900_000_001);
    expect(after).toHaveLength(7);
    expect(after.reduce((sum, c) => sum + c.freeUnits, 0)).toBe(3);
    const all = await charges(practice);
    expect(all.reduce((sum, c) => sum + c.freeUnits, 0)).toBe(5);
  });

  it('tells the platform about a new invoice through a Strapi webhook', async () => {
    const received: any[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ event: req.headers['x-strapi-event'], body: JSON.parse(body) });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/billing`;
      await request(app.http)
        .post('/admin/webhooks')
        .set(faked.auth())
        .send({ name: 'Platform billing', url, headers: {}, events: ['messaging.invoice.created'] })
        .expect(201);
      await acceptedSends('webhook', 'sms', times(206, '2026-06-02T08:00:00Z'));
      const [invoice] = (await run('2026-06-02T08:01:00Z')).invoices.filter(
        (i: any) => i.practice === 'webhook'
      );
      expect(invoice.kind).toBe('interim');
      for (let waited = 0; received.length === 0 && waited < 5000; waited += 50)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(received).toHaveLength(1);
      expect(received[0].event).toBe('messaging.invoice.created');
      expect(received[0].body).toMatchObject({
        event: 'messaging.invoice.created',
        invoice: { number: invoice.number, totalCents: 2010, kind: 'interim', practice: 'webhook' },
      });
    } finally {
      server.close();
    }
  });

  it('serves usage, invoices and CSV, and refuses bad input with the field named', async () => {
    const usage = await api('/usage?practice=threshold&from=2026-04&to=2026-06').expect(200);
    expect(usage.body.data.months.map((m: any) => m.month)).toEqual([
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
    expect(usage.body.data.months[1].sms).toEqual({
      units: 209,
      freeUnits: 5,
      billedUnits: 204,
      amountTenthCents: 20400,
    });
    expect(usage.body.data.months[1].threema).toEqual({
      units: 8,
      freeUnits: 5,
      billedUnits: 3,
      amountTenthCents: 45,
    });
    expect(usage.body.data).toMatchObject({
      interimThresholdTenthCents: 20000,
      unitPriceTenthCents: { sms: 100, threema: 15 },
      billingPeriod: 'monthly',
    });

    const byDefault = await api('/usage').expect(200);
    expect(byDefault.body.data.months).toHaveLength(12);
    expect(byDefault.body.data.currentMonth.month).toBe(byDefault.body.data.to);

    for (const [query, field] of [
      ['from=2026-13', 'from'],
      ['to=May', 'to'],
      ['from=2026-06&to=2026-01', 'from'],
      ['from=2020-01&to=2026-01', 'from'],
    ]) {
      const bad = await api(`/usage?${query}`).expect(400);
      expect(bad.body.error.details.errors[0].path).toEqual([field]);
    }

    const list = await api('/invoices?practice=threshold').expect(200);
    expect(list.body.data.map((i: any) => i.kind)).toEqual(['regular', 'interim']); // newest first
    expect(list.body.pagination).toEqual({ page: 1, pageSize: 25, total: 2 });
    const interim = list.body.data[1];
    expect((await api(`/invoices/${interim.id}?practice=threshold`).expect(200)).body.data).toEqual(
      interim
    );
    // another practice does not see it
    await api(`/invoices/${interim.id}`).expect(404);
    await api('/invoices/abc').expect(400);
    await api('/invoices?pageSize=500').expect(400);

    const csv = await api(`/invoices/${interim.id}.csv?practice=threshold`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(`${interim.number}.csv`);
    const rows = csv.text.trim().split('\r\n');
    expect(rows).toHaveLength(4);
    expect(rows[1]).toContain(',sms,206,5,201,0.100,20.100,20.10');
    expect(rows[3]).toContain(',total,206,5,201,,20.100,20.10');
  });

  it('keeps the ledger immutable and behind its own permission', async () => {
    const [invoice] = await invoices('threshold');
    await expect(
      app.strapi
        .documents(INVOICE as never)
        .update({ documentId: invoice.documentId, data: { totalCents: 1 } } as never)
    ).rejects.toThrow(/immutable/);
    const [charge] = await charges('threshold');
    await expect(
      app.strapi.documents(CHARGE as never).delete({ documentId: charge.documentId } as never)
    ).rejects.toThrow(/immutable/);
    expect((await invoices('threshold'))[0].totalCents).toBe(invoice.totalCents);

    const staff = await adminWithPermissions(
      app,
      ['plugin::messaging.log.read'],
      'no-usage@praxis.test'
    );
    await request(app.http)
      .get('/messaging/usage')
      .set({ Authorization: `Bearer ${staff}` })
      .expect(403);
    await request(app.http)
      .get('/messaging/invoices')
      .set({ Authorization: `Bearer ${staff}` })
      .expect(403);
  });

  it('lets log retention delete old messages but never a charge, and keeps a send until it is charged', async () => {
    const practice = 'retention';
    const [charged] = await acceptedSends(practice, 'sms', ['2026-02-02T10:00:00Z']);
    await run('2026-02-02T10:01:00Z');
    const [pending] = await acceptedSends(practice, 'sms', ['2026-02-03T10:00:00Z']);
    const before = await charges(practice);
    expect(before).toHaveLength(1);

    await app.strapi
      .plugin('messaging')
      .service('retention')
      .purge(new Date(Date.now() + 60 * 86_400_000));
    expect(await messageRows(app, { id: charged })).toHaveLength(0);
    expect(await messageRows(app, { id: pending })).toHaveLength(1); // not charged yet: kept
    expect(await charges(practice)).toEqual(before);

    await run('2026-02-03T10:01:00Z');
    await app.strapi
      .plugin('messaging')
      .service('retention')
      .purge(new Date(Date.now() + 60 * 86_400_000));
    expect(await messageRows(app, { id: pending })).toHaveLength(0);
    expect(await charges(practice)).toHaveLength(2);
  });

  it('warns at 80 % and 100 % of the monthly budget, once each, in the admin and by e-mail', async () => {
    const practice = 'budget';
    const settings = app.strapi.plugin('messaging').service('settings');
    await settings.update(practice, {
      monthlyBudgetTenthCents: 1000,
      budgetAlertEmail: 'praxis@example.test',
    }); // 1 EUR
    const now = new Date().toISOString();
    await acceptedSends(practice, 'sms', times(5 + 8, now)); // 80 ct
    await billing().run();
    await billing().run();
    const usage = await api(`/usage?practice=${practice}`).expect(200);
    expect(usage.body.data.budget).toEqual({
      monthlyTenthCents: 1000,
      spentTenthCents: 800,
      level: 80,
    });
    let alerts = await messageRows(app, { practice, kind: 'budget-alert' });
    expect(alerts.map((m) => [m.channel, m.recipient, m.idempotencyKey.endsWith(':80')])).toEqual([
      ['email', 'praxis@example.test', true],
    ]);
    expect(alerts[0].body).toContain('80 %');

    await acceptedSends(practice, 'sms', times(2, now)); // 1.00 EUR
    await billing().run();
    alerts = await messageRows(app, { practice, kind: 'budget-alert' });
    expect(alerts.map((m) => m.idempotencyKey.split(':').pop())).toEqual(['80', '100']);
    expect((await api(`/usage?practice=${practice}`).expect(200)).body.data.budget.level).toBe(100);

    // the dispatcher sends them like any e-mail
    await tick(app);
    const mails = mailbox().filter((mail) => mail.to === 'praxis@example.test');
    // the e-mail lane sends in parallel, so the two may arrive in either order
    expect(mails.map((mail) => mail.subject).sort()).toEqual([
      'Messaging: 100 % des Monatsbudgets erreicht',
      'Messaging: 80 % des Monatsbudgets erreicht',
    ]);
    expect(mails.find((mail) => mail.subject.includes('100 %'))!.text).toContain('1,00 €'); // the formatter the admin uses, rounded half up to the cent
  });

  it('refuses bad billing settings with the field named and keeps the old values', async () => {
    const put = (body: Record<string, unknown>) =>
      request(app.http).put('/messaging/settings').set(faked.auth()).send(body);
    await put({
      billingPeriod: 'yearly',
      monthlyBudgetTenthCents: 50000,
      budgetAlertEmail: 'buero@praxis.test',
    }).expect(200);
    for (const [body, field] of [
      [{ billingPeriod: 'weekly' }, 'billingPeriod'],
      [{ monthlyBudgetTenthCents: 12.5 }, 'monthlyBudgetTenthCents'],
      [{ monthlyBudgetTenthCents: -1 }, 'monthlyBudgetTenthCents'],
      [{ budgetAlertEmail: 'kein-mail' }, 'budgetAlertEmail'],
    ] as const) {
      const bad = await put(body).expect(400);
      expect(bad.body.error.details.errors[0].path).toEqual([field]);
    }
    const current = await request(app.http)
      .get('/messaging/settings')
      .set(faked.auth())
      .expect(200);
    expect(current.body.data).toMatchObject({
      billingPeriod: 'yearly',
      monthlyBudgetTenthCents: 50000,
      budgetAlertEmail: 'buero@praxis.test',
    });
    await put({
      billingPeriod: 'monthly',
      monthlyBudgetTenthCents: null,
      budgetAlertEmail: null,
    }).expect(200);
  });
});
