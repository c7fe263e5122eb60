import request from 'supertest';
import twilioSdk from 'twilio';
import { bootWithFakes, type FakedPlayground } from '../helpers/with-fakes';
import {
  enableChannels,
  makeDue,
  messageRows,
  planNotices,
  plannedRows,
  tick,
} from '../helpers/messaging';
import type { TestApp } from '../helpers/strapi';

const APPOINTMENT = 'api::appointment.appointment';
const CLIENT = 'api::client.client';

/** A weekday afternoon a few days ahead, in Berlin, outside quiet hours. */
const inDays = (days: number, hour = 14) => {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCHours(hour - 1, 0, 0, 0); // 14:00 Berlin in winter is 13:00Z (tests only need "afternoon")
  return date;
};

describe('automatic appointment notices (document middleware -> outbox -> dispatcher)', () => {
  let faked: FakedPlayground;
  let app: TestApp;
  let token: string;
  let twilio: FakedPlayground['twilio'];
  let threema: FakedPlayground['threema'];
  let recordType: string;

  const notices = async (appointmentId: string) =>
    (await plannedRows(app, { appointmentDocumentId: appointmentId })).map((row) => ({
      kind: row.kind,
      channel: row.channel,
      status: row.status,
    }));
  const client = async (data: Record<string, unknown> = {}) =>
    app.strapi.documents(CLIENT).create({
      data: {
        recordNumber: `N-${Math.random().toString(36).slice(2, 8)}`,
        salutation: 'Frau',
        firstName: 'Anna',
        lastName: 'Müller',
        formalAddress: true,
        mobile: '0171 1234567',
        email: 'anna@example.org',
        recordType,
        consent: [
          { channel: 'sms', granted: true, date: '2026-01-05', source: 'Anmeldebogen' },
          { channel: 'threema', granted: true, date: '2026-01-05', source: 'Anmeldebogen' },
        ],
        ...data,
      } as any,
    });
  /** Books and lets the planner run, as the dispatcher's kick does right after the commit. */
  const appointment = async (clientId: string, start = inDays(3)) => {
    const booked = await app.strapi.documents(APPOINTMENT).create({
      data: {
        start: start.toISOString(),
        end: new Date(start.getTime() + 50 * 60_000).toISOString(),
        client: clientId,
        location: 'Praxisraum 1',
      } as any,
    });
    await planNotices(app);
    return booked;
  };
  const sendAllDue = async (appointmentId: string) => {
    for (const row of await plannedRows(app, {
      appointmentDocumentId: appointmentId,
      status: 'queued',
    })) {
      if (new Date(row.sendAfter).getTime() - Date.now() < 5 * 60_000) await makeDue(app, row.id); // settle delay, not the reminders
    }
    return tick(app);
  };

  beforeAll(async () => {
    faked = await bootWithFakes({ MESSAGING_QUIET_HOURS: 'off' });
    ({ app, token, twilio, threema } = faked);
    await enableChannels(app, token, { smsEnabled: true, threemaEnabled: false });
    await request(app.http)
      .put('/messaging/settings')
      .set({ Authorization: `Bearer ${token}` })
      .send({ practiceName: 'Praxis Lindenblatt' })
      .expect(200);
    const type = await app.strapi.documents('api::record-type.record-type').create({
      data: {
        name: 'Einzeltherapie',
        notificationDefaults: {
          confirmation: { email: false, sms: true, threema: false },
          change: { email: false, sms: true, threema: false },
          reminder: { email: false, sms: true, threema: false, offsetsHours: [48, 24] },
          cancellation: { email: true, sms: true, threema: false },
        },
      } as any,
    });
    recordType = type.documentId;
  });
  afterAll(async () => faked?.stop());

  it('copies the record type’s defaults into a new client record', async () => {
    const created = await client();
    const stored = await app.strapi.documents(CLIENT).findOne({ documentId: created.documentId });
    expect((stored as any).notificationSettings.reminder.offsetsHours).toEqual([48, 24]);
  });

  it('refuses wrong notice switches with a 400 naming the field, and keeps the record as it was', async () => {
    const anna = await client();
    const url = `/content-manager/collection-types/${CLIENT}/${anna.documentId}`;
    const auth = { Authorization: `Bearer ${token}` };
    const before = (await request(app.http).get(url).set(auth).expect(200)).body.data
      .notificationSettings;
    const bad = await request(app.http)
      .put(url)
      .set(auth)
      .send({
        notificationSettings: { ...before, reminder: { ...before.reminder, offsetsHours: [0] } },
      });
    expect(bad.status).toBe(400);
    // the Content Manager shows the message as a toast: words, not the rule
    expect(bad.body.error.message).toBe(
      'Automatische Benachrichtigungen: Bitte ganze Stunden von 1 bis 336 angeben.'
    );
    expect(bad.body.error.details.errors[0]).toMatchObject({
      path: ['notificationSettings', 'reminder', 'offsetsHours', '0'],
      message:
        'notificationSettings.reminder.offsetsHours.0 must be a whole number of hours from 1 to 336',
      reason: {
        de: 'Bitte ganze Stunden von 1 bis 336 angeben.',
        en: 'Please give whole hours from 1 to 336.',
      },
    });
    const english = await request(app.http)
      .put(url)
      .set(auth)
      .set('Accept-Language', 'en-GB,en;q=0.9')
      .send({
        notificationSettings: { ...before, reminder: { ...before.reminder, offsetsHours: [0] } },
      });
    expect(english.body.error.message).toBe(
      'Automatic notices: Please give whole hours from 1 to 336.'
    );
    expect(
      (await request(app.http).get(url).set(auth).expect(200)).body.data.notificationSettings
    ).toEqual(before);
    const good = { ...before, reminder: { ...before.reminder, sms: false, offsetsHours: [72] } };
    await request(app.http).put(url).set(auth).send({ notificationSettings: good }).expect(200);
    const booked = await appointment(anna.documentId, inDays(6));
    expect((await notices(booked.documentId)).map((n) => `${n.kind}/${n.channel}`)).toEqual([
      'confirmation/sms',
    ]); // no SMS reminders any more
  });

  it('refuses wrong record-type defaults the same way (the same editor), and a new client copies good ones', async () => {
    const url = '/content-manager/collection-types/api::record-type.record-type';
    const auth = { Authorization: `Bearer ${token}` };
    const bad = await request(app.http)
      .post(url)
      .set(auth)
      .send({
        name: `Typ ${Date.now()}`,
        notificationDefaults: {
          reminder: { email: true, sms: true, threema: true, offsetsHours: [400] },
        },
      });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual([
      'notificationDefaults',
      'reminder',
      'offsetsHours',
      '0',
    ]);
    const defaults = {
      confirmation: { email: true, sms: true, threema: false },
      change: { email: true, sms: true, threema: true },
      reminder: { email: false, sms: true, threema: true, offsetsHours: [72] },
      cancellation: { email: true, sms: true, threema: true },
    };
    const created = await request(app.http)
      .post(url)
      .set(auth)
      .send({ name: `Typ ${Date.now()}`, notificationDefaults: defaults })
      .expect(201);
    const anna = await app.strapi.documents(CLIENT).create({
      data: {
        recordNumber: `RT-${Date.now()}`,
        firstName: 'Anna',
        lastName: 'Typ',
        recordType: created.body.data.documentId,
      } as any,
    });
    expect(
      ((await app.strapi.documents(CLIENT).findOne({ documentId: anna.documentId })) as any)
        .notificationSettings
    ).toEqual(defaults);
  });

  it('queues a confirmation after the settle delay and reminders at 48 h and 24 h; sends the rendered confirmation', async () => {
    const anna = await client();
    const start = inDays(4);
    const booked = await appointment(anna.documentId, start);
    const rows = await plannedRows(app, { appointmentDocumentId: booked.documentId });
    expect(rows.map((r) => [r.kind, r.channel, r.status])).toEqual([
      ['confirmation', 'sms', 'queued'],
      ['reminder', 'sms', 'queued'],
      ['reminder', 'sms', 'queued'],
    ]);
    const confirmation = rows[0];
    expect(new Date(confirmation.sendAfter).getTime() - Date.now()).toBeGreaterThan(100_000); // 2 min settle delay
    expect(
      rows
        .slice(1)
        .map((r) => new Date(r.sendAfter).getTime())
        .sort()
    ).toEqual([start.getTime() - 48 * 3600_000, start.getTime() - 24 * 3600_000].sort());
    expect((await tick(app)).claimed).toBe(0); // nothing due yet

    await sendAllDue(booked.documentId);
    const sent = twilio.messages.at(-1)!;
    expect(sent.to).toBe('+491711234567');
    const text =
      /^Guten Tag Frau Müller, Ihr Termin am \w\w\., \d+\.\d+\. um \d\d:\d\d ist bestätigt\. Terminzettel: (\S+) Ihre Praxis Lindenblatt$/.exec(
        sent.body
      );
    expect(text).not.toBeNull();
    // the link in the SMS is this appointment's express slip
    const slip = await request(app.http).get(new URL(text![1]).pathname).expect(200);
    expect(slip.text).toContain('Terminzettel');
    const [row] = await messageRows(app, { id: confirmation.id });
    expect(row).toMatchObject({
      status: 'sent',
      body: sent.body,
      segments: 1,
      costTenthCents: 100,
    });
  });

  it('never queues a notice twice for repeated saves', async () => {
    const anna = await client();
    const booked = await appointment(anna.documentId);
    for (let n = 0; n < 3; n += 1) {
      await app.strapi
        .documents(APPOINTMENT)
        .update({ documentId: booked.documentId, data: { note: `Notiz ${n}` } as any });
    }
    expect(await notices(booked.documentId)).toHaveLength(3);
  });

  it('turns a move before the confirmation went out into one confirmation for the new time', async () => {
    const anna = await client();
    const booked = await appointment(anna.documentId, inDays(5));
    const moved = inDays(6);
    await app.strapi.documents(APPOINTMENT).update({
      documentId: booked.documentId,
      data: {
        start: moved.toISOString(),
        end: new Date(moved.getTime() + 3_000_000).toISOString(),
      } as any,
    });
    const rows = await plannedRows(app, { appointmentDocumentId: booked.documentId });
    expect(
      rows
        .filter((r) => r.status === 'queued')
        .map((r) => r.kind)
        .sort()
    ).toEqual(['confirmation', 'reminder', 'reminder']);
    expect(rows.filter((r) => r.status === 'cancelled')).toHaveLength(3);
  });

  it('leaves only an event in the save’s transaction; saves made before the planner runs become one plan', async () => {
    const anna = await client();
    const start = inDays(5);
    const booked = await app.strapi.documents(APPOINTMENT).create({
      data: {
        start: start.toISOString(),
        end: new Date(start.getTime() + 3_000_000).toISOString(),
        client: anna.documentId,
        location: 'Praxisraum 1',
      } as any,
    });
    expect(await messageRows(app, { appointmentDocumentId: booked.documentId })).toEqual([]); // nothing planned inside the request
    const events = () =>
      app.strapi.db
        .query('plugin::messaging.appointment-event' as never)
        .count({ where: { appointmentDocumentId: booked.documentId } });
    expect(await events()).toBe(1);
    await app.strapi
      .documents(APPOINTMENT)
      .update({ documentId: booked.documentId, data: { note: 'nur eine Notiz' } as any });
    expect(await events()).toBe(1); // a save that changes neither time nor status adds no event
    for (const days of [6, 7]) {
      const moved = inDays(days);
      await app.strapi.documents(APPOINTMENT).update({
        documentId: booked.documentId,
        data: {
          start: moved.toISOString(),
          end: new Date(moved.getTime() + 3_000_000).toISOString(),
        } as any,
      });
    }
    expect(await events()).toBe(3);
    expect(await planNotices(app)).toBeGreaterThanOrEqual(3);
    expect(await events()).toBe(0);
    const rows = await messageRows(app, { appointmentDocumentId: booked.documentId });
    expect(rows.map((r) => `${r.kind}/${r.status}`).sort()).toEqual([
      'confirmation/queued',
      'reminder/queued',
      'reminder/queued',
    ]);
    expect(rows.every((r) => (r.meta as any).appointmentStart === inDays(7).toISOString())).toBe(
      true
    );
    expect(new Date(rows[0].sendAfter).getTime()).toBeLessThan(Date.now() + 125_000); // settle delay from the booking, not from the planning
  });

  it('sends a change notice for a move after the confirmation, and re-plans the reminders', async () => {
    const anna = await client();
    const booked = await appointment(anna.documentId, inDays(5));
    await sendAllDue(booked.documentId);
    const moved = inDays(7);
    await app.strapi.documents(APPOINTMENT).update({
      documentId: booked.documentId,
      data: {
        start: moved.toISOString(),
        end: new Date(moved.getTime() + 3_000_000).toISOString(),
      } as any,
    });
    const rows = await plannedRows(app, { appointmentDocumentId: booked.documentId });
    const queued = rows.filter((r) => r.status === 'queued');
    expect(queued.map((r) => r.kind).sort()).toEqual(['change', 'reminder', 'reminder']);
    expect(
      queued
        .filter((r) => r.kind === 'reminder')
        .every((r) => (r.meta as any).appointmentStart === moved.toISOString())
    ).toBe(true);
    await sendAllDue(booked.documentId);
    expect(twilio.messages.at(-1)!.body).toContain('Ihr Termin wurde verlegt auf');
  });

  it('cancels: a cancellation notice (SMS and e-mail), pending reminders cancelled', async () => {
    const anna = await client();
    const booked = await appointment(anna.documentId, inDays(5));
    await app.strapi
      .documents(APPOINTMENT)
      .update({ documentId: booked.documentId, data: { state: 'cancelled' } as any });
    const rows = await plannedRows(app, { appointmentDocumentId: booked.documentId });
    expect(
      rows
        .filter((r) => r.status === 'queued')
        .map((r) => `${r.kind}/${r.channel}`)
        .sort()
    ).toEqual(['cancellation/email', 'cancellation/sms']);
    expect(
      rows.filter((r) => r.kind !== 'cancellation').every((r) => r.status === 'cancelled')
    ).toBe(true);
    await sendAllDue(booked.documentId);
    expect(twilio.messages.at(-1)!.body).toContain('muss leider ausfallen');
  });

  it("cancels reminders already claimed into a dispatcher's buffer: a claimed row is not sent, so cancelling it is safe", async () => {
    const anna = await client();
    const booked = await appointment(anna.documentId, inDays(5));
    const reminders = await plannedRows(app, {
      appointmentDocumentId: booked.documentId,
      kind: 'reminder',
    });
    expect(reminders.length).toBeGreaterThan(0);
    // Another instance holds them in its buffer, waiting for the rate limit.
    for (const reminder of reminders) {
      await app.strapi.db.query('plugin::messaging.message' as never).update({
        where: { id: reminder.id },
        data: {
          status: 'claimed',
          leaseOwner: 'other-instance:7',
          leaseUntil: new Date(Date.now() + 60_000),
        },
      });
    }
    await app.strapi
      .documents(APPOINTMENT)
      .update({ documentId: booked.documentId, data: { state: 'cancelled' } as any });
    const rows = await plannedRows(app, {
      appointmentDocumentId: booked.documentId,
      kind: 'reminder',
    });
    // cancelled and no longer held: that instance's hand-over (claimed -> sending under its lease) cannot apply
    expect(rows.map((row) => [row.status, row.leaseOwner])).toEqual(
      reminders.map(() => ['cancelled', null])
    );
  });

  it('sends a cancellation for a deleted appointment from what it was', async () => {
    const anna = await client();
    const booked = await appointment(anna.documentId, inDays(6));
    await app.strapi.documents(APPOINTMENT).delete({ documentId: booked.documentId });
    await sendAllDue(booked.documentId);
    const rows = await plannedRows(app, { appointmentDocumentId: booked.documentId });
    expect(rows.find((r) => r.kind === 'cancellation' && r.channel === 'sms')).toMatchObject({
      status: 'sent',
    });
    expect(rows.filter((r) => r.kind === 'reminder').every((r) => r.status === 'cancelled')).toBe(
      true
    );
  });

  it('cancels a queued notice at send time when its reason is gone', async () => {
    const anna = await client();
    const booked = await appointment(anna.documentId, inDays(5));
    const [confirmation] = await plannedRows(app, {
      appointmentDocumentId: booked.documentId,
      kind: 'confirmation',
    });
    // The appointment moves by a path that bypasses the middleware (e.g. a raw import).
    await app.strapi.db
      .query(APPOINTMENT as never)
      .update({ where: { documentId: booked.documentId }, data: { start: inDays(8) } });
    await makeDue(app, confirmation.id);
    await tick(app);
    expect((await messageRows(app, { id: confirmation.id }))[0]).toMatchObject({
      status: 'cancelled',
      errorMessage: 'the appointment was moved',
    });
  });

  it('sends a duplicated appointment’s own confirmation', async () => {
    const anna = await client();
    const booked = await appointment(anna.documentId, inDays(4));
    const copy: any = await (app.strapi.documents(APPOINTMENT) as any).clone({
      documentId: booked.documentId,
      data: {},
    });
    expect(copy.documentId).not.toBe(booked.documentId);
    expect((await notices(copy.documentId)).map((n) => n.kind)).toContain('confirmation');
  });

  it('skips, visibly, a channel without consent and one that is switched off', async () => {
    const noConsent = await client({
      consent: [{ channel: 'sms', granted: false, date: '2026-02-01', source: 'Widerruf' }],
    });
    const booked = await appointment(noConsent.documentId);
    const rows = await plannedRows(app, { appointmentDocumentId: booked.documentId });
    expect(rows.every((r) => r.status === 'skipped' && r.errorCode === 'no-consent')).toBe(true);
  });

  it('prefers Threema where the client has it, with SMS as the fallback when Threema fails for good', async () => {
    await enableChannels(app, token, { smsEnabled: true, threemaEnabled: true });
    const both = await client({
      threemaId: 'KLIENT02',
      notificationSettings: {
        confirmation: { email: false, sms: true, threema: true },
        change: { email: false, sms: true, threema: true },
        reminder: { email: false, sms: false, threema: false, offsetsHours: [] },
        cancellation: { email: false, sms: true, threema: true },
      },
    });
    const booked = await appointment(both.documentId);
    expect(await notices(booked.documentId)).toEqual([
      { kind: 'confirmation', channel: 'threema', status: 'queued' },
    ]);
    threema.faults.push({ status: 404 });
    await sendAllDue(booked.documentId);
    await sendAllDue(booked.documentId);
    expect(await notices(booked.documentId)).toEqual([
      { kind: 'confirmation', channel: 'threema', status: 'failed' },
      { kind: 'confirmation', channel: 'sms', status: 'sent' },
    ]);
    await enableChannels(app, token, { threemaEnabled: false });
  });

  it('switches SMS off for a client who opted out (Twilio 21610), visible in the client record', async () => {
    const anna = await client();
    twilio.faults.push({ kind: 'http', status: 400, code: 21610 });
    await request(app.http)
      .post('/messaging/messages')
      .set({ Authorization: `Bearer ${token}` })
      .send({ channel: 'sms', clientId: anna.documentId, body: 'Hallo' })
      .expect(201);
    await tick(app);
    // the event handler runs after the tick: wait for its write (bounded), then look
    let stored: any;
    for (let waited = 0; waited < 10_000; waited += 100) {
      stored = await app.strapi
        .documents(CLIENT)
        .findOne({ documentId: anna.documentId, populate: ['consent'] });
      if (stored.consent.at(-1)?.channel === 'sms') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(stored.consent.at(-1)).toMatchObject({
      channel: 'sms',
      granted: false,
      source: 'STOP / Twilio 21610',
    });
    const booked = await appointment(anna.documentId);
    const rows = await plannedRows(app, { appointmentDocumentId: booked.documentId });
    expect(rows.every((row) => row.status === 'skipped' && row.errorCode === 'no-consent')).toBe(
      true
    );
  });

  it('lists the clients no automatic notice can reach, with the reasons', async () => {
    const nobody = await client({ mobile: null, email: null, lastName: 'Unerreichbar' });
    const response = await request(app.http)
      .get('/messaging/unreachable-clients')
      .set({ Authorization: `Bearer ${token}` })
      .expect(200);
    const entry = response.body.data.find((c: any) => c.clientId === nobody.documentId);
    expect(entry.name).toBe('Anna Unerreichbar');
    expect(entry.reasons).toEqual(expect.arrayContaining(['sms: no-mobile']));
    const reachable = (await client()).documentId;
    const again = await request(app.http)
      .get('/messaging/unreachable-clients')
      .set({ Authorization: `Bearer ${token}` });
    expect(again.body.data.map((c: any) => c.clientId)).not.toContain(reachable);
  });

  it('gives the appointment panel its bubble, log, channels and prefilled texts; a manual send from it shows in its log', async () => {
    await enableChannels(app, token, { smsEnabled: true, threemaEnabled: false });
    const anna = await client({ firstName: 'Paula', lastName: 'Panel' });
    const booked = await appointment(anna.documentId, inDays(9));
    const auth = { Authorization: `Bearer ${token}` };
    let panel = (
      await request(app.http)
        .get(`/messaging/appointments/${booked.documentId}/panel`)
        .set(auth)
        .expect(200)
    ).body.data;
    expect(panel.indicator).toBe('queued');
    expect(panel.channels.map((c: any) => c.channel)).toEqual(['sms', 'email']);
    expect(panel.drafts.reminder.sms).toMatch(
      /^Guten Tag Frau Panel, zur Erinnerung: Ihr Termin ist am/
    );
    const sent = await request(app.http)
      .post('/messaging/messages')
      .set(auth)
      .send({
        channel: 'sms',
        appointmentId: booked.documentId,
        kind: 'reminder',
        body: panel.drafts.reminder.sms,
      })
      .expect(201);
    expect(sent.body.data).toMatchObject({
      kind: 'reminder',
      appointmentId: booked.documentId,
      clientId: anna.documentId,
      recipient: '+491711234567',
    });
    await tick(app);
    panel = (
      await request(app.http).get(`/messaging/appointments/${booked.documentId}/panel`).set(auth)
    ).body.data;
    // the manual reminder went out, but the bubble speaks of the confirmation: still planned, with its time
    expect(panel.indicator).toBe('queued');
    expect(Date.parse(panel.plannedAt)).toBeGreaterThan(Date.now() - 60_000);
    const confirmation = (
      await messageRows(app, { appointmentDocumentId: booked.documentId, kind: 'confirmation' })
    )[0];
    await makeDue(app, confirmation.id);
    await tick(app);
    panel = (
      await request(app.http).get(`/messaging/appointments/${booked.documentId}/panel`).set(auth)
    ).body.data;
    expect(panel).toMatchObject({ indicator: 'sent', plannedAt: null });
    expect(panel.messages.map((m: any) => m.kind)).toContain('reminder');
    const clientPanel = (
      await request(app.http)
        .get(`/messaging/clients/${anna.documentId}/panel`)
        .set(auth)
        .expect(200)
    ).body.data;
    expect(clientPanel.messages.length).toBeGreaterThanOrEqual(1);
    await request(app.http).get('/messaging/appointments/nope/panel').set(auth).expect(404);
    const bad = await request(app.http)
      .post('/messaging/messages')
      .set(auth)
      .send({ channel: 'sms', appointmentId: 'nope', body: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['appointmentId']);
  });

  it('takes a STOP or REVOKE reply as withdrawn SMS consent and START or YES as given again; an unsigned reply changes nothing', async () => {
    const stopper = await client({ mobile: '0176 99887766', lastName: 'Stopp' });
    const url = 'https://praxis.example.test/api/messaging/webhooks/twilio/inbound';
    const inbound = (body: string, sign = true) => {
      const params = {
        AccountSid: twilio.accountSid,
        From: '+4917699887766',
        To: '+4915100000000',
        Body: body,
        MessageSid: 'SM' + '1'.repeat(32),
      };
      const signature = sign
        ? twilioSdk.getExpectedTwilioSignature(twilio.authToken, url, params)
        : 'forged';
      return request(app.http)
        .post('/api/messaging/webhooks/twilio/inbound')
        .type('form')
        .set('X-Twilio-Signature', signature)
        .send(params);
    };
    const consent = async () =>
      (
        (await app.strapi
          .documents(CLIENT)
          .findOne({ documentId: stopper.documentId, populate: ['consent'] })) as any
      ).consent;

    await inbound('STOP', false).expect(403);
    expect((await consent()).at(-1)).toMatchObject({ channel: 'threema', granted: true });
    const stopped = await inbound(' stop ').expect(200);
    expect(stopped.text).toContain('<Response></Response>');
    expect((await consent()).at(-1)).toMatchObject({
      channel: 'sms',
      granted: false,
      source: 'SMS reply "STOP"',
    });
    await inbound('Danke, bis Dienstag!').expect(200);
    expect((await consent()).length).toBe(3);
    await inbound('START').expect(200);
    expect((await consent()).at(-1)).toMatchObject({
      channel: 'sms',
      granted: true,
      source: 'SMS reply "START"',
    });
    // Twilio's other defaults: REVOKE stops SMS, YES starts them again; a keyword inside a sentence is a text
    await inbound('Bitte STOP').expect(200);
    expect((await consent()).length).toBe(4);
    await inbound('revoke').expect(200);
    expect((await consent()).at(-1)).toMatchObject({
      channel: 'sms',
      granted: false,
      source: 'SMS reply "REVOKE"',
    });
    await inbound('Yes!').expect(200);
    expect((await consent()).at(-1)).toMatchObject({
      channel: 'sms',
      granted: true,
      source: 'SMS reply "YES"',
    });
  });
});
