/**
 * The audit trail (who did what, when, for which practice; no content; kept
 * beyond the send log's retention) and a client's data export and erasure
 * (GDPR Art. 15/17), which keeps only what billing needs.
 */
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { DateTime } from 'luxon';
import { bootWithFakes, type FakedPlayground } from '../helpers/with-fakes';
import { enableChannels, messageRows, planNotices, tick } from '../helpers/messaging';
import { mailbox } from '../helpers/env';
import { adminWithPermissions } from '../helpers/strapi';

const CLIENT = 'api::client.client';
const APPOINTMENT = 'api::appointment.appointment';
const DOCUMENT = 'api::document.document';
const WAITLIST = 'plugin::messaging.waitlist-entry';
const SLIP = 'plugin::messaging.slip';
const RELEASE = 'plugin::messaging.document-release';
const CHARGE = 'plugin::messaging.charge';
const MOBILE = '0171 7778889';
const E164 = '+491717778889';
const EMAIL = 'gerda.gdpr@example.org';
/** the second test's client: erasing it must not be confused with the first one's sends */
const OTHER = { mobile: '0171 7778880', e164: '+491717778880', email: 'greta.gdpr@example.org' };

describe('audit trail and a client’s data (GDPR)', () => {
  let faked: FakedPlayground;
  const api = () => request(faked.app.http);
  const post = (url: string, body: object = {}) => api().post(url).set(faked.auth()).send(body);
  const auditOf = async (query = '') =>
    (await api().get(`/messaging/audit${query}`).set(faked.auth()).expect(200)).body;

  async function clientWithEverything(contact = { mobile: MOBILE, email: EMAIL }) {
    const client = await faked.app.strapi.documents(CLIENT).create({
      data: {
        recordNumber: `G-${Math.random().toString(36).slice(2, 8)}`,
        salutation: 'Frau',
        firstName: 'Gerda',
        lastName: 'Geheim',
        email: contact.email,
        mobile: contact.mobile,
        consent: [{ channel: 'sms', granted: true, date: '2026-01-05', source: 'Anmeldebogen' }],
      } as any,
    });
    const start = DateTime.now()
      .setZone('Europe/Berlin')
      .plus({ days: 9 })
      .set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    const appointment = await faked.app.strapi.documents(APPOINTMENT).create({
      data: {
        start: start.toISO(),
        end: start.plus({ minutes: 50 }).toISO(),
        client: client.documentId,
        location: 'Praxisraum 1',
      } as any,
    });
    await planNotices(faked.app);
    const name = `befund-gdpr-${Math.random().toString(36).slice(2, 8)}.pdf`;
    fs.mkdirSync(path.join(faked.app.strapi.dirs.static.public, 'uploads'), { recursive: true });
    fs.writeFileSync(
      path.join(faked.app.strapi.dirs.static.public, 'uploads', name),
      '%PDF-1.4\n%%EOF\n'
    );
    const file = await faked.app.strapi.db.query('plugin::upload.file' as never).create({
      data: {
        name: 'Befund.pdf',
        hash: name.replace('.pdf', ''),
        ext: '.pdf',
        mime: 'application/pdf',
        size: 1,
        url: `/uploads/${name}`,
        provider: 'local',
      },
    });
    const document = await faked.app.strapi.documents(DOCUMENT).create({
      data: { title: 'Befund', client: client.documentId, file: (file as any).id } as any,
    });
    await faked.app.strapi.db.query(WAITLIST as never).create({
      data: {
        practice: 'default',
        clientDocumentId: client.documentId,
        clientName: 'Gerda Geheim',
        since: new Date(),
        note: 'lieber vormittags',
      },
    });
    return {
      client: client.documentId,
      appointment: appointment.documentId,
      document: document.documentId,
    };
  }

  beforeAll(async () => {
    faked = await bootWithFakes({ MESSAGING_QUIET_HOURS: 'off' });
    await enableChannels(faked.app, faked.token, { smsEnabled: true, threemaEnabled: false });
  });
  afterAll(async () => faked?.stop());

  it('records who released, resent, bulk-sent, cancelled a job or changed settings, for which practice, without any content', async () => {
    const ids = await clientWithEverything();
    await api()
      .put('/messaging/settings')
      .set(faked.auth())
      .send({ practiceName: 'Praxis Audit', practicePhone: '030 1234567' })
      .expect(200);
    await post(`/messaging/documents/${ids.document}/release`).expect(201);
    await post(`/messaging/documents/${ids.document}/release/new-code`).expect(200);
    await post(`/messaging/documents/${ids.document}/release/revoke`).expect(200);
    const sent = await post('/messaging/messages', {
      channel: 'sms',
      clientId: ids.client,
      to: E164,
      body: 'Ihr Befund liegt vor, Code 4711.',
    }).expect(201);
    await tick(faked.app);
    // resend is for a message whose fate is unclear (needs review)
    await faked.app.strapi.db
      .query('plugin::messaging.message' as never)
      .update({ where: { id: sent.body.data.id }, data: { status: 'needs-review' } });
    await post(`/messaging/messages/${sent.body.data.id}/resend`).expect(200);
    const bulk = await post('/messaging/bulk', {
      recipients: { clientIds: [ids.client] },
      channel: 'sms',
      text: 'Die Praxis bleibt am Freitag geschlossen.',
    });
    expect(bulk.status).toBe(201);
    await post(`/messaging/batches/${bulk.body.data.id}/cancel`).expect(200);
    // refused actions are no entries
    await post('/messaging/documents/nope/release').expect(404);

    const { data, meta } = await auditOf();
    const actions = data.map((entry: any) => entry.action);
    expect(actions).toEqual([
      'batch.cancelled',
      'bulk.started',
      'message.resent',
      'message.sent',
      'document.revoked',
      'document.new-code',
      'document.released',
      'settings.changed',
      'settings.changed',
    ]);
    expect(meta.pagination.total).toBe(9);
    for (const entry of data) {
      expect(entry).toMatchObject({ practice: 'default', actorName: 'Ada Admin' });
      expect(typeof entry.actorId).toBe('number');
      expect(Date.parse(entry.at)).toBeGreaterThan(Date.now() - 120_000);
    }
    // the newest of each action (enableChannels in beforeAll changed settings too)
    const byAction = Object.fromEntries(
      [...data].reverse().map((entry: any) => [entry.action, entry])
    );
    expect(byAction['settings.changed'].details).toEqual({
      fields: ['practiceName', 'practicePhone'],
    });
    expect(byAction['document.released'].target).toBe(`document:${ids.document}`);
    expect(byAction['document.released'].details).toMatchObject({ delivery: 'standard' });
    expect(byAction['bulk.started']).toMatchObject({
      target: `batch:${bulk.body.data.id}`,
      details: { id: bulk.body.data.id, total: 1, channel: 'sms' },
    });
    expect(byAction['message.sent'].target).toBe(`message:${sent.body.data.id}`);
    const everything = JSON.stringify(data);
    for (const secret of [
      '4711',
      'Befund liegt',
      'geschlossen',
      E164,
      MOBILE,
      EMAIL,
      'Praxis Audit',
      '1234567',
      'Gerda',
      'Geheim',
    ])
      expect(everything).not.toContain(secret);

    // narrowed by action and target; bad filters are 400 naming the field
    expect(
      (await auditOf(`?action=document.released&target=document:${ids.document}`)).data
    ).toHaveLength(1);
    const bad = await api().get('/messaging/audit?action=everything').set(faked.auth());
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('action must be one of');
    expect((await api().get('/messaging/audit?page=1e3').set(faked.auth())).status).toBe(400);

    // kept beyond the send log's four weeks
    const retention = faked.app.strapi.plugin('messaging').service('retention') as {
      purge: (now: Date) => Promise<number>;
    };
    await retention.purge(new Date(Date.now() + 60 * 86_400_000));
    expect((await auditOf()).meta.pagination.total).toBe(9);

    // its own permission
    const reader = await adminWithPermissions(
      faked.app,
      ['plugin::messaging.log.read'],
      'log-reader@praxis.test'
    );
    await api()
      .get('/messaging/audit')
      .set({ Authorization: `Bearer ${reader}` })
      .expect(403);
  });

  it('exports everything the plugin holds about one client as JSON, then erases it; billing keeps its charges without personal data', async () => {
    const ids = await clientWithEverything({ mobile: OTHER.mobile, email: OTHER.email });
    await post(`/messaging/documents/${ids.document}/release`).expect(201);
    const sent = await post('/messaging/messages', {
      channel: 'sms',
      clientId: ids.client,
      to: OTHER.e164,
      body: 'Bis bald in der Praxis.',
    }).expect(201);
    await tick(faked.app); // sends the link, the code and this message: charges pending
    const queued = await post('/messaging/messages', {
      channel: 'sms',
      clientId: ids.client,
      to: OTHER.e164,
      body: 'Noch nicht gesendet.',
      sendAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(queued.status).toBe(201);
    expect(
      await faked.app.strapi.db
        .query(SLIP as never)
        .count({ where: { appointmentDocumentId: ids.appointment } })
    ).toBeGreaterThan(0);

    const exported = await post(`/messaging/clients/${ids.client}/data-export`).expect(200);
    const data = exported.body.data;
    expect(data.client).toBe(ids.client);
    expect(data.messages.map((m: any) => m.text)).toEqual(
      expect.arrayContaining(['Bis bald in der Praxis.', 'Noch nicht gesendet.'])
    );
    expect(
      data.messages
        .map((m: any) => m.to)
        .filter((to: string) => ![OTHER.e164, OTHER.email, ''].includes(to))
    ).toEqual([]);
    expect(data.releases).toHaveLength(1);
    expect(data.releases[0]).toMatchObject({ document: ids.document, delivery: 'standard' });
    expect(data.slips.length).toBeGreaterThan(0);
    expect(data.waitlist).toEqual([expect.objectContaining({ note: 'lieber vormittags' })]);
    // keys are not data about the client: no token, no code hash
    expect(JSON.stringify(data)).not.toMatch(/tokenHash|codeHash|codeSalt|sealed/);
    const token = /\/d\/([A-Za-z0-9]{32})/.exec(mailbox().at(-1)!.text)?.[1];
    if (token) expect(JSON.stringify(data)).not.toContain(token);

    // erasure needs its own permission and asks for nothing else
    const sender = await adminWithPermissions(
      faked.app,
      ['plugin::messaging.send', 'plugin::messaging.log.read'],
      'sender-gdpr@praxis.test'
    );
    await api()
      .post(`/messaging/clients/${ids.client}/erase`)
      .set({ Authorization: `Bearer ${sender}` })
      .expect(403);
    await api()
      .post(`/messaging/clients/${ids.client}/data-export`)
      .set({ Authorization: `Bearer ${sender}` })
      .expect(403);
    await post('/messaging/clients/nobody/erase').expect(404);

    const chargesBefore = await faked.app.strapi.db.query(CHARGE as never).count({});
    expect(chargesBefore).toBeGreaterThan(0);
    // another instance is handing this one to Twilio right now
    const flying = (
      await post('/messaging/messages', {
        channel: 'sms',
        clientId: ids.client,
        to: OTHER.e164,
        body: 'Unterwegs.',
      }).expect(201)
    ).body.data;
    await faked.app.strapi.db.query('plugin::messaging.message' as never).update({
      where: { id: flying.id },
      data: {
        status: 'sending',
        leaseOwner: 'other-instance:1',
        leaseUntil: new Date(Date.now() + 60_000),
      },
    });
    const erased = await post(`/messaging/clients/${ids.client}/erase`).expect(200);
    // the queued message and the appointment's planned reminders
    expect(erased.body.data.messages.cancelled).toBeGreaterThanOrEqual(2);
    expect(await messageRows(faked.app, { id: queued.body.data.id })).toEqual([]);
    expect(erased.body.data).toMatchObject({ releases: 1, waitlist: 1 });
    expect(erased.body.data.slips).toBeGreaterThan(0);

    // nothing more goes out to them, and nothing about them is left
    const sentBefore = faked.twilio.messages.length;
    await faked.app.strapi.db
      .query('plugin::messaging.message' as never)
      .updateMany({ where: { status: 'queued' }, data: { sendAfter: new Date(0) } });
    await tick(faked.app);
    expect(faked.twilio.messages.slice(sentBefore).some((m) => m.to === OTHER.e164)).toBe(false);
    const after = (await post(`/messaging/clients/${ids.client}/data-export`).expect(200)).body
      .data;
    expect(after).toMatchObject({ messages: [], releases: [], slips: [], waitlist: [] });
    const rows = await messageRows(faked.app);
    const left = JSON.stringify(rows);
    for (const personal of [OTHER.e164, OTHER.email, 'Bis bald', ids.client])
      expect(left).not.toContain(personal);
    expect(
      await faked.app.strapi.db
        .query(RELEASE as never)
        .count({ where: { clientDocumentId: ids.client } })
    ).toBe(0);
    expect(
      await faked.app.strapi.db
        .query(WAITLIST as never)
        .count({ where: { clientDocumentId: ids.client } })
    ).toBe(0);

    // the sends are still in the ledger (charges hold no text, number or client), and a send that
    // was in flight at the erasure stays, anonymous, for its outcome and its charge
    expect(await faked.app.strapi.db.query(CHARGE as never).count({})).toBeGreaterThanOrEqual(
      chargesBefore
    );
    const inFlight = rows.find((row: any) => row.id === flying.id) as any;
    expect(inFlight).toMatchObject({
      status: 'sending',
      recipient: '',
      body: '',
      subject: null,
      clientDocumentId: null,
      appointmentDocumentId: null,
      meta: null,
    });
    expect(inFlight.channel).toBe('sms');
    expect(sent.body.data.id).toBeGreaterThan(0);

    const trail = (await auditOf(`?target=client:${ids.client}`)).data.map(
      (entry: any) => entry.action
    );
    expect(trail).toEqual(['client.exported', 'client.erased', 'client.exported']);
  });
});
