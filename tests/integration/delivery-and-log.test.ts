import request from 'supertest';
import twilioSdk from 'twilio';
import { bootWithFakes, type FakedPlayground } from '../helpers/with-fakes';
import {
  enableChannels,
  makeDue,
  messageRows,
  tick,
  UID_MESSAGE,
  tickUntil,
} from '../helpers/messaging';
import type { TestApp } from '../helpers/strapi';

describe('delivery reports, the send log, needs-review and retention', () => {
  let faked: FakedPlayground;
  let app: TestApp;
  let token: string;
  let twilio: FakedPlayground['twilio'];
  let threema: FakedPlayground['threema'];
  const auth = () => ({ Authorization: `Bearer ${token}` });
  const send = (body: Record<string, unknown>) =>
    request(app.http).post('/messaging/messages').set(auth()).send(body);
  const postTwilio = (
    callback: { path: string; params: Record<string, string>; signature: string },
    signature = callback.signature
  ) =>
    request(app.http)
      .post(callback.path)
      .type('form')
      .set('X-Twilio-Signature', signature)
      .send(callback.params);

  beforeAll(async () => {
    faked = await bootWithFakes({ MESSAGING_LEASE_SECONDS: '30' });
    ({ app, token, twilio, threema } = faked);
    await enableChannels(app, token);
  });
  afterAll(async () => faked?.stop());

  describe('Twilio status callbacks', () => {
    let id: number;
    let sid: string;
    beforeAll(async () => {
      id = (await send({ channel: 'sms', to: '+4915112345678', body: 'Zustellung' })).body.data.id;
      await tick(app);
      sid = twilio.messages.at(-1)!.sid;
    });

    it('refuses a missing or wrong signature with 403 and changes nothing', async () => {
      const callback = twilio.statusCallback(sid, 'delivered');
      await request(app.http).post(callback.path).type('form').send(callback.params).expect(403);
      await postTwilio(callback, 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=').expect(403);
      const tampered = { ...callback, params: { ...callback.params, MessageStatus: 'failed' } };
      await postTwilio(tampered, callback.signature).expect(403);
      expect((await messageRows(app, { id }))[0].status).toBe('sent');
    });

    it('applies a signed "delivered" report', async () => {
      await postTwilio(twilio.statusCallback(sid, 'delivered')).expect(204);
      const [row] = await messageRows(app, { id });
      expect(row.status).toBe('delivered');
      expect(row.deliveredAt).toBeTruthy();
    });

    it('never moves backwards on late, repeated or out-of-order reports', async () => {
      await postTwilio(twilio.statusCallback(sid, 'sent')).expect(204);
      await postTwilio(twilio.statusCallback(sid, 'delivered')).expect(204);
      await postTwilio(twilio.statusCallback(sid, 'undelivered', { ErrorCode: '30003' })).expect(
        204
      );
      const [row] = await messageRows(app, { id });
      expect(row.status).toBe('delivered');
      expect(row.history.filter((h: any) => h.status === 'delivered')).toHaveLength(1);
    });

    it('records an undelivered report with the carrier’s error code', async () => {
      const other = (await send({ channel: 'sms', to: '+4915112345679', body: 'Funkloch' })).body
        .data.id;
      await tick(app);
      const otherSid = twilio.messages.at(-1)!.sid;
      await postTwilio(
        twilio.statusCallback(otherSid, 'undelivered', { ErrorCode: '30003' })
      ).expect(204);
      const detail = await request(app.http)
        .get(`/messaging/messages/${other}`)
        .set(auth())
        .expect(200);
      expect(detail.body.data).toMatchObject({
        status: 'undeliverable',
        errorCode: 'twilio:30003',
      });
      expect(detail.body.data.reason.de).toBe('Das Handy ist nicht erreichbar.');
    });
  });

  describe('Threema delivery receipts (end-to-end mode)', () => {
    let id: number;
    let threemaId: string;
    beforeAll(async () => {
      id = (await send({ channel: 'threema', to: 'KLIENT01', body: 'Bitte bestätigen' })).body.data
        .id;
      await tick(app);
      threemaId = threema.messages.at(-1)!.id;
    });

    it('refuses a callback with a wrong MAC (400) and changes nothing', async () => {
      const forged = threema.deliveryReceipt('KLIENT01', threemaId, 0x01, {
        secret: 'not-the-secret',
      });
      await request(app.http)
        .post('/api/messaging/webhooks/threema')
        .type('form')
        .send(forged)
        .expect(400);
      expect((await messageRows(app, { id }))[0].status).toBe('sent');
    });

    it('decrypts a receipt and marks the message delivered; a repeat changes nothing', async () => {
      const receipt = threema.deliveryReceipt('KLIENT01', threemaId, 0x02);
      await request(app.http)
        .post('/api/messaging/webhooks/threema')
        .type('form')
        .send(receipt)
        .expect(204);
      await request(app.http)
        .post('/api/messaging/webhooks/threema')
        .type('form')
        .send(receipt)
        .expect(204);
      const [row] = await messageRows(app, { id });
      expect(row.status).toBe('delivered');
      expect(row.history.filter((h: any) => h.status === 'delivered')).toHaveLength(1);
    });

    const postReceipt = (fields: Record<string, string>) =>
      request(app.http)
        .post('/api/messaging/webhooks/threema')
        .type('form')
        .send(fields)
        .expect(204);
    const sendThreema = async (to: string) => {
      const messageId = (await send({ channel: 'threema', to, body: 'Quittung?' })).body.data.id;
      await tick(app);
      return { messageId, threemaMessageId: threema.messages.at(-1)!.id };
    };

    it('counts a receipt only from the message’s recipient: one from another Threema ID changes nothing', async () => {
      const { messageId, threemaMessageId } = await sendThreema('KLIENT01');
      await postReceipt(threema.deliveryReceipt('KLIENT02', threemaMessageId, 0x02));
      expect((await messageRows(app, { id: messageId }))[0].status).toBe('sent');
      await postReceipt(threema.deliveryReceipt('KLIENT01', threemaMessageId, 0x02));
      expect((await messageRows(app, { id: messageId }))[0].status).toBe('delivered');
    });

    it('counts a receipt only if dated in a plausible window after the send: not 2001, not 31 days later', async () => {
      const { messageId, threemaMessageId } = await sendThreema('KLIENT01');
      const now = Math.floor(Date.now() / 1000);
      await postReceipt(
        threema.deliveryReceipt('KLIENT01', threemaMessageId, 0x01, { date: 978_307_200 })
      ); // 2001-01-01
      await postReceipt(
        threema.deliveryReceipt('KLIENT01', threemaMessageId, 0x01, { date: now - 3600 })
      ); // an hour before the send
      await postReceipt(
        threema.deliveryReceipt('KLIENT01', threemaMessageId, 0x01, { date: now + 31 * 86_400 })
      );
      expect((await messageRows(app, { id: messageId }))[0].status).toBe('sent');
      // a phone whose clock is a minute behind is fine
      await postReceipt(
        threema.deliveryReceipt('KLIENT01', threemaMessageId, 0x01, { date: now - 60 })
      );
      expect((await messageRows(app, { id: messageId }))[0].status).toBe('delivered');
    });
  });

  describe('SMS consent from Twilio: opt-outs and STOP/START in order, bound to their message', () => {
    const CLIENT = 'api::client.client';
    const inboundUrl = 'https://praxis.example.test/api/messaging/webhooks/twilio/inbound';
    let counter = 0;
    const newClient = async () => {
      counter += 1;
      const digits = String(counter).padStart(4, '0');
      const created = await app.strapi.documents(CLIENT).create({
        data: {
          recordNumber: `C-${digits}`,
          firstName: 'Olga',
          lastName: `Optout${digits}`,
          mobile: `0176 5550${digits}`,
          consent: [{ channel: 'sms', granted: true, date: '2026-01-05', source: 'Anmeldebogen' }],
        } as any,
      });
      return { documentId: created.documentId, e164: `+491765550${digits}` };
    };
    const reply = (from: string, body: string) => {
      const params = {
        AccountSid: twilio.accountSid,
        From: from,
        To: '+4915100000000',
        Body: body,
        MessageSid: `SM${'2'.repeat(32)}`,
      };
      const signature = twilioSdk.getExpectedTwilioSignature(twilio.authToken, inboundUrl, params);
      return request(app.http)
        .post('/api/messaging/webhooks/twilio/inbound')
        .type('form')
        .set('X-Twilio-Signature', signature)
        .send(params)
        .expect(200);
    };
    /** the client's SMS consent entries, oldest first, as [granted, source] */
    const smsConsent = async (documentId: string) =>
      (
        ((await app.strapi.documents(CLIENT).findOne({ documentId, populate: ['consent'] })) as any)
          .consent as any[]
      )
        .filter((entry) => entry.channel === 'sms')
        .map((entry) => [entry.granted, entry.source]);
    const sendSms = async (clientId: string) => {
      const id = (await send({ channel: 'sms', clientId, body: 'Hallo' })).body.data.id;
      await tick(app);
      return { id, sid: twilio.messages.at(-1)!.sid };
    };
    const report = (sid: string, status: string, extra: Record<string, string> = {}) =>
      postTwilio(twilio.statusCallback(sid, status, extra)).expect(204);
    const optOutReport = (sid: string) => report(sid, 'undelivered', { ErrorCode: '21610' });
    const INTAKE = [true, 'Anmeldebogen'];
    const OPTED_OUT = [false, 'STOP / Twilio 21610'];

    it('withdraws SMS consent for a 21610 report once; its replay adds nothing', async () => {
      const client = await newClient();
      const { sid } = await sendSms(client.documentId);
      await optOutReport(sid);
      await optOutReport(sid);
      expect(await smsConsent(client.documentId)).toEqual([INTAKE, OPTED_OUT]);
    });

    it('keeps the consent a START reply gave when the old 21610 report is replayed afterwards', async () => {
      const client = await newClient();
      const { sid } = await sendSms(client.documentId);
      await optOutReport(sid);
      await reply(client.e164, 'START');
      await optOutReport(sid);
      expect(await smsConsent(client.documentId)).toEqual([
        INTAKE,
        OPTED_OUT,
        [true, 'SMS reply "START"'],
      ]);
    });

    it('does not withdraw for a late 21610 about a message sent before the latest START, only for one sent after it', async () => {
      const client = await newClient();
      const before = await sendSms(client.documentId);
      await reply(client.e164, 'STOP');
      await reply(client.e164, 'START');
      await optOutReport(before.sid); // arrives late, and is the first report about it
      expect((await messageRows(app, { id: before.id }))[0]).toMatchObject({
        status: 'undeliverable',
        errorCode: 'twilio:21610',
      });
      const afterStart = [INTAKE, [false, 'SMS reply "STOP"'], [true, 'SMS reply "START"']];
      expect(await smsConsent(client.documentId)).toEqual(afterStart);

      const after = await sendSms(client.documentId);
      await optOutReport(after.sid);
      expect(await smsConsent(client.documentId)).toEqual([...afterStart, OPTED_OUT]);
    });

    it('opts nothing out for a 21610 report that is ignored as stale or about an unknown message', async () => {
      const client = await newClient();
      const { id, sid } = await sendSms(client.documentId);
      await report(sid, 'delivered');
      await optOutReport(sid); // the message was delivered: this report is stale
      expect((await messageRows(app, { id }))[0].status).toBe('delivered');
      // the callback URL names this message, the report another one: it is unknown
      const otherSid = `SM${'9'.repeat(32)}`;
      await report(sid, 'undelivered', {
        ErrorCode: '21610',
        MessageSid: otherSid,
        SmsSid: otherSid,
      });
      expect(await smsConsent(client.documentId)).toEqual([INTAKE]);
    });

    it('adds a STOP or START entry only when it changes the consent: a second STOP adds nothing', async () => {
      const client = await newClient();
      await reply(client.e164, 'START'); // consent is given already
      await reply(client.e164, 'STOP');
      await reply(client.e164, 'Stop');
      await reply(client.e164, 'START');
      await reply(client.e164, 'START');
      expect(await smsConsent(client.documentId)).toEqual([
        INTAKE,
        [false, 'SMS reply "STOP"'],
        [true, 'SMS reply "START"'],
      ]);
      const stored: any = await app.strapi
        .documents(CLIENT)
        .findOne({ documentId: client.documentId, populate: ['consent'] });
      // the playground keeps the moment, not only the day: events of one day stay in order
      expect(new Date(stored.consent.at(-1).date).getTime()).toBeGreaterThan(Date.now() - 60_000);
    });

    it('applies the same rule to a 21610 on sending: no second "withdrawn" when consent is withdrawn already', async () => {
      const client = await newClient();
      // queued while consent is given, withdrawn before it goes out
      await send({ channel: 'sms', clientId: client.documentId, body: 'Hallo' }).expect(201);
      await reply(client.e164, 'STOP');
      twilio.faults.push({ kind: 'http', status: 400, code: 21610 });
      await tick(app); // refused by Twilio: consent is withdrawn already, so nothing may be added
      // a new message by hand is refused at once: the one reachability rule, a withdrawal stops the channel
      const refused = await send({ channel: 'sms', clientId: client.documentId, body: 'Hallo' });
      expect(refused.status).toBe(409);
      expect(refused.body.error.details.reason.de).toContain('widersprochen');

      await reply(client.e164, 'START');
      twilio.faults.push({ kind: 'http', status: 400, code: 21610 });
      await sendSms(client.documentId);
      // The dispatcher's events are handled in order after its tick: once the second 21610 is written,
      // the first has been handled too. Wait (bounded) for that write instead of a fixed sleep.
      let history: unknown[] = [];
      for (let waited = 0; waited < 10_000; waited += 100) {
        history = await smsConsent(client.documentId);
        if (JSON.stringify(history.at(-1)) === JSON.stringify(OPTED_OUT)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(history).toEqual([
        INTAKE,
        [false, 'SMS reply "STOP"'],
        [true, 'SMS reply "START"'],
        OPTED_OUT,
      ]);
    });
  });

  describe('a crash between the provider accepting and the database recording', () => {
    it('looks a Twilio send up when its instance died after the hand-over: found, it is recorded as sent, not sent again', async () => {
      const body = 'Angekommen, aber nicht vermerkt';
      const id = (await send({ channel: 'sms', to: '+4915112345601', body })).body.data.id;
      await tick(app);
      const [accepted] = await messageRows(app, { id });
      expect(accepted.status).toBe('sent');
      // As if the instance had died between Twilio accepting and the database recording it.
      await app.strapi.db.query(UID_MESSAGE as never).update({
        where: { id },
        data: {
          status: 'sending',
          providerMessageId: null,
          leaseOwner: 'dead-instance:2',
          leaseUntil: new Date(Date.now() - 1000),
          chargeState: null,
        },
      });
      const sentBefore = twilio.messages.length;
      expect((await tick(app)).expired).toBe(1);
      expect((await messageRows(app, { id }))[0].status).toBe('checking');
      await makeDue(app, id);
      expect((await tick(app)).reconciled).toBe(1);
      const [row] = await messageRows(app, { id });
      expect(row).toMatchObject({ status: 'sent', providerMessageId: accepted.providerMessageId });
      // charged by the billing pass after the tick, once
      expect(row.chargeState).toBe('charged');
      expect(twilio.messages.length).toBe(sentBefore);
    });

    it('turns an expired lease of a provider that cannot be asked (Threema) into needs-review (no silent second send) and resends only on request', async () => {
      const id = (await send({ channel: 'threema', to: 'KLIENT01', body: 'Abgestürzt?' })).body.data
        .id;
      // Another instance handed the row over and died: its lease is already over.
      await app.strapi.db.query(UID_MESSAGE as never).update({
        where: { id },
        data: {
          status: 'sending',
          leaseOwner: 'dead-instance:1',
          leaseUntil: new Date(Date.now() - 1000),
          attempts: 1,
        },
      });
      const sentBefore = threema.messages.length;
      const result = await tick(app);
      expect(result.expired).toBe(1);
      expect(threema.messages.length).toBe(sentBefore);

      const log = await request(app.http)
        .get('/messaging/messages?status=needs-review')
        .set(auth())
        .expect(200);
      expect(log.body.data.map((m: any) => m.id)).toContain(id);
      expect(log.body.data.find((m: any) => m.id === id).reason.en).toContain(
        'unclear whether the provider got the message'
      );

      await tick(app);
      expect(threema.messages.length).toBe(sentBefore);

      const resent = await request(app.http)
        .post(`/messaging/messages/${id}/resend`)
        .set(auth())
        .expect(200);
      expect(resent.body.data.status).toBe('queued');
      await tick(app);
      expect(threema.messages.length).toBe(sentBefore + 1);
      expect((await messageRows(app, { id }))[0].status).toBe('sent');
      await request(app.http).post(`/messaging/messages/${id}/resend`).set(auth()).expect(409);
    });

    it('gives a claimed row whose instance died back to the queue: it never left, so it is simply sent', async () => {
      const id = (await send({ channel: 'sms', to: '+4915112345602', body: 'Nur reserviert' })).body
        .data.id;
      await app.strapi.db.query(UID_MESSAGE as never).update({
        where: { id },
        data: {
          status: 'claimed',
          leaseOwner: 'dead-instance:3',
          leaseUntil: new Date(Date.now() - 1000),
        },
      });
      const result = await tick(app);
      expect(result.released).toBe(1);
      const [row] = await messageRows(app, { id });
      expect(row).toMatchObject({ status: 'sent', attempts: 1 });
      expect(twilio.messages.filter((message) => message.to === '+4915112345602')).toHaveLength(1);
    });
  });

  describe('the send log API', () => {
    it('filters by channel, status, kind and text, and pages', async () => {
      for (let n = 0; n < 3; n += 1)
        await send({
          channel: 'email',
          to: `log${n}@example.org`,
          subject: `Log ${n}`,
          body: `Suchwort${n}`,
        });
      const emails = await request(app.http)
        .get('/messaging/messages?channel=email&pageSize=2')
        .set(auth())
        .expect(200);
      expect(emails.body.data).toHaveLength(2);
      expect(emails.body.meta.pagination).toMatchObject({
        page: 1,
        pageSize: 2,
        total: 3,
        pageCount: 2,
      });
      expect(emails.body.data.every((m: any) => m.channel === 'email')).toBe(true);
      const page2 = await request(app.http)
        .get('/messaging/messages?channel=email&pageSize=2&page=2')
        .set(auth());
      expect(page2.body.data).toHaveLength(1);

      const search = await request(app.http).get('/messaging/messages?q=Suchwort1').set(auth());
      expect(search.body.data.map((m: any) => m.recipient)).toEqual(['log1@example.org']);

      const queued = await request(app.http)
        .get('/messaging/messages?status=queued&kind=manual')
        .set(auth());
      expect(queued.body.data.length).toBe(3);
      const today = new Date().toISOString().slice(0, 10);
      const dated = await request(app.http)
        .get(`/messaging/messages?from=${today}&to=${today}&channel=email`)
        .set(auth());
      expect(dated.body.meta.pagination.total).toBe(3);
      const future = await request(app.http).get('/messaging/messages?from=2099-01-01').set(auth());
      expect(future.body.meta.pagination.total).toBe(0);
    });

    it('searches for %, _ and \\ literally and without regard to case, the same on every database', async () => {
      const bodies = [
        'Rabatt 100% heute',
        'Rabatt 100 Prozent',
        'Datei a_b.pdf',
        'Datei axb.pdf',
        'Pfad C:\\Praxis',
        'Pfad C:Praxis',
        'GROSSE Schrift',
      ];
      for (const [n, body] of bodies.entries())
        await send({ channel: 'email', to: `search${n}@example.org`, subject: 'Suche', body });
      const found = async (q: string) =>
        (
          await request(app.http)
            .get(`/messaging/messages?q=${encodeURIComponent(q)}&channel=email&pageSize=100`)
            .set(auth())
            .expect(200)
        ).body.data
          .map((m: any) => m.recipient)
          .filter((to: string) => to.startsWith('search'))
          .sort();
      expect(await found('100%')).toEqual(['search0@example.org']);
      expect(await found('a_b')).toEqual(['search2@example.org']);
      expect(await found('C:\\')).toEqual(['search4@example.org']);
      expect(await found('große schrift')).toEqual([]); // ß is no SS: no folding beyond case
      expect(await found('grosse schrift')).toEqual(['search6@example.org']);
      expect(await found('rabatt 100')).toEqual(['search0@example.org', 'search1@example.org']);
    });

    it('gives the log of one client', async () => {
      const client = await app.strapi.documents('api::client.client').create({
        data: {
          recordNumber: 'L-1',
          firstName: 'Lia',
          lastName: 'Log',
          email: 'lia@example.org',
        } as any,
      });
      await send({
        channel: 'email',
        clientId: client.documentId,
        subject: 'Hallo',
        body: 'Für Lia',
      });
      const log = await request(app.http)
        .get(`/messaging/messages?client=${client.documentId}`)
        .set(auth())
        .expect(200);
      expect(log.body.data).toHaveLength(1);
      expect(log.body.data[0]).toMatchObject({
        clientId: client.documentId,
        recipient: 'lia@example.org',
      });
    });

    it('shows a timeline of status changes in the detail view', async () => {
      const id = (await send({ channel: 'sms', to: '+4915112345601', body: 'Zeitleiste' })).body
        .data.id;
      await tickUntil(
        app,
        async () => (await messageRows(app, { id }))[0].status === 'sent',
        30,
        async () => {
          const [row] = await messageRows(app, { id });
          const { status, sendAfter, leaseOwner, leaseUntil, errorCode, history } = row;
          return { status, sendAfter, leaseOwner, leaseUntil, errorCode, history, now: new Date() };
        }
      );
      const detail = await request(app.http)
        .get(`/messaging/messages/${id}`)
        .set(auth())
        .expect(200);
      expect(detail.body.data.history.map((h: any) => h.status)).toEqual(['queued', 'sent']);
      expect(detail.body.data).toMatchObject({
        segments: 1,
        costCents: 10,
        attempts: 1,
        provider: 'twilio',
      });
    });

    it.each([
      ['channel=fax', 'channel'],
      ['status=lost', 'status'],
      ['kind=spam', 'kind'],
      ['from=yesterday', 'from'],
      ['pageSize=1000', 'pageSize'],
      ['page=0', 'page'],
    ])('refuses ?%s with 400 naming %s', async (query, field) => {
      const response = await request(app.http).get(`/messaging/messages?${query}`).set(auth());
      expect(response.status).toBe(400);
      expect(response.body.error.details.errors[0].path).toEqual([field]);
    });

    it('answers 404 for an unknown message and 400 for a bad id', async () => {
      await request(app.http).get('/messaging/messages/999999').set(auth()).expect(404);
      await request(app.http).get('/messaging/messages/abc').set(auth()).expect(400);
    });
  });

  describe('retention', () => {
    it('deletes final log rows older than 28 days, keeps queued ones and recent ones', async () => {
      const old = new Date(Date.now() - 29 * 86_400_000);
      const query = app.strapi.db.query(UID_MESSAGE as never);
      const sentOld = (
        await send({ channel: 'email', to: 'alt@example.org', subject: 'alt', body: 'alt' })
      ).body.data.id;
      const queuedOld = (
        await send({
          channel: 'email',
          to: 'geplant@example.org',
          subject: 'geplant',
          body: 'geplant',
        })
      ).body.data.id;
      const recent = (
        await send({ channel: 'email', to: 'neu@example.org', subject: 'neu', body: 'neu' })
      ).body.data.id;
      await query.update({ where: { id: sentOld }, data: { status: 'delivered', createdAt: old } });
      await query.update({
        where: { id: queuedOld },
        data: { status: 'queued', createdAt: old, sendAfter: new Date(Date.now() + 86_400_000) },
      });
      await query.update({ where: { id: recent }, data: { status: 'delivered' } });

      const deleted = await app.strapi.plugin('messaging').service('retention').purge();
      expect(deleted).toBe(1);
      const left = (await messageRows(app, { id: { $in: [sentOld, queuedOld, recent] } })).map(
        (row) => row.id
      );
      expect(left).toEqual([queuedOld, recent]);
    });

    it('never deletes an old row that may not have been sent: needs-review, queued, sending', async () => {
      const old = new Date(Date.now() - 60 * 86_400_000);
      const query = app.strapi.db.query(UID_MESSAGE as never);
      const ids: Record<string, number> = {};
      for (const status of ['needs-review', 'queued', 'sending', 'failed'] as const) {
        ids[status] = (
          await send({
            channel: 'email',
            to: `${status}@example.org`,
            subject: status,
            body: status,
          })
        ).body.data.id;
        await query.update({
          where: { id: ids[status] },
          data: { status, createdAt: old, sendAfter: new Date(Date.now() + 86_400_000) },
        });
      }

      expect(await app.strapi.plugin('messaging').service('retention').purge()).toBe(1);
      const left = (await messageRows(app, { id: { $in: Object.values(ids) } })).map(
        (row) => row.status
      );
      expect(left).toEqual(['needs-review', 'queued', 'sending']);
    });
  });
});
