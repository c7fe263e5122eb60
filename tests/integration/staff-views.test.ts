/**
 * What the staff pages read: the send log names each message's client, the
 * waitlist has its own list, and the mass-cancellation preview says which
 * channels each client can receive (expert mode marks the others).
 */
import request from 'supertest';
import { DateTime } from 'luxon';
import { bootWithFakes, type FakedPlayground } from '../helpers/with-fakes';
import { enableChannels, planNotices } from '../helpers/messaging';

const CLIENT = 'api::client.client';
const APPOINTMENT = 'api::appointment.appointment';
const WAITLIST = 'plugin::messaging.waitlist-entry';

describe('staff views', () => {
  let faked: FakedPlayground;
  const get = (url: string) => request(faked.app.http).get(url).set(faked.auth());
  const post = (url: string, body: object) =>
    request(faked.app.http).post(url).set(faked.auth()).send(body);

  beforeAll(async () => {
    faked = await bootWithFakes({ MESSAGING_QUIET_HOURS: 'off' });
    await enableChannels(faked.app, faked.token, { smsEnabled: true, threemaEnabled: false });
  });
  afterAll(async () => faked?.stop());

  const client = (data: Record<string, unknown>) =>
    faked.app.strapi.documents(CLIENT).create({
      data: {
        recordNumber: `V-${Math.random().toString(36).slice(2, 8)}`,
        salutation: 'Frau',
        consent: [{ channel: 'sms', granted: true, date: '2026-01-05', source: 'Anmeldebogen' }],
        ...data,
      } as any,
    });

  it('names the client of each message in the send log, and nobody for a message to a bare number', async () => {
    const vera = await client({ firstName: 'Vera', lastName: 'Verlauf', mobile: '0171 4445556' });
    await post('/messaging/messages', {
      channel: 'sms',
      clientId: vera.documentId,
      body: 'Bis morgen.',
    }).expect(201);
    await post('/messaging/messages', {
      channel: 'sms',
      to: '+4915112345678',
      body: 'Ohne Akte.',
    }).expect(201);
    const log = (await get('/messaging/messages?pageSize=10').expect(200)).body.data;
    expect(log.find((m: any) => m.body === 'Bis morgen.')).toMatchObject({
      clientId: vera.documentId,
      clientName: 'Vera Verlauf',
    });
    expect(log.find((m: any) => m.body === 'Ohne Akte.')).toMatchObject({
      clientId: null,
      clientName: null,
    });
  });

  it('gives the appointment list one bubble per appointment in one request, and the panel the slip to copy and print', async () => {
    const lena = await client({
      firstName: 'Lena',
      lastName: 'Liste',
      mobile: '0171 4445559',
      email: 'lena@example.org',
    });
    const start = DateTime.now()
      .setZone('Europe/Berlin')
      .plus({ days: 9 })
      .set({ hour: 11, minute: 0, second: 0, millisecond: 0 });
    const booked = await faked.app.strapi.documents(APPOINTMENT).create({
      data: {
        start: start.toISO(),
        end: start.plus({ minutes: 50 }).toISO(),
        client: lena.documentId,
        location: 'Raum 2',
      } as any,
    });
    const quiet = await faked.app.strapi.documents(APPOINTMENT).create({
      data: {
        start: start.plus({ hours: 2 }).toISO(),
        end: start.plus({ hours: 3 }).toISO(),
        location: 'Raum 2',
      } as any,
    });
    await planNotices(faked.app);
    const bubbles = (
      await get(
        `/messaging/appointments/indicators?ids=${booked.documentId},${quiet.documentId}`
      ).expect(200)
    ).body.data;
    expect(bubbles[booked.documentId]).toMatchObject({ indicator: 'queued' });
    expect(new Date(bubbles[booked.documentId].plannedAt).getTime()).toBeGreaterThan(Date.now());
    expect(bubbles[quiet.documentId]).toEqual({ indicator: 'none', plannedAt: null });
    // the list column and the panel say the same
    const panel = (await get(`/messaging/appointments/${booked.documentId}/panel`).expect(200)).body
      .data;
    expect(panel.indicator).toBe(bubbles[booked.documentId].indicator);
    expect(panel.slip.link).toMatch(/^https:\/\/praxis\.example\.test\/s\/\w+$/);
    expect(panel.slip.page).toContain('Terminzettel');
    const missing = await get('/messaging/appointments/indicators?ids=');
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors[0]).toMatchObject({ path: ['ids'] });
    expect(
      (
        await get(
          `/messaging/appointments/indicators?ids=${Array.from({ length: 101 }, (_, i) => `a${i}`).join(',')}`
        )
      ).status
    ).toBe(400);
    expect((await get('/messaging/appointments/indicators?ids=a%27b')).status).toBe(400);
  });

  it('answers 409 with a German and English reason for the Dry-run outbox when it is off (outside the demo)', async () => {
    const off = await get('/messaging/dry-run-outbox');
    expect(off.status).toBe(409);
    expect(off.body.error.details.reason.de).toContain('Testversand-Posteingang ist ausgeschaltet');
    expect(off.body.error.details.reason.en).toContain('dry-run outbox is off');
    expect((await get('/messaging/status').expect(200)).body.data.dryRun).toEqual({
      chargeAsReal: false,
      outbox: false,
    });
  });

  it("gives the record type's editor the plugin's notice defaults with the mapping", async () => {
    const mapping = (await get('/messaging/mapping').expect(200)).body.data;
    expect(mapping.recordTypeUid).toBe('api::record-type.record-type');
    expect(mapping.noticeDefaults.confirmation).toEqual({ email: true, sms: false, threema: true });
    expect(mapping.noticeDefaults.reminder.offsetsHours).toEqual([24]);
  });

  it('lists the waitlist of the practice, newest first, with paging checked', async () => {
    const wanda = await client({ firstName: 'Wanda', lastName: 'Warte', mobile: '0171 4445557' });
    await faked.app.strapi.db.query(WAITLIST as never).create({
      data: {
        practice: 'default',
        clientDocumentId: wanda.documentId,
        clientName: 'Wanda Warte',
        since: new Date(),
        note: 'dienstags',
      },
    });
    await faked.app.strapi.db.query(WAITLIST as never).create({
      data: {
        practice: 'other',
        clientDocumentId: wanda.documentId,
        clientName: 'Wanda Warte',
        since: new Date(),
        note: 'andere Praxis',
      },
    });
    const list = (await get('/messaging/waitlist').expect(200)).body;
    expect(list.data.map((entry: any) => entry.note)).toEqual(['dienstags']);
    expect(list.data[0]).toMatchObject({ clientId: wanda.documentId, clientName: 'Wanda Warte' });
    expect((await get('/messaging/waitlist?page=0')).status).toBe(400);
  });

  it('says per client which channels a cancellation can reach', async () => {
    const day = DateTime.now().setZone('Europe/Berlin').plus({ days: 12 }).toISODate()!;
    const withMobile = await client({
      firstName: 'Mia',
      lastName: 'Mobil',
      mobile: '0171 4445558',
      email: 'mia@example.org',
    });
    const mailOnly = await client({
      firstName: 'Emil',
      lastName: 'Mail',
      email: 'emil@example.org',
      consent: [],
    });
    for (const [who, hour] of [
      [withMobile, 9],
      [mailOnly, 10],
    ] as const) {
      const start = DateTime.fromISO(`${day}T${String(hour).padStart(2, '0')}:00`, {
        zone: 'Europe/Berlin',
      });
      await faked.app.strapi.documents(APPOINTMENT).create({
        data: {
          start: start.toISO(),
          end: start.plus({ minutes: 50 }).toISO(),
          client: who.documentId,
          location: 'Raum 1',
        } as any,
      });
    }
    const preview = (
      await post('/messaging/mass-cancellation/preview', { days: [day], channel: 'auto' }).expect(
        200
      )
    ).body.data;
    const of = (id: string) =>
      preview.appointments.find((a: any) => a.clientId === id).reachableChannels;
    expect(of(withMobile.documentId)).toEqual(['email', 'sms']); // Threema is switched off
    expect(of(mailOnly.documentId)).toEqual(['email']);
  });
});
