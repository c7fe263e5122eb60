import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { bootWithFakes, type FakedPlayground } from '../helpers/with-fakes';
import { enableChannels, messageRows, tick, tickUntil } from '../helpers/messaging';
import { mailbox } from '../helpers/env';
import { adminWithPermissions } from '../helpers/strapi';
import { hashToken } from '../../server/src/access/domain/access-code';

const CLIENT = 'api::client.client';
const DOCUMENT = 'api::document.document';
const RELEASE = 'plugin::messaging.document-release';
const PDF = Buffer.from(
  '%PDF-1.4\n% Befund für die Tests\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'
);

describe('access codes for secure document downloads', () => {
  let faked: FakedPlayground;
  /** every body the tests saw: API answers, pages, e-mails, log lines; no code may be in any of them */
  const seen: string[] = [];
  const logLines: string[] = [];
  const codes: string[] = [];
  const files: string[] = [];

  const api = {
    get: async (url: string) => keep(await request(faked.app.http).get(url).set(faked.auth())),
    post: async (url: string, body: object = {}) =>
      keep(await request(faked.app.http).post(url).set(faked.auth()).send(body)),
  };
  const page = {
    get: async (url: string) => keep(await request(faked.app.http).get(url)),
    post: async (url: string, form: Record<string, string> = {}) =>
      keep(await request(faked.app.http).post(url).type('form').send(form)),
  };
  function keep<T extends { text: string }>(response: T): T {
    seen.push(response.text ?? '');
    return response;
  }
  const setDelivery = (accessCodeDelivery: string) =>
    request(faked.app.http)
      .put('/messaging/settings')
      .set(faked.auth())
      .send({ accessCodeDelivery })
      .expect(200);
  /** The code as the client's phone got it (the fake Twilio is the phone). */
  const lastCode = () => {
    const match = /Zugangscode für den Dokumentendownload: ([A-Z0-9]+)/.exec(
      faked.twilio.messages.at(-1)!.body
    );
    codes.push(match![1]);
    return match![1];
  };
  /** The code of one release as its SMS reached the phone (the fake Twilio), found by the send's SID: other tests' codes go to the same number. */
  const codeOfRelease = async (releaseId: number) => {
    const rows = (await messageRows(faked.app, { kind: 'access-code' })).filter(
      (row: any) => row.meta?.releaseId === releaseId && row.providerMessageId
    );
    const sms = faked.twilio.messages.find((m) => m.sid === rows.at(-1)?.providerMessageId);
    const code = /Zugangscode für den Dokumentendownload: ([A-Z0-9]+)/.exec(sms?.body ?? '')?.[1];
    if (!code) throw new Error(`no code SMS for release ${releaseId}`);
    codes.push(code);
    return code;
  };
  /** The link of one release from the client's inbox, found by its hash (the newest mail may be another test's). */
  const tokenOfRelease = async (releaseId: number) => {
    const release = (await faked.app.strapi.db
      .query(RELEASE as never)
      .findOne({ where: { id: releaseId } })) as { tokenHash: string };
    const tokens = mailbox()
      .map((mail) => /\/d\/([A-Za-z0-9]{32})/.exec(mail.text)?.[1])
      .filter((token): token is string => Boolean(token));
    const token = tokens.reverse().find((candidate) => hashToken(candidate) === release.tokenHash);
    if (!token) throw new Error(`no link mail for release ${releaseId}`);
    return token;
  };
  /** Every access-code SMS and link e-mail handed to the providers. */
  const codesAllSent = async () =>
    (await faked.app.strapi.db.query('plugin::messaging.message' as never).count({
      where: {
        kind: { $in: ['access-code', 'download-link'] },
        status: { $in: ['queued', 'claimed', 'sending', 'checking'] },
      },
    })) === 0;
  const tokenFromMail = () => /\/d\/([A-Za-z0-9]{32})/.exec(mailbox().at(-1)!.text)![1];
  /** A document of a new client with this mobile, released in self-service delivery: the document and the link's token. */
  const releaseSelfService = async (mobile: string) => {
    await setDelivery('self-service');
    const document = await documentFor({ mobile });
    await api
      .post(`/messaging/documents/${document.documentId}/release`)
      .then((r) => expect(r.status).toBe(201));
    await tick(faked.app);
    return { document, token: tokenFromMail() };
  };

  async function documentFor(clientData: Record<string, unknown> = {}, withFile = true) {
    const client = await faked.app.strapi.documents(CLIENT).create({
      data: {
        recordNumber: `D-${Math.random().toString(36).slice(2, 8)}`,
        salutation: 'Herr',
        firstName: 'Dieter',
        lastName: 'Download',
        email: 'dieter@example.org',
        mobile: '0171 5556667',
        consent: [{ channel: 'sms', granted: true, date: '2026-01-05', source: 'Anmeldebogen' }],
        ...clientData,
      } as any,
    });
    let file: any = null;
    if (withFile) {
      const name = `befund-${Math.random().toString(36).slice(2, 8)}.pdf`;
      const target = path.join(faked.app.strapi.dirs.static.public, 'uploads', name);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, PDF);
      // a release moves it to the private folder
      files.push(target, path.join(faked.app.strapi.dirs.app.root, 'private-uploads', name));
      file = await faked.app.strapi.db.query('plugin::upload.file' as never).create({
        data: {
          name: 'Befund.pdf',
          hash: name.replace('.pdf', ''),
          ext: '.pdf',
          mime: 'application/pdf',
          size: PDF.length / 1000,
          url: `/uploads/${name}`,
          provider: 'local',
        },
      });
    }
    return faked.app.strapi.documents(DOCUMENT).create({
      data: {
        title: 'Befundbericht März',
        client: client.documentId,
        ...(file ? { file: file.id } : {}),
      } as any,
    });
  }

  beforeAll(async () => {
    faked = await bootWithFakes({
      MESSAGING_QUIET_HOURS: 'off',
      MESSAGING_PUBLIC_URL: 'https://praxis.example.test',
      MESSAGING_PUBLIC_BURST: '200',
    });
    await enableChannels(faked.app, faked.token, { smsEnabled: true, threemaEnabled: false });
    await request(faked.app.http)
      .put('/messaging/settings')
      .set(faked.auth())
      .send({ practiceName: 'Praxis Lindenblatt' })
      .expect(200);
    const log = faked.app.strapi.log as any;
    for (const level of ['error', 'warn', 'info', 'http', 'debug']) {
      const original = log[level].bind(log);
      log[level] = (...args: unknown[]) => {
        logLines.push(args.map(String).join(' '));
        return original(...args);
      };
    }
    const originalConsole = console.log;
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      logLines.push(args.map(String).join(' '));
      originalConsole(...args);
    });
  });
  afterAll(async () => {
    for (const file of files) fs.rmSync(file, { force: true });
    await faked?.stop();
  });

  it('standard: the link goes by e-mail, the code by SMS at the same time; the right code streams the file once proven', async () => {
    await setDelivery('standard');
    const document = await documentFor();
    const released = await api.post(`/messaging/documents/${document.documentId}/release`);
    expect(released.status).toBe(201);
    expect(released.body.data).toMatchObject({
      released: true,
      delivery: 'standard',
      locked: false,
      failedAttempts: 0,
      downloads: [],
    });
    await tick(faked.app);
    const mail = mailbox().at(-1)!;
    seen.push(mail.text, mail.subject, mail.html ?? '');
    expect(mail).toMatchObject({
      to: 'dieter@example.org',
      subject: 'Ein Dokument für Sie: Praxis Lindenblatt',
    });
    const token = tokenFromMail();
    expect(mail.text).toContain(`https://praxis.example.test/d/${token}`);
    const code = lastCode();
    expect(code).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXYZ2-9]{6}$/);
    expect(faked.twilio.messages.at(-1)!.to).toBe('+491715556667');
    expect(mail.text).not.toContain(code); // never in the same message as the link

    const form = await page.get(`/d/${token}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Befundbericht März');
    expect(form.text).not.toContain('Dieter'); // nothing else about the client
    const wrong = await page.post(`/d/${token}`, { code: 'ZZZZZZ' });
    expect(wrong.status).toBe(403);
    expect(wrong.text).toContain('Noch 4 Versuche');
    const file = await request(faked.app.http)
      .post(`/d/${token}`)
      .type('form')
      .send({ code: ` ${code.slice(0, 3).toLowerCase()}-${code.slice(3)} ` })
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain('Befund.pdf');
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);

    const status = (await api.get(`/messaging/documents/${document.documentId}/release`)).body.data;
    expect(status.downloads).toHaveLength(1);
    expect(Object.keys(status.downloads[0])).toEqual(['at']); // the time, not the code
    expect(status.failedAttempts).toBe(0);
    const [logRow] = await messageRows(faked.app, { kind: 'access-code' });
    expect(logRow.status).toBe('sent');
    expect(logRow.body).toBe(
      'Ihr Zugangscode für den Dokumentendownload: ****** Ihre Praxis Lindenblatt'
    );
    expect(logRow.meta.sealed).toBeNull(); // the sealed text is gone once sent
    seen.push(JSON.stringify((await api.get('/messaging/messages?kind=access-code')).body));
    seen.push(JSON.stringify((await api.get(`/messaging/messages/${logRow.id}`)).body));
  });

  it('locks after 5 wrong entries, visibly for staff; a new code from staff opens it again and the old one is void', async () => {
    await setDelivery('standard');
    const document = await documentFor();
    await api
      .post(`/messaging/documents/${document.documentId}/release`)
      .then((r) => expect(r.status).toBe(201));
    await tick(faked.app);
    const token = tokenFromMail();
    const code = lastCode();
    const wrongs: { status: number; text: string }[] = [];
    for (let n = 1; n <= 4; n += 1) wrongs.push(await page.post(`/d/${token}`, { code: 'AAAAAA' }));
    expect(wrongs.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect(wrongs[3].text).toContain('Noch 1 Versuch.'); // one try, in words
    const fifth = await page.post(`/d/${token}`, { code: 'AAAAAA' });
    expect(fifth.status).toBe(423);
    expect(fifth.text).toContain('der Download ist gesperrt');
    expect((await page.post(`/d/${token}`, { code })).status).toBe(423); // even the right code, once locked
    expect((await page.get(`/d/${token}`)).text).toContain('gesperrt');
    const status = (await api.get(`/messaging/documents/${document.documentId}/release`)).body.data;
    expect(status).toMatchObject({ locked: true, failedAttempts: 5 });

    const renewed = await api.post(`/messaging/documents/${document.documentId}/release/new-code`);
    expect(renewed.body.data).toMatchObject({ locked: false, failedAttempts: 0 });
    await tick(faked.app);
    const newCode = lastCode();
    expect(newCode).not.toBe(code);
    expect((await page.post(`/d/${token}`, { code })).status).toBe(403);
    expect((await page.post(`/d/${token}`, { code: newCode })).status).toBe(200);
  });

  it('expires: an expired link looks exactly like one that never existed', async () => {
    await setDelivery('standard');
    const document = await documentFor();
    await api.post(`/messaging/documents/${document.documentId}/release`);
    await tick(faked.app);
    const token = tokenFromMail();
    lastCode();
    expect((await page.get(`/d/${token}`)).status).toBe(200);
    await faked.app.strapi.db.query(RELEASE as never).updateMany({
      where: { documentDocumentId: document.documentId },
      data: { codeExpiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await page.get(`/d/${token}`);
    const unknown = await page.get(`/d/${'x'.repeat(32)}`);
    const malformed = await page.get('/d/short');
    expect([expired.status, unknown.status, malformed.status]).toEqual([404, 404, 404]);
    expect(expired.text).toBe(unknown.text);
    expect(malformed.text).toBe(unknown.text);
    expect(unknown.text).toContain('Nicht gefunden oder abgelaufen');
  });

  it('self-service: no code with the e-mail; the client asks on the page, to the number on record, 3 times an hour at most', async () => {
    await setDelivery('self-service');
    const sentBefore = faked.twilio.messages.length;
    const document = await documentFor({ mobile: '0171 7778889' });
    await api
      .post(`/messaging/documents/${document.documentId}/release`)
      .then((r) => expect(r.status).toBe(201));
    await tick(faked.app);
    expect(faked.twilio.messages.length).toBe(sentBefore); // no SMS spent yet
    const token = tokenFromMail();
    const form = await page.get(`/d/${token}`);
    expect(form.text).toContain('Code an meine hinterlegte Handynummer senden');
    expect((await page.post(`/d/${token}`, { code: 'ABCDEF' })).text).toContain(
      'Bitte fordern Sie zuerst einen Code an'
    );

    const asked: string[] = [];
    for (let n = 0; n < 3; n += 1) {
      const sent = await page.post(`/d/${token}/code`, { mobile: '+4915199999999' }); // a number typed into the page is ignored
      expect(sent.status).toBe(200);
      expect(sent.text).toContain('Der Code ist unterwegs (SMS an ••• 889)');
      await tick(faked.app);
      expect(faked.twilio.messages.at(-1)!.to).toBe('+491717778889');
      asked.push(lastCode());
    }
    const fourth = await page.post(`/d/${token}/code`);
    expect(fourth.status).toBe(429);
    expect(fourth.text).toMatch(/Bitte warten Sie \d+ Minuten/);
    expect((await page.post(`/d/${token}`, { code: asked[0] })).status).toBe(403); // replaced by the later ones
    expect((await page.post(`/d/${token}`, { code: asked[2] })).status).toBe(200);
  });

  it('self-service: at most 5 codes per link over its whole life, then the page sends the client to the practice and staff see it', async () => {
    const { document, token } = await releaseSelfService('0171 7778890');
    const release = async () =>
      (await faked.app.strapi.db.query(RELEASE as never).findOne({
        where: { documentDocumentId: document.documentId },
        orderBy: { id: 'desc' },
      })) as any;
    const sentBefore = faked.twilio.messages.length;
    for (let n = 0; n < 5; n += 1) {
      // an hour passes between the requests: the hourly limit is not what stops it
      const row = await release();
      await faked.app.strapi.db.query(RELEASE as never).update({
        where: { id: row.id },
        data: {
          codeRequests: (row.codeRequests ?? []).map((at: string) =>
            new Date(new Date(at).getTime() - 3_700_000).toISOString()
          ),
        },
      });
      expect((await page.post(`/d/${token}/code`)).status).toBe(200);
      await tick(faked.app);
    }
    expect(faked.twilio.messages.length).toBe(sentBefore + 5);
    const row = await release();
    await faked.app.strapi.db.query(RELEASE as never).update({
      where: { id: row.id },
      data: {
        codeRequests: row.codeRequests.map((at: string) =>
          new Date(new Date(at).getTime() - 3_700_000).toISOString()
        ),
      },
    });
    const sixth = await page.post(`/d/${token}/code`);
    expect(sixth.status).toBe(429);
    expect(sixth.text).toContain(
      'Für diesen Download können keine weiteren Codes angefordert werden. Bitte wenden Sie sich an die Praxis.'
    );
    await tick(faked.app);
    expect(faked.twilio.messages.length).toBe(sentBefore + 5);
    const status = (await api.get(`/messaging/documents/${document.documentId}/release`)).body.data;
    expect(status).toMatchObject({
      codeRequests: 5,
      codeRequestsLeft: 0,
      codeRequestsCapped: true,
    });
    // staff giving a new code lifts the cap: the practice decided to pay for more
    expect(
      (await api.post(`/messaging/documents/${document.documentId}/release/new-code`)).status
    ).toBe(200);
    expect((await page.post(`/d/${token}/code`)).status).toBe(200);
  });

  it('self-service: the practice’s requests per day are capped too, whatever the link, and the server log says so', async () => {
    const { token } = await releaseSelfService('0171 7778891');
    const config = faked.app.strapi.config.get('plugin::messaging') as any;
    const cap = config.accessCodes.requestsPerPracticePerDay;
    const selfServiceToday = (
      (await messageRows(faked.app, { kind: 'access-code' })) as any[]
    ).filter((row) => row.meta?.selfService).length;
    config.accessCodes.requestsPerPracticePerDay = selfServiceToday; // as if the practice's clients had asked that often today
    try {
      const refused = await page.post(`/d/${token}/code`);
      expect(refused.status).toBe(429);
      expect(refused.text).toContain('Bitte wenden Sie sich an die Praxis');
      expect(
        logLines.some((line) => line.includes('self-service code requests today, the daily cap'))
      ).toBe(true);
    } finally {
      config.accessCodes.requestsPerPracticePerDay = cap;
    }
    expect((await page.post(`/d/${token}/code`)).status).toBe(200);
  });

  it('takes a released file out of public reach: its former URL answers 404, the code still opens it, a revoked release opens nothing', async () => {
    await setDelivery('standard');
    const document = await documentFor();
    const upload = (await faked.app.strapi
      .documents(DOCUMENT)
      .findOne({ documentId: document.documentId, populate: ['file'] } as any)) as any;
    const publicUrl = upload.file.url as string;
    expect((await request(faked.app.http).get(publicUrl)).status).toBe(200); // before the release: public, like every upload
    const released = await api.post(`/messaging/documents/${document.documentId}/release`);
    expect(released.status).toBe(201);
    const releaseId = released.body.data.id as number;
    const privateFile = path.join(
      faked.app.strapi.dirs.app.root,
      'private-uploads',
      path.basename(publicUrl)
    );
    expect((await request(faked.app.http).get(publicUrl)).status).toBe(404);
    expect(fs.existsSync(path.join(faked.app.strapi.dirs.static.public, publicUrl))).toBe(false);
    expect(fs.readFileSync(privateFile)).toEqual(PDF);
    await tickUntil(faked.app, codesAllSent);
    const token = await tokenOfRelease(releaseId);
    const opened = await request(faked.app.http)
      .post(`/d/${token}`)
      .type('form')
      .send({ code: await codeOfRelease(releaseId) })
      .buffer(true);
    expect(
      opened.status === 200
        ? 200
        : `${opened.status} ${/data-state="[^"]+"[^<]*/.exec(String(opened.text))?.[0]}`
    ).toBe(200);
    expect(opened.headers['cache-control']).toBe('no-store');
    expect(Buffer.from(opened.body as Buffer).equals(PDF)).toBe(true);

    // Staff revoke: the link is gone at once, with the right code too, and the file stays private.
    await api
      .post(`/messaging/documents/${document.documentId}/release/new-code`)
      .then((r) => expect(r.status).toBe(200));
    await tickUntil(faked.app, codesAllSent);
    const code = await codeOfRelease(releaseId);
    const revoked = await api.post(`/messaging/documents/${document.documentId}/release/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.data).toMatchObject({ released: true, revoked: true, expired: true });
    expect((await page.post(`/d/${token}`, { code })).status).toBe(404);
    expect((await page.get(`/d/${token}`)).status).toBe(404);
    expect((await request(faked.app.http).get(publicUrl)).status).toBe(404);
    expect(
      (await api.post(`/messaging/documents/${document.documentId}/release/revoke`)).status
    ).toBe(404); // nothing left to revoke
  });

  it('refuses a remote upload provider that serves files publicly, naming it; a private one hands out its signed URL', async () => {
    await setDelivery('standard');
    const uploadPlugin = faked.app.strapi.plugin('upload') as any;
    const uploadConfig = faked.app.strapi.config.get('plugin::upload') as any;
    const original = {
      provider: uploadConfig.provider,
      isPrivate: uploadPlugin.provider.isPrivate,
      getSignedUrl: uploadPlugin.provider.getSignedUrl,
    };
    const document = await documentFor({}, false);
    const file = await faked.app.strapi.db.query('plugin::upload.file' as never).create({
      data: {
        name: 'Befund.pdf',
        hash: 'befund_remote',
        ext: '.pdf',
        mime: 'application/pdf',
        size: 1,
        url: 'http://127.0.0.1:9/bucket/befund_remote.pdf',
        provider: 'aws-s3',
      },
    });
    await faked.app.strapi
      .documents(DOCUMENT)
      .update({ documentId: document.documentId, data: { file: (file as any).id } } as any);
    try {
      uploadConfig.provider = 'aws-s3';
      uploadPlugin.provider.isPrivate = async () => false;
      const refused = await api.post(`/messaging/documents/${document.documentId}/release`);
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toContain(
        'upload provider "aws-s3" serves files publicly'
      );
      expect(refused.body.error.details.reason.de).toContain('„aws-s3“ öffentlich abrufbar');
      expect(
        await faked.app.strapi.db
          .query(RELEASE as never)
          .count({ where: { documentDocumentId: document.documentId } })
      ).toBe(0);
      expect(mailbox().some((mail) => mail.text.includes('befund_remote'))).toBe(false);

      uploadPlugin.provider.isPrivate = async () => true;
      uploadPlugin.provider.getSignedUrl = async (row: any) => ({
        url: `${row.url}?X-Amz-Expires=900&X-Amz-Signature=abc`,
      });
      expect((await api.post(`/messaging/documents/${document.documentId}/release`)).status).toBe(
        201
      );
      await tick(faked.app);
      const redirect = await request(faked.app.http)
        .post(`/d/${tokenFromMail()}`)
        .type('form')
        .send({ code: lastCode() })
        .redirects(0);
      expect(redirect.status).toBe(302);
      expect(redirect.headers.location).toBe(
        'http://127.0.0.1:9/bucket/befund_remote.pdf?X-Amz-Expires=900&X-Amz-Signature=abc'
      );
    } finally {
      Object.assign(uploadPlugin.provider, {
        isPrivate: original.isPrivate,
        getSignedUrl: original.getSignedUrl,
      });
      uploadConfig.provider = original.provider;
    }
  });

  it('refuses what cannot work, with the reason, and needs its own permission', async () => {
    await setDelivery('standard');
    const noFile = await documentFor({}, false);
    const bad = await api.post(`/messaging/documents/${noFile.documentId}/release`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('documentId has no file to download');
    const noPhone = await documentFor({ mobile: null });
    const unreachable = await api.post(`/messaging/documents/${noPhone.documentId}/release`);
    expect(unreachable.status).toBe(409);
    expect(unreachable.body.error.message).toContain('cannot get an access code');
    expect(
      await faked.app.strapi.db
        .query(RELEASE as never)
        .count({ where: { documentDocumentId: noPhone.documentId } })
    ).toBe(0);
    expect((await api.post('/messaging/documents/nope/release')).status).toBe(404);
    const reader = await adminWithPermissions(
      faked.app,
      ['plugin::messaging.log.read'],
      'reader@praxis.test'
    );
    await request(faked.app.http)
      .post(`/messaging/documents/${noPhone.documentId}/release`)
      .set({ Authorization: `Bearer ${reader}` })
      .expect(403);
  });

  it('never shows a code: not in any API answer, page, e-mail, log line or the send log', async () => {
    expect(codes.length).toBeGreaterThanOrEqual(6);
    const rows = await messageRows(faked.app);
    const everything = [
      ...seen,
      ...logLines,
      ...mailbox().map((m) => `${m.subject} ${m.text} ${m.html ?? ''}`),
      ...rows.map((r) => `${r.body} ${JSON.stringify(r.meta)} ${JSON.stringify(r.history)}`),
    ];
    for (const code of codes) {
      const hits = everything.filter((text) => text.includes(code));
      expect(hits).toEqual([]);
    }
    const releases = await faked.app.strapi.db.query(RELEASE as never).findMany({});
    for (const release of releases as any[])
      for (const code of codes) expect(JSON.stringify(release)).not.toContain(code);
  });

  it('keeps the download link only in the e-mail: redacted in the send log like the code, in no API answer, row or log line', async () => {
    const mails = mailbox().filter((mail) => /\/d\/[A-Za-z0-9]{32}/.test(mail.text));
    const tokens = [...new Set(mails.map((mail) => /\/d\/([A-Za-z0-9]{32})/.exec(mail.text)![1]))];
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    const linkRows = await messageRows(faked.app, { kind: 'download-link' });
    expect(linkRows.length).toBeGreaterThanOrEqual(tokens.length);
    expect(linkRows[0].body).toMatch(/\/d\/\*{32}/);
    const answers = [
      JSON.stringify((await api.get('/messaging/messages?kind=download-link')).body),
      ...(await Promise.all(
        linkRows.map(async (row) =>
          JSON.stringify((await api.get(`/messaging/messages/${row.id}`)).body)
        )
      )),
    ];
    const mailTexts = new Set(
      mailbox().flatMap((mail) => [mail.text, mail.subject, mail.html ?? ''])
    );
    const rows = await messageRows(faked.app);
    const everything = [
      ...answers,
      // the download page itself posts back to its own address, which only its holder has opened
      ...seen.filter(
        (text) => !mailTexts.has(text) && !text.includes('<form method="post" action="/d/')
      ),
      ...logLines,
      ...rows.map(
        (r) =>
          `${r.body} ${JSON.stringify(r.meta)} ${JSON.stringify(r.history)} ${r.errorMessage ?? ''}`
      ),
      ...((await faked.app.strapi.db.query(RELEASE as never).findMany({})) as any[]).map(
        (release) => JSON.stringify(release)
      ),
    ];
    for (const token of tokens)
      expect(everything.filter((text) => text.includes(token))).toEqual([]);
  });
});
