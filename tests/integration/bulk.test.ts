import request from 'supertest';
import { DateTime } from 'luxon';
import { bootWithFakes, type FakedPlayground } from '../helpers/with-fakes';
import { enableChannels, messageRows, tick } from '../helpers/messaging';
import { adminWithPermissions } from '../helpers/strapi';

const CLIENT = 'api::client.client';
const CHARGE = 'plugin::messaging.charge';
/** 2 GSM-7 segments (161-306 characters): the cost figures below depend on it. */
const HOLIDAY =
  'Liebe Klientinnen und Klienten, unsere Praxis ist vom 23.12. bis zum 2.1. geschlossen. In dringenden Fällen erreichen Sie den ärztlichen Bereitschaftsdienst unter 116117. Wir wünschen Ihnen schöne Feiertage! Ihre Praxis Lindenblatt';

describe('bulk notifications', () => {
  let faked: FakedPlayground;
  const ids: Record<string, string> = {};
  let groupType: string;
  const post = (path: string, body: unknown) =>
    request(faked.app.http)
      .post(path)
      .set(faked.auth())
      .send(body as object);

  beforeAll(async () => {
    faked = await bootWithFakes({ MESSAGING_QUIET_HOURS: 'off' });
    await enableChannels(faked.app, faked.token, { smsEnabled: true, threemaEnabled: true });
    const single = await faked.app.strapi
      .documents('api::record-type.record-type')
      .create({ data: { name: 'Einzeltherapie' } as any });
    const group = await faked.app.strapi
      .documents('api::record-type.record-type')
      .create({ data: { name: 'Gruppe' } as any });
    groupType = group.documentId;
    const consent = (...channels: string[]) =>
      channels.map((channel) => ({
        channel,
        granted: true,
        date: '2026-01-05',
        source: 'Anmeldebogen',
      }));
    const clients: Record<string, Record<string, unknown>> = {
      sms1: { mobile: '0171 1000001', consent: consent('sms'), recordType: single.documentId },
      sms2: { mobile: '0171 1000002', consent: consent('sms'), recordType: single.documentId },
      sms3: { mobile: '0171 1000003', consent: consent('sms'), recordType: single.documentId },
      threema: {
        mobile: '0171 1000004',
        threemaId: 'KLIENT02',
        consent: consent('sms', 'threema'),
        recordType: group.documentId,
      },
      mailOnly: { email: 'nur.mail@example.org', recordType: group.documentId },
      nothing: {},
      withdrawn: {
        mobile: '0171 1000007',
        consent: [{ channel: 'sms', granted: false, date: '2026-02-01', source: 'Widerruf' }],
      },
    };
    for (const [key, data] of Object.entries(clients)) {
      const created = await faked.app.strapi.documents(CLIENT).create({
        data: { recordNumber: `B-${key}`, firstName: 'Bulk', lastName: key, ...data } as any,
      });
      ids[key] = created.documentId;
    }
  });
  afterAll(async () => faked?.stop());

  it('tells the admin pages which host collection holds the record types (GET /mapping)', async () => {
    const mapping = (
      await request(faked.app.http).get('/messaging/mapping').set(faked.auth()).expect(200)
    ).body.data;
    expect(mapping).toMatchObject({
      recordTypeUid: 'api::record-type.record-type',
      recordTypeNameField: 'name',
      clientUid: CLIENT,
    });
  });

  it('previews exactly: recipients per channel, who cannot be reached and why, segments and price with the free quota', async () => {
    const preview = (
      await post('/messaging/bulk/preview', {
        recipients: { all: true },
        channel: 'best',
        text: HOLIDAY,
      }).expect(200)
    ).body.data;
    expect(preview.segments).toBe(2);
    expect(preview.perChannel).toEqual({ sms: 3, threema: 1, email: 1 });
    expect(preview.reachable.find((r: any) => r.clientId === ids.threema).channel).toBe('threema'); // Threema where possible
    expect(
      Object.fromEntries(preview.unreachable.map((u: any) => [u.clientId, u.reasons.sort()]))
    ).toEqual({
      [ids.nothing]: ['no-email', 'no-mobile', 'no-threema-id'],
      [ids.withdrawn]: ['no-consent', 'no-email', 'no-threema-id'],
    });
    // 3 SMS x 2 segments = 6 units, 5 free this month -> 1 x 10 ct; 1 Threema message free.
    expect(preview.cost.perChannel.sms).toEqual({
      units: 6,
      freeUnits: 5,
      billedUnits: 1,
      unitPriceTenthCents: 100,
      amountTenthCents: 100,
    });
    expect(preview.cost.perChannel.threema).toEqual({
      units: 1,
      freeUnits: 1,
      billedUnits: 0,
      unitPriceTenthCents: 15,
      amountTenthCents: 0,
    });
    expect(preview.cost).toMatchObject({
      totalTenthCents: 100,
      freeUnitsLeft: { sms: 5, threema: 5 },
      interimInvoice: false,
    });
  });

  it('counts the month’s used free units and says when the interim invoice (over 20 EUR) would be triggered', async () => {
    const month = DateTime.now().setZone('Europe/Berlin').toFormat('yyyy-MM');
    const charge = (messageId: number, units: number, amount: number, chargeMonth = month) =>
      faked.app.strapi.db.query(CHARGE as never).create({
        data: {
          practice: 'default',
          messageId,
          channel: 'sms',
          units,
          freeUnits: amount ? 0 : units,
          unitPriceTenthCents: 100,
          amountTenthCents: amount,
          month: chargeMonth,
          acceptedAt: new Date(),
        },
      });
    await charge(900001, 5, 0); // this month's free SMS are used up
    await charge(900002, 194, 19_400, '2026-01'); // uninvoiced from earlier: 19.40 EUR
    const body = {
      recipients: { recordTypes: [groupType, 'Einzeltherapie'] },
      channel: 'sms',
      text: HOLIDAY,
    };
    let preview = (await post('/messaging/bulk/preview', body).expect(200)).body.data;
    expect(preview.perChannel).toEqual({ sms: 4, threema: 0, email: 0 }); // by record type, by id or by name; mailOnly is unreachable by SMS
    expect(preview.unreachable.map((u: any) => u.clientId)).toEqual([ids.mailOnly]);
    // 4 x 2 = 8 units, none free: 80 ct; 19.40 + 0.80 = 20.20 EUR > 20 EUR
    expect(preview.cost).toMatchObject({
      totalTenthCents: 800,
      freeUnitsLeft: { sms: 0, threema: 5 },
      uninvoicedAfterTenthCents: 20_200,
      interimInvoice: true,
    });
    // exactly 20.00 EUR is not over the threshold: 3 recipients = 6 units = 60 ct
    preview = (
      await post('/messaging/bulk/preview', {
        ...body,
        recipients: { clientIds: [ids.sms1, ids.sms2, ids.sms3] },
      }).expect(200)
    ).body.data;
    expect(preview.cost).toMatchObject({
      totalTenthCents: 600,
      uninvoicedAfterTenthCents: 20_000,
      interimInvoice: false,
    });
    await faked.app.strapi.db
      .query(CHARGE as never)
      .deleteMany({ where: { messageId: { $in: [900001, 900002] } } });
  });

  it('refuses bad requests with the field named, and queues nothing', async () => {
    const before = (await messageRows(faked.app)).length;
    const bad = async (body: unknown, status: number, path: string, text: RegExp) => {
      const response = await post('/messaging/bulk', body);
      expect(response.status).toBe(status);
      expect(response.body.error.message).toMatch(text);
      if (status === 400)
        expect(response.body.error.details.errors.map((e: any) => e.path.join('.'))).toContain(
          path
        );
      else expect(response.body.error.details.path).toEqual([path]);
    };
    await bad(
      { recipients: { all: true }, channel: 'sms', text: '   ' },
      400,
      'text',
      /text must be a non-empty text/
    );
    await bad(
      { recipients: { all: true }, channel: 'fax', text: 'x' },
      400,
      'channel',
      /channel must be one of email, sms, threema, best/
    );
    await bad(
      { recipients: { all: true, clientIds: [ids.sms1] }, channel: 'sms', text: 'x' },
      400,
      'recipients',
      /exactly one of/
    );
    await bad(
      { recipients: { clientIds: ['nope'] }, channel: 'sms', text: 'x' },
      400,
      'recipients.clientIds',
      /do not exist: nope/
    );
    await bad(
      { recipients: { clientIds: [ids.nothing] }, channel: 'best', text: 'x' },
      400,
      'recipients',
      /none of these clients can be reached/
    );
    await bad(
      {
        recipients: { appointmentsFrom: 'gestern', appointmentsTo: '2026-12-01' },
        channel: 'sms',
        text: 'x',
      },
      400,
      'recipients.appointmentsFrom',
      /must be a date/
    );
    // not days of any calendar (Date.parse rolls 02-30 over to March) and record types that do not exist: before, 200 with nobody
    await bad(
      {
        recipients: { appointmentsFrom: '2027-02-30', appointmentsTo: '2027-03-01' },
        channel: 'sms',
        text: 'x',
      },
      400,
      'recipients.appointmentsFrom',
      /must be a date/
    );
    await bad(
      {
        recipients: { recordTypes: ['Gibt es nicht', 'Einzeltherapie'] },
        channel: 'sms',
        text: 'x',
      },
      400,
      'recipients.recordTypes',
      /do not exist: Gibt es nicht$/
    );
    expect(
      (
        await request(faked.app.http)
          .post('/messaging/bulk/preview')
          .set(faked.auth())
          .send({ recipients: { recordTypes: ['Gibt es nicht'] }, channel: 'sms', text: 'x' })
      ).status
    ).toBe(400);
    await enableChannels(faked.app, faked.token, { smsEnabled: false });
    await bad(
      { recipients: { all: true }, channel: 'sms', text: 'x' },
      409,
      'channel',
      /SMS is switched off/
    );
    await enableChannels(faked.app, faked.token, { smsEnabled: true });
    expect((await messageRows(faked.app)).length).toBe(before);
  });

  it('refuses a text over Threema’s 3,500 bytes in preview and send, as the manual send does, and queues nothing', async () => {
    const euros = '€'.repeat(1600); // 1,600 characters (SMS allows them), 4,800 bytes of UTF-8
    const before = (await messageRows(faked.app)).length;
    const threemaOnly = {
      recipients: { clientIds: [ids.threema] },
      channel: 'threema',
      text: euros,
    };
    const refusals = [
      await post('/messaging/bulk/preview', threemaOnly),
      await post('/messaging/bulk', threemaOnly),
      // "best" would send it by Threema to the client who has an ID
      await post('/messaging/bulk/preview', {
        recipients: { all: true },
        channel: 'best',
        text: euros,
      }),
      await post('/messaging/bulk', { recipients: { all: true }, channel: 'best', text: euros }),
    ];
    for (const response of refusals) {
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(
        /text is 4800 bytes; Threema allows at most 3500/
      );
      const [problem] = response.body.error.details.errors;
      expect(problem.path).toEqual(['text']);
      expect(problem.reason).toEqual({
        de: 'Der Text ist 4800 Bytes lang; Threema erlaubt höchstens 3500 Bytes (UTF-8).',
        en: 'The text is 4800 bytes long; Threema allows at most 3500 bytes (UTF-8).',
      });
    }
    // the manual send refuses the same text with the same rule
    const manual = await post('/messaging/messages', {
      channel: 'threema',
      to: 'KLIENT02',
      body: euros,
    });
    expect(manual.status).toBe(400);
    expect(manual.body.error.details.errors[0]).toMatchObject({
      path: ['body'],
      reason: refusals[0].body.error.details.errors[0].reason,
    });
    // by SMS alone the same text is fine: the limit is Threema's
    await post('/messaging/bulk/preview', {
      recipients: { clientIds: [ids.sms1] },
      channel: 'sms',
      text: euros,
    }).expect(200);
    // exactly 3,500 bytes pass
    await post('/messaging/bulk/preview', { ...threemaOnly, text: `${'€'.repeat(1166)}xx` }).expect(
      200
    );
    expect((await messageRows(faked.app)).length).toBe(before);
  });

  it('sends a confirmed job to the end and shows its progress', async () => {
    const started = (
      await post('/messaging/bulk', {
        recipients: { all: true },
        channel: 'best',
        text: HOLIDAY,
        subject: 'Praxis geschlossen',
      }).expect(201)
    ).body.data;
    expect(started).toMatchObject({
      kind: 'bulk',
      status: 'running',
      total: 5,
      queued: 5,
      sent: 0,
    });
    await tick(faked.app);
    const done = (
      await request(faked.app.http)
        .get(`/messaging/batches/${started.id}`)
        .set(faked.auth())
        .expect(200)
    ).body.data;
    expect(done).toMatchObject({ status: 'completed', total: 5, sent: 5, failed: 0, queued: 0 });
    expect(
      faked.twilio.messages
        .filter((m) => m.body === HOLIDAY)
        .map((m) => m.to)
        .sort()
    ).toEqual(['+491711000001', '+491711000002', '+491711000003']);
    const rows = await messageRows(faked.app, { batchId: started.id });
    expect(rows.find((r) => r.channel === 'email')).toMatchObject({
      subject: 'Praxis geschlossen',
      recipient: 'nur.mail@example.org',
      status: 'sent',
    });
    const list = (
      await request(faked.app.http).get('/messaging/batches').set(faked.auth()).expect(200)
    ).body.data;
    expect(list[0]).toMatchObject({ id: started.id, status: 'completed' });
  });

  it('cancels a running job: its queued messages are cancelled, nothing more goes out; a finished job cannot be cancelled', async () => {
    const sentBefore = faked.twilio.messages.length;
    const started = (
      await post('/messaging/bulk', {
        recipients: { clientIds: [ids.sms1, ids.sms2] },
        channel: 'sms',
        text: 'Kurzer Hinweis: heute keine Sprechstunde.',
      }).expect(201)
    ).body.data;
    const cancelled = (await post(`/messaging/batches/${started.id}/cancel`, {}).expect(200)).body
      .data;
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelled: 2, queued: 0 });
    await tick(faked.app);
    expect(faked.twilio.messages.length).toBe(sentBefore);
    const again = await post(`/messaging/batches/${started.id}/cancel`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('is cancelled');
    await request(faked.app.http).get('/messaging/batches/999999').set(faked.auth()).expect(404);
  });

  it('needs its own permission, separate from manual sending', async () => {
    const sender = await adminWithPermissions(
      faked.app,
      ['plugin::messaging.send', 'plugin::messaging.log.read'],
      'sender@praxis.test'
    );
    await request(faked.app.http)
      .post('/messaging/bulk/preview')
      .set({ Authorization: `Bearer ${sender}` })
      .send({ recipients: { all: true }, channel: 'sms', text: 'x' })
      .expect(403);
    await request(faked.app.http)
      .post('/messaging/mass-cancellation/preview')
      .set({ Authorization: `Bearer ${sender}` })
      .send({ days: ['2030-01-01'] })
      .expect(403);
    const bulkStaff = await adminWithPermissions(
      faked.app,
      ['plugin::messaging.bulk.send'],
      'bulk@praxis.test'
    );
    await request(faked.app.http)
      .post('/messaging/bulk/preview')
      .set({ Authorization: `Bearer ${bulkStaff}` })
      .send({ recipients: { all: true }, channel: 'sms', text: 'x' })
      .expect(200);
  });
});
