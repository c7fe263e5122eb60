/**
 * The demo's dry run (`npm run demo` sets MESSAGING_DRY_RUN_CHARGE=on,
 * MESSAGING_DRY_RUN_OUTBOX=on and MESSAGING_EMAIL_PROVIDER=dry-run): the
 * dry run is billed as if real, the budget e-mail goes through the dry-run
 * e-mail, and the admin's Dry-run outbox shows what went out, in full.
 */
import request from 'supertest';
import { bootWithFakes, type FakedPlayground } from '../helpers/with-fakes';
import { messageRows, tickUntil } from '../helpers/messaging';
import type { TestApp } from '../helpers/strapi';

describe("the demo's dry run: billed as if real, readable in the Dry-run outbox", () => {
  let faked: FakedPlayground;
  let app: TestApp;
  const api = () => request(app.http);

  beforeAll(async () => {
    faked = await bootWithFakes(
      {
        MESSAGING_DRY_RUN_CHARGE: 'on',
        MESSAGING_DRY_RUN_OUTBOX: 'on',
        MESSAGING_EMAIL_PROVIDER: 'dry-run',
      },
      { credentialsInEnv: false }
    );
    app = faked.app;
  });
  afterAll(async () => faked?.stop());

  it('charges dry-run SMS past the free ones, sends the budget e-mail through the dry run, and lists every text in the outbox', async () => {
    const status = (await api().get('/messaging/status').set(faked.auth()).expect(200)).body.data;
    expect([status.channels.sms.provider, status.channels.email.provider]).toEqual([
      'dry-run',
      'dry-run',
    ]);
    expect(status.dryRun).toEqual({ chargeAsReal: true, outbox: true });
    await api()
      .put('/messaging/settings')
      .set(faked.auth())
      .send({
        smsEnabled: true,
        monthlyBudgetTenthCents: 500,
        budgetAlertEmail: 'budget@praxis.test',
      })
      .expect(200);

    const sent: number[] = [];
    for (let index = 1; index <= 10; index += 1) {
      const response = await api()
        .post('/messaging/messages')
        .set(faked.auth())
        .send({ channel: 'sms', to: `0171 100000${index - 1}`, body: `Demo-Nachricht ${index}` })
        .expect(201);
      sent.push(response.body.data.id);
    }
    await tickUntil(app, async () =>
      (await messageRows(app, { kind: 'manual' })).every((row) => row.status === 'sent')
    );
    await app.strapi.plugin('messaging').service('billing').run();

    const usage = (await api().get('/messaging/usage').set(faked.auth()).expect(200)).body.data;
    // 10 SMS of one segment, 5 free a month, 10 ct each: 50 ct, which is the whole budget of 0.50 EUR
    expect(usage.currentMonth.sms).toMatchObject({
      units: 10,
      freeUnits: 5,
      billedUnits: 5,
      amountTenthCents: 500,
    });
    expect(usage.budget).toEqual({ monthlyTenthCents: 500, spentTenthCents: 500, level: 100 });

    await tickUntil(app, async () => {
      const alerts = await messageRows(app, { kind: 'budget-alert' });
      return alerts.length > 0 && alerts.every((row) => row.status === 'sent');
    });
    const outbox = (await api().get('/messaging/dry-run-outbox').set(faked.auth()).expect(200)).body
      .data as {
      messageId: number;
      channel: string;
      to: string;
      subject: string | null;
      body: string;
    }[];
    const sms = outbox.filter((delivery) => delivery.channel === 'sms');
    expect(sms.map((delivery) => delivery.messageId).sort((a, b) => a - b)).toEqual(sent);
    expect(sms.find((delivery) => delivery.messageId === sent[0])).toMatchObject({
      to: '+491711000000',
      body: 'Demo-Nachricht 1',
    });
    const mails = outbox.filter(
      (delivery) => delivery.channel === 'email' && delivery.to === 'budget@praxis.test'
    );
    expect(mails.map((mail) => mail.subject)).toContain(
      'Messaging: 100 % des Monatsbudgets erreicht'
    );

    // another practice sees none of it
    const other = (
      await api().get('/messaging/dry-run-outbox?practice=elsewhere').set(faked.auth()).expect(200)
    ).body.data;
    expect(other).toEqual([]);
  });
});
