import request from 'supertest';
import { mailbox } from '../helpers/env';
import { bootWithFakes, type FakedPlayground } from '../helpers/with-fakes';
import { countMessages, enableChannels, makeDue, messageRows, tick } from '../helpers/messaging';
import { adminWithPermissions, type TestApp } from '../helpers/strapi';

describe('sending through the outbox (real Twilio SDK and Threema client against local fakes)', () => {
  let faked: FakedPlayground;
  let app: TestApp;
  let token: string;
  let twilio: FakedPlayground['twilio'];
  let threema: FakedPlayground['threema'];
  const auth = () => ({ Authorization: `Bearer ${token}` });
  const send = (body: Record<string, unknown>) =>
    request(app.http).post('/messaging/messages').set(auth()).send(body);

  beforeAll(async () => {
    faked = await bootWithFakes({
      MESSAGING_PROVIDER_TIMEOUT_MS: '800',
      MESSAGING_MAX_ATTEMPTS: '3',
      MESSAGING_RETRY_BASE_MS: '1000',
      MESSAGING_RECONCILE_AFTER_SECONDS: '0',
    });
    ({ app, token, twilio, threema } = faked);
    await enableChannels(app, token);
  });
  afterAll(async () => faked?.stop());

  it('queues a manual SMS, and the dispatcher sends it once through the Twilio SDK', async () => {
    const response = await send({
      channel: 'sms',
      to: '0171 1234567',
      body: 'Hallo Frau Müller, Ihr Termin ist bestätigt.',
    });
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({
      status: 'queued',
      channel: 'sms',
      kind: 'manual',
      recipient: '+491711234567',
      segments: 1,
      costCents: 10,
    });
    expect(twilio.messages).toHaveLength(0); // nothing is sent inside the request

    const result = await tick(app);
    expect(result.sent).toBe(1);
    expect(twilio.messages).toHaveLength(1);
    expect(twilio.messages[0]).toMatchObject({
      to: '+491711234567',
      from: 'Praxis',
      body: 'Hallo Frau Müller, Ihr Termin ist bestätigt.',
    });
    expect(twilio.messages[0].statusCallback).toBe(
      `https://praxis.example.test/api/messaging/webhooks/twilio?m=${response.body.data.id}`
    );

    const [row] = await messageRows(app, { id: response.body.data.id });
    expect(row).toMatchObject({
      status: 'sent',
      provider: 'twilio',
      providerMessageId: twilio.messages[0].sid,
      attempts: 1,
    });
    expect((await tick(app)).claimed).toBe(0);
    expect(twilio.messages).toHaveLength(1);
  });

  it('counts segments and price of a long SMS (3 segments = 30 ct)', async () => {
    const response = await send({ channel: 'sms', to: '+4915112345678', body: 'a'.repeat(307) });
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({ segments: 3, costCents: 30 });
    await tick(app);
  });

  it('applies smart encoding to SMS when the practice switched it on', async () => {
    await enableChannels(app, token, { smartEncodeSms: true });
    const response = await send({
      channel: 'sms',
      to: '+4915112345678',
      body: '„Termin“ – morgen…',
    });
    expect(response.body.data).toMatchObject({ body: '"Termin" - morgen...', segments: 1 });
    await enableChannels(app, token, { smartEncodeSms: false });
    const plain = await send({ channel: 'sms', to: '+4915112345678', body: '„Termin“ – morgen…' });
    expect(plain.body.data.body).toBe('„Termin“ – morgen…');
    await tick(app);
  });

  it('uses the idempotency key: a repeated request queues nothing new', async () => {
    const body = {
      channel: 'sms',
      to: '+4915112345678',
      body: 'Einmal bitte',
      idempotencyKey: 'client-key-0001',
    };
    const first = await send(body);
    const second = await send(body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.data.id).toBe(first.body.data.id);
    const viaHeader = await request(app.http)
      .post('/messaging/messages')
      .set({ ...auth(), 'Idempotency-Key': 'client-key-0001' })
      .send({ channel: 'sms', to: '+4915112345678', body: 'Einmal bitte' });
    expect(viaHeader.body.data.id).toBe(first.body.data.id);
    const sentBefore = twilio.messages.length;
    await tick(app);
    expect(twilio.messages.length - sentBefore).toBe(1);
  });

  it('sends Threema end to end: the fake gateway decrypts exactly our text', async () => {
    const response = await send({
      channel: 'threema',
      to: 'klient01',
      body: 'Grüße aus der Praxis – Threema ✓',
    });
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({ recipient: 'KLIENT01', costCents: 1.5 });
    await tick(app);
    expect(threema.messages.at(-1)).toMatchObject({
      to: 'KLIENT01',
      text: 'Grüße aus der Praxis – Threema ✓',
      mode: 'e2e',
    });
    const [row] = await messageRows(app, { id: response.body.data.id });
    expect(row).toMatchObject({
      status: 'sent',
      provider: 'threema',
      providerMessageId: threema.messages.at(-1)!.id,
    });
  });

  it('sends e-mail through Strapi’s email plugin', async () => {
    const response = await send({
      channel: 'email',
      to: 'klient@example.org',
      subject: 'Praxisurlaub',
      body: 'Die Praxis ist geschlossen.',
    });
    expect(response.status).toBe(201);
    await tick(app);
    expect(mailbox().at(-1)).toMatchObject({
      to: 'klient@example.org',
      subject: 'Praxisurlaub',
      text: 'Die Praxis ist geschlossen.',
    });
  });

  it('sends to a client record’s number when given clientId', async () => {
    const client = await app.strapi.documents('api::client.client').create({
      data: {
        recordNumber: 'T-1',
        firstName: 'Eva',
        lastName: 'Östermann-Lüdke',
        mobile: '0176 12345678',
        email: 'eva@example.org',
      } as any,
    });
    const response = await send({ channel: 'sms', clientId: client.documentId, body: 'Hallo Eva' });
    expect(response.status).toBe(201);
    expect(response.body.data).toMatchObject({
      recipient: '+4917612345678',
      clientId: client.documentId,
    });
    const noThreema = await send({
      channel: 'threema',
      clientId: client.documentId,
      body: 'Hallo',
    });
    expect(noThreema.status).toBe(400);
    expect(noThreema.body.error.message).toContain('clientId has no Threema ID');
    await tick(app);
  });

  describe('refuses bad input with 400 naming the field and queues nothing', () => {
    it.each([
      [{ channel: 'sms', to: '030 12345678', body: 'x' }, 'to', 'landline'],
      [{ channel: 'sms', to: '0171 123', body: 'x' }, 'to', 'not a valid phone number'],
      [{ channel: 'sms', to: 'hello', body: 'x' }, 'to', 'not a valid phone number'],
      [{ channel: 'threema', to: 'ABC', body: 'x' }, 'to', 'Threema ID'],
      [{ channel: 'threema', to: 'ABCDEFG!', body: 'x' }, 'to', 'Threema ID'],
      [{ channel: 'email', to: 'not-an-address', body: 'x' }, 'to', 'e-mail'],
      [{ channel: 'sms', to: '+4915112345678', body: '' }, 'body', 'non-empty'],
      [{ channel: 'sms', to: '+4915112345678', body: '   ' }, 'body', 'non-empty'],
      [{ channel: 'sms', to: '+4915112345678', body: 'a'.repeat(1601) }, 'body', '1600'],
      [{ channel: 'threema', to: 'KLIENT01', body: 'ä'.repeat(1751) }, 'body', '3500'],
      [{ channel: 'fax', to: '+4915112345678', body: 'x' }, 'channel', 'must be one of'],
      [{ channel: 'sms', body: 'x' }, 'to', 'or clientId is required'],
      [{ channel: 'sms', clientId: 'does-not-exist', body: 'x' }, 'clientId', 'no client'],
      [
        { channel: 'sms', to: '+4915112345678', body: 'x', idempotencyKey: 'short' },
        'idempotencyKey',
        '8-200',
      ],
    ])('%j -> %s', async (body, field, words) => {
      const before = await countMessages(app);
      const response = await send(body);
      expect(response.status).toBe(400);
      expect(response.body.error.details.errors.map((e: any) => e.path.join('.'))).toContain(field);
      expect(response.body.error.message).toContain(words);
      expect(await countMessages(app)).toBe(before);
    });
  });

  it('answers 409 for a channel that is switched off, and queues nothing', async () => {
    await enableChannels(app, token, { smsEnabled: false });
    const before = await countMessages(app);
    const response = await send({ channel: 'sms', to: '+4915112345678', body: 'x' });
    expect(response.status).toBe(409);
    expect(response.body.error.message).toMatch(/SMS is switched off.*Allow SMS/);
    expect(await countMessages(app)).toBe(before);
    await enableChannels(app, token, { smsEnabled: true });
  });

  it('skips, visibly, a queued message whose channel was switched off before sending', async () => {
    const response = await send({ channel: 'threema', to: 'KLIENT02', body: 'Kommt nicht an' });
    await enableChannels(app, token, { threemaEnabled: false });
    const sentBefore = threema.messages.length;
    const result = await tick(app);
    expect(result.skipped).toBe(1);
    expect(threema.messages.length).toBe(sentBefore);
    const [row] = await messageRows(app, { id: response.body.data.id });
    expect(row).toMatchObject({ status: 'skipped', errorCode: 'channel-disabled' });
    await enableChannels(app, token, { threemaEnabled: true });
  });

  it('retries a 429 no sooner than Retry-After, then sends', async () => {
    twilio.faults.push({ kind: 'http', status: 429, code: 20429, retryAfter: '30' });
    const response = await send({ channel: 'sms', to: '+4915112345670', body: 'Nach 429' });
    const before = Date.now();
    expect((await tick(app)).retried).toBe(1);
    let [row] = await messageRows(app, { id: response.body.data.id });
    expect(row).toMatchObject({ status: 'queued', errorCode: 'twilio:20429', attempts: 1 });
    expect(new Date(row.sendAfter).getTime()).toBeGreaterThanOrEqual(before + 30_000 - 50);
    expect((await tick(app)).claimed).toBe(0); // not due yet

    await makeDue(app, row.id);
    expect((await tick(app)).sent).toBe(1);
    [row] = await messageRows(app, { id: response.body.data.id });
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(row.history.map((h: any) => h.status)).toEqual(['queued', 'queued', 'sent']);
  });

  it('caps an absurd Retry-After (a year) at 10 minutes, the default dispatcher.retryAfterCapMs', async () => {
    twilio.faults.push({ kind: 'http', status: 429, code: 20429, retryAfter: '31536000' });
    const id = (await send({ channel: 'sms', to: '+4915112345674', body: 'Ein Jahr warten?' })).body
      .data.id;
    const before = Date.now();
    expect((await tick(app)).retried).toBe(1);
    const [row] = await messageRows(app, { id });
    expect(row).toMatchObject({ status: 'queued', errorCode: 'twilio:20429' });
    const due = new Date(row.sendAfter).getTime();
    expect(due).toBeLessThanOrEqual(Date.now() + 10 * 60_000);
    // still the longest wait the cap allows, never sooner than the backoff
    expect(due).toBeGreaterThanOrEqual(before + 10 * 60_000 - 50);
    await makeDue(app, id);
    await tick(app);
  });

  it('retries what certainly did not arrive (5xx), looks up what may have (timeout, reset) before sending again, and fails after the last attempt', async () => {
    twilio.faults.push(
      { kind: 'http', status: 503 },
      { kind: 'hang', ms: 1500 },
      { kind: 'destroy' }
    );
    const to = '+4915112345671';
    const response = await send({ channel: 'sms', to, body: 'Dreimal Pech' });
    const id = response.body.data.id;
    const trail: string[] = [];
    for (let step = 0; step < 8; step += 1) {
      await tick(app);
      const [row] = await messageRows(app, { id });
      trail.push(`${row.status} ${row.errorCode}`);
      if (row.status === 'failed') break;
      await makeDue(app, id);
    }
    expect(trail).toEqual([
      'queued twilio:503', // an HTTP answer: nothing was created, a plain retry
      expect.stringMatching(/^checking network:(ECONNABORTED|ETIMEDOUT)$/), // the request was written, no answer
      // Twilio has no such message: safe to send again, in the same tick; the connection drops after the request
      expect.stringMatching(/^checking network:(ECONNRESET|EPIPE)$/),
      expect.stringMatching(/^failed network:(ECONNRESET|EPIPE)$/), // absent again, and no attempts left
    ]);
    const [row] = await messageRows(app, { id });
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(row.history.map((entry: { status: string }) => entry.status)).toEqual([
      'queued',
      'queued',
      'checking',
      'queued',
      'checking',
      'failed',
    ]);
    // three requests reached Twilio, none was accepted, and the lookups sent nothing
    expect(twilio.received.filter((entry) => entry.to === to)).toHaveLength(3);
    expect(twilio.messages.filter((message) => message.to === to)).toHaveLength(0);
    // the last failure is final: its reason no longer promises a retry
    expect(row.errorMessage).not.toMatch(/will retry/);
    expect(row.history.at(-1).note).not.toMatch(/will retry/);
    const detail = await request(app.http).get(`/messaging/messages/${id}`).set(auth()).expect(200);
    expect(detail.body.data.reason.en).toMatch(/gave up, not sent/);
    expect(detail.body.data.reason.de).not.toMatch(/neuer Versuch/);
  });

  it('says a 429 that outlasted every attempt failed for good, without "will retry"', async () => {
    twilio.faults.push(
      ...[1, 2, 3].map(() => ({ kind: 'http' as const, status: 429, code: 20429, retryAfter: '1' }))
    );
    const id = (await send({ channel: 'sms', to: '+4915112345673', body: 'Immer 429' })).body.data
      .id;
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await tick(app);
      const [row] = await messageRows(app, { id });
      if (row.status === 'queued') await makeDue(app, id);
    }
    const [row] = await messageRows(app, { id });
    expect(row).toMatchObject({ status: 'failed', attempts: 3, errorCode: 'twilio:20429' });
    expect(row.meta.reason).toEqual({
      de: 'Twilio war bei jedem Versuch überlastet; nicht gesendet.',
      en: 'Twilio was rate limiting on every attempt; gave up, not sent.',
    });
    const detail = await request(app.http).get(`/messaging/messages/${id}`).set(auth()).expect(200);
    expect(detail.body.data.reason.en).toBe(
      'Twilio was rate limiting on every attempt; gave up, not sent.'
    );
  });

  it.each([
    [21211, 'The mobile number is not valid.'],
    [21610, 'The client has opted out of SMS (STOP).'],
    [21614, 'The number cannot receive SMS.'],
  ])(
    'fails Twilio %s at once, with the code and a reason in German and English',
    async (code, english) => {
      twilio.faults.push({ kind: 'http', status: 400, code });
      const response = await send({ channel: 'sms', to: '+4915112345672', body: `Fehler ${code}` });
      const result = await tick(app);
      expect(result.failed).toBe(1);
      const detail = await request(app.http)
        .get(`/messaging/messages/${response.body.data.id}`)
        .set(auth());
      expect(detail.body.data).toMatchObject({
        status: 'failed',
        errorCode: `twilio:${code}`,
        attempts: 1,
      });
      expect(detail.body.data.reason.en).toBe(english);
      expect(detail.body.data.reason.de.length).toBeGreaterThan(10);
    }
  );

  it.each([
    [402, 'No Threema credits left.'],
    [404, 'This Threema ID does not exist.'],
  ])('fails Threema %s at once', async (status, english) => {
    threema.faults.push({ status });
    const response = await send({ channel: 'threema', to: 'KLIENT02', body: `Fehler ${status}` });
    await tick(app);
    const detail = await request(app.http)
      .get(`/messaging/messages/${response.body.data.id}`)
      .set(auth());
    expect(detail.body.data).toMatchObject({ status: 'failed', errorCode: `threema:${status}` });
    expect(detail.body.data.reason.en).toBe(english);
  });

  it('retries a Threema 429 after its Retry-After', async () => {
    threema.faults.push({ status: 429, retryAfter: '20' });
    const response = await send({ channel: 'threema', to: 'KLIENT02', body: 'Später' });
    await tick(app);
    const [row] = await messageRows(app, { id: response.body.data.id });
    expect(row).toMatchObject({ status: 'queued', errorCode: 'threema:429' });
    expect(new Date(row.sendAfter).getTime() - Date.now()).toBeGreaterThan(18_000);
  });

  it('fails a bounced e-mail at once (SMTP 550), with the cause in its error, its history and the server log', async () => {
    const warnings: string[] = [];
    const spy = jest
      .spyOn(app.strapi.log, 'warn')
      .mockImplementation(((message: string) => void warnings.push(String(message))) as never);
    try {
      const response = await send({
        channel: 'email',
        to: 'bounce@example.org',
        subject: 'x',
        body: 'x',
      });
      await tick(app);
      const [row] = await messageRows(app, { id: response.body.data.id });
      expect(row).toMatchObject({ status: 'failed', errorCode: 'email:failed' });
      expect(row.errorMessage).toContain('550 5.1.1 mailbox unavailable');
      expect(row.history.at(-1).note).toContain('550 5.1.1 mailbox unavailable');
      expect(warnings.filter((line) => line.includes(`message ${row.id}`))).toEqual([
        expect.stringMatching(
          /email message \d+ failed \(email:failed\): 550 5\.1\.1 mailbox unavailable/
        ),
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  it('keeps the cause of a failure that is tried again in the history', async () => {
    twilio.faults.push({ kind: 'http', status: 503, code: 20500 });
    const response = await send({ channel: 'sms', to: '+4915112345678', body: 'Gleich nochmal' });
    await tick(app);
    const [row] = await messageRows(app, { id: response.body.data.id });
    expect(row.status).toBe('queued');
    expect(row.history.at(-1).note).toMatch(
      /^attempt 1 failed \(twilio:503: Twilio answered HTTP 503\); next at /
    );
  });

  it('answers 403 to an admin who may read the log but not send', async () => {
    const reader = await adminWithPermissions(
      app,
      ['plugin::messaging.log.read'],
      'reader@praxis.test'
    );
    const denied = await request(app.http)
      .post('/messaging/messages')
      .set({ Authorization: `Bearer ${reader}` })
      .send({ channel: 'sms', to: '+4915112345678', body: 'x' });
    expect(denied.status).toBe(403);
    await request(app.http)
      .get('/messaging/messages')
      .set({ Authorization: `Bearer ${reader}` })
      .expect(200);
  });

  // last in this file: it stops the dispatcher
  it('sends nothing once the dispatcher is stopped (shutdown): a kick queued just before does not touch the database', async () => {
    const queued = await send({
      channel: 'sms',
      to: '+4915112345678',
      body: 'Nach dem Herunterfahren',
    });
    const sentBefore = twilio.messages.length;
    await app.strapi.plugin('messaging').service('dispatcher').stop();
    const queries: string[] = [];
    const listen = (query: { sql: string }) => void queries.push(query.sql);
    app.strapi.db.connection.on('query', listen);
    try {
      expect(await tick(app)).toEqual({
        claimed: 0,
        sent: 0,
        retried: 0,
        failed: 0,
        skipped: 0,
        expired: 0,
        released: 0,
        reconciled: 0,
      });
    } finally {
      app.strapi.db.connection.off('query', listen);
    }
    expect(queries).toEqual([]);
    expect(twilio.messages).toHaveLength(sentBefore);
    const [row] = await messageRows(app, { id: queued.body.data.id });
    expect(row.status).toBe('queued');
  });
});
