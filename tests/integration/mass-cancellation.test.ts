import request from 'supertest';
import { DateTime } from 'luxon';
import { bootWithFakes, type FakedPlayground } from '../helpers/with-fakes';
import { enableChannels, messageRows, planNotices, tick } from '../helpers/messaging';
import { failInsertWhen } from '../helpers/inject-failure';

const APPOINTMENT = 'api::appointment.appointment';
const CLIENT = 'api::client.client';
const WAITLIST = 'plugin::messaging.waitlist-entry';
const zone = 'Europe/Berlin';

describe('mass cancellation (Massenabsage)', () => {
  let faked: FakedPlayground;
  const day = (offset: number) => DateTime.now().setZone(zone).plus({ days: offset }).toISODate()!;
  const at = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone });
  const post = (path: string, body: unknown) =>
    request(faked.app.http)
      .post(path)
      .set(faked.auth())
      .send(body as object);
  const state = async (documentId: string) =>
    ((await faked.app.strapi.documents(APPOINTMENT).findOne({ documentId })) as any).state;

  let n = 0;
  async function book(date: string, time: string, client: Record<string, unknown> = {}) {
    n += 1;
    const created = await faked.app.strapi.documents(CLIENT).create({
      data: {
        recordNumber: `M-${n}`,
        salutation: 'Frau',
        firstName: 'Mia',
        lastName: `Absage${n}`,
        mobile: `0171 20000${String(n).padStart(2, '0')}`,
        email: `mia${n}@example.org`,
        consent: [{ channel: 'sms', granted: true, date: '2026-01-05', source: 'Anmeldebogen' }],
        notificationSettings: {
          confirmation: { email: false, sms: true, threema: false },
          change: { email: false, sms: true, threema: false },
          reminder: { email: false, sms: true, threema: false, offsetsHours: [24] },
          cancellation: { email: true, sms: true, threema: false },
        },
        ...client,
      } as any,
    });
    const start = at(date, time);
    const appointment = await faked.app.strapi.documents(APPOINTMENT).create({
      data: {
        start: start.toISO(),
        end: start.plus({ minutes: 50 }).toISO(),
        client: created.documentId,
        location: 'Praxisraum 2',
      } as any,
    });
    return { client: created.documentId, appointment: appointment.documentId };
  }

  beforeAll(async () => {
    faked = await bootWithFakes({ MESSAGING_QUIET_HOURS: 'off' });
    await enableChannels(faked.app, faked.token, { smsEnabled: true, threemaEnabled: false });
    await request(faked.app.http)
      .put('/messaging/settings')
      .set(faked.auth())
      .send({ practiceName: 'Praxis Lindenblatt' })
      .expect(200);
  });
  afterAll(async () => faked?.stop());

  it('lists the affected appointments of a day and time range with channels and cost', async () => {
    const d = day(10);
    const early = await book(d, '09:00');
    const mid = await book(d, '11:00');
    const late = await book(d, '15:00');
    const preview = (
      await post('/messaging/mass-cancellation/preview', {
        days: [d],
        from: '10:00',
        to: '16:00',
        reason: 'Fortbildung',
      }).expect(200)
    ).body.data;
    expect(preview.appointments.map((a: any) => a.appointmentId)).toEqual([
      mid.appointment,
      late.appointment,
    ]);
    expect(preview.appointments.map((a: any) => a.appointmentId)).not.toContain(early.appointment);
    // "as usual" = each client's own cancellation switches: SMS and e-mail here
    expect(preview.appointments[0].messages.map((m: any) => m.channel)).toEqual(['email', 'sms']);
    const sms = preview.appointments[0].messages.find((m: any) => m.channel === 'sms');
    expect(sms.text).toContain('muss leider ausfallen (Fortbildung)');
    expect(sms.segments).toBe(1);
    expect(preview.cost.perChannel.sms).toMatchObject({
      units: 2,
      freeUnits: 2,
      amountTenthCents: 0,
    });
    expect(preview.days).toEqual([d]);
  });

  it('refuses bad requests with the field named and changes nothing', async () => {
    const bad = async (body: unknown, path: string, text: RegExp) => {
      const response = await post('/messaging/mass-cancellation', body);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(text);
      expect(response.body.error.details.errors.map((e: any) => e.path.join('.'))).toContain(path);
    };
    await bad({ days: [day(-1)] }, 'days.0', /is in the past/);
    await bad({ days: ['2026-13-45'] }, 'days.0', /must be a date/);
    await bad({ days: [day(10), '2027-02-30'] }, 'days.1', /must be a date/); // before: 200 with no days
    await bad({ days: ['2027-04-31'] }, 'days.0', /must be a date/);
    await bad({ days: [day(10)], from: '16:00', to: '10:00' }, 'to', /must be after from/);
    await bad({ days: [day(10)], channel: 'brieftaube' }, 'channel', /must be one of/);
    await bad({}, 'days', /either days .* or appointmentIds/);
    await bad({ days: [day(40)] }, 'days', /no appointments to cancel/);
    await bad(
      { appointmentIds: ['nope'] },
      'appointmentIds.0',
      /no appointment with documentId nope/
    );
    await bad(
      { days: [day(10)], perClient: { stranger: 'sms' } },
      'perClient.stranger',
      /not a client of the affected appointments/
    );
  });

  it('is all or nothing: a failure in the middle leaves every appointment, notice and waitlist as it was', async () => {
    const d = day(12);
    const first = await book(d, '09:00');
    const second = await book(d, '10:00', { mobile: '0171 9999999' });
    await planNotices(faked.app);
    const queuedBefore = (await messageRows(faked.app, { status: 'queued' })).length;
    const removeTrigger = await failInsertWhen(
      faked.app,
      'messaging_messages',
      'recipient',
      '+491719999999'
    );
    try {
      const response = await post('/messaging/mass-cancellation', {
        days: [d],
        channel: 'sms',
        waitlist: true,
      });
      expect(response.status).toBe(500);
    } finally {
      await removeTrigger();
    }
    expect(await state(first.appointment)).toBe('scheduled');
    expect(await state(second.appointment)).toBe('scheduled');
    expect((await messageRows(faked.app, { status: 'queued' })).length).toBe(queuedBefore); // reminders not cancelled, nothing queued
    expect(await faked.app.strapi.db.query(WAITLIST as never).count({})).toBe(0);
    expect(
      await faked.app.strapi.db
        .query('plugin::messaging.batch' as never)
        .count({ where: { kind: 'mass-cancellation' } })
    ).toBe(0);
    // the day is free again: the same request goes through once the database accepts it
    const done = (
      await post('/messaging/mass-cancellation', {
        days: [d],
        channel: 'sms',
        waitlist: true,
      }).expect(201)
    ).body.data;
    expect(done).toMatchObject({ kind: 'mass-cancellation', status: 'running', total: 2 });
  });

  it('cancels, tells each client on the chosen channel (expert mode), puts them on the waitlist, cancels pending reminders', async () => {
    const d = day(14);
    const sms = await book(d, '09:00');
    const email = await book(d, '10:00');
    const silent = await book(d, '11:00');
    await planNotices(faked.app);
    expect(
      (
        await messageRows(faked.app, { appointmentDocumentId: sms.appointment, kind: 'reminder' })
      )[0].status
    ).toBe('queued');
    const response = await post('/messaging/mass-cancellation', {
      days: [d],
      channel: 'sms',
      perClient: { [email.client]: 'email', [silent.client]: 'none' },
      waitlist: true,
      reason: 'Erkrankung',
    }).expect(201);
    const job = response.body.data;
    expect(job.total).toBe(2);
    for (const booked of [sms, email, silent])
      expect(await state(booked.appointment)).toBe('cancelled');
    expect(
      (
        await messageRows(faked.app, { appointmentDocumentId: sms.appointment, kind: 'reminder' })
      )[0]
    ).toMatchObject({ status: 'cancelled', errorCode: 'reason-gone' });
    expect(
      (
        await messageRows(faked.app, {
          appointmentDocumentId: silent.appointment,
          kind: 'cancellation',
        })
      ).length
    ).toBe(0);
    const waitlist = await faked.app.strapi.db
      .query(WAITLIST as never)
      .findMany({ where: { batchId: job.id } });
    expect(waitlist.map((w: any) => w.clientDocumentId).sort()).toEqual(
      [sms.client, email.client, silent.client].sort()
    );

    await tick(faked.app);
    const progress = (
      await request(faked.app.http)
        .get(`/messaging/batches/${job.id}`)
        .set(faked.auth())
        .expect(200)
    ).body.data;
    expect(progress).toMatchObject({ status: 'completed', sent: 2, failed: 0 });
    const text = faked.twilio.messages.find((m) => m.body.includes('(Erkrankung)'));
    expect(text?.body).toMatch(
      /^Guten Tag Frau Absage\d+, Ihr Termin am .* muss leider ausfallen \(Erkrankung\)\./
    );
    const mail = await messageRows(faked.app, {
      appointmentDocumentId: email.appointment,
      kind: 'cancellation',
    });
    expect(mail.map((m) => `${m.channel}/${m.status}`)).toEqual(['email/sent']);
    // the planner does not add a second cancellation notice for these appointments
    await planNotices(faked.app);
    expect(
      (
        await messageRows(faked.app, {
          appointmentDocumentId: sms.appointment,
          kind: 'cancellation',
        })
      ).length
    ).toBe(1);
  });

  it('answers 409 to a second mass cancellation of a day that is still being cancelled', async () => {
    const d = day(16);
    await book(d, '09:00');
    const chosen = await book(d, '10:00');
    const first = (
      await post('/messaging/mass-cancellation', {
        appointmentIds: [chosen.appointment],
        channel: 'sms',
      }).expect(201)
    ).body.data;
    const second = await post('/messaging/mass-cancellation', { days: [d], channel: 'sms' });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain(`${d} is being cancelled`);
    await tick(faked.app);
    expect(
      (await request(faked.app.http).get(`/messaging/batches/${first.id}`).set(faked.auth())).body
        .data.status
    ).toBe('completed');
    // finished: the day can be cancelled again (the remaining appointment)
    const third = (
      await post('/messaging/mass-cancellation', { days: [d], channel: 'sms' }).expect(201)
    ).body.data;
    expect(third.total).toBe(1);
  });
});
