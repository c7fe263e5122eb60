import request from 'supertest';
import { setEnv } from '../helpers/env';
import {
  adminWithPermissions,
  bootPlayground,
  registerSuperAdmin,
  type TestApp,
} from '../helpers/strapi';

describe('templates, analysis and preview (admin API)', () => {
  let app: TestApp;
  let token: string;
  let restoreEnv: () => void;
  const auth = () => ({ Authorization: `Bearer ${token}` });
  const api = () => request(app.http);

  beforeAll(async () => {
    restoreEnv = setEnv({ MESSAGING_DISPATCHER: 'off', EMAIL_LOG: 'false' });
    app = await bootPlayground();
    token = await registerSuperAdmin(app);
  });
  afterAll(async () => {
    await app?.stop();
    restoreEnv?.();
  });

  it('starts a practice with the shipped German and English templates', async () => {
    const response = await api().get('/messaging/templates').set(auth()).expect(200);
    expect(response.body.data).toHaveLength(112);
    const reminder = response.body.data.find(
      (t: any) =>
        t.kind === 'reminder' &&
        t.channel === 'sms' &&
        t.locale === 'de' &&
        t.addressForm === 'informal'
    );
    expect(reminder.body).toContain('{{> salutation}}, zur Erinnerung: dein Termin');
    const filtered = await api()
      .get('/messaging/templates?kind=greeting&locale=de')
      .set(auth())
      .expect(200);
    expect(filtered.body.data).toHaveLength(6);
  });

  it('previews a template with the documented examples and the worst case from real data', async () => {
    await app.strapi.documents('api::client.client').create({
      data: {
        recordNumber: 'W-1',
        firstName: 'Maximiliane-Josefine',
        lastName: 'Graf von Württemberg-Hohenlohe-Langenburg',
        mobile: '0171 7654321',
      } as any,
    });
    const list = (
      await api()
        .get('/messaging/templates?kind=confirmation&channel=sms&locale=de&addressForm=formal')
        .set(auth())
    ).body.data;
    const preview = await api()
      .post(`/messaging/templates/${list[0].id}/preview`)
      .set(auth())
      .send({})
      .expect(200);
    const { typical, worstCase } = preview.body.data;
    expect(typical.text).toBe(
      'Guten Tag Frau Müller, Ihr Termin am Di., 1.12. um 14:30 ist bestätigt. Terminzettel: https://p.example/s/Ab3dE7x Ihre Praxis Lindenblatt'
    );
    expect(typical.analysis).toMatchObject({ encoding: 'GSM-7', segments: 1, costCents: 10 });
    expect(worstCase.text).toContain('Graf von Württemberg-Hohenlohe-Langenburg');
    expect(worstCase.analysis.segments).toBeGreaterThanOrEqual(typical.analysis.segments);
  });

  it('previews with a chosen client and appointment', async () => {
    const client = await app.strapi.documents('api::client.client').create({
      data: {
        recordNumber: 'P-1',
        salutation: 'Herr',
        firstName: 'Jörg',
        lastName: 'Schäfer',
        formalAddress: true,
      } as any,
    });
    const appointment = await app.strapi.documents('api::appointment.appointment').create({
      data: {
        start: '2037-12-03T08:00:00.000Z', // a Thursday, far enough ahead to stay upcoming
        end: '2037-12-03T08:50:00.000Z',
        client: client.documentId,
        mode: 'online',
        onlineLink: 'https://video.example.org/r/1',
      } as any,
    });
    const [template] = (
      await api()
        .get('/messaging/templates?kind=reminder&channel=threema&locale=de&addressForm=formal')
        .set(auth())
    ).body.data;
    const preview = await api()
      .post(`/messaging/templates/${template.id}/preview`)
      .set(auth())
      .send({ appointmentId: appointment.documentId })
      .expect(200);
    expect(preview.body.data.typical.text).toBe(
      'Guten Tag Herr Schäfer, zur Erinnerung: Ihr Termin ist am Do., 3.12. um 09:00 (online). Link: https://video.example.org/r/1 Ihre Praxis Lindenblatt'
    );
    const unknown = await api()
      .post(`/messaging/templates/${template.id}/preview`)
      .set(auth())
      .send({ appointmentId: 'nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.errors[0].path).toEqual(['appointmentId']);
  });

  it('lists upcoming appointments to preview with, and sends a rendered test to me', async () => {
    const choices = await api().get('/messaging/preview-choices').set(auth()).expect(200);
    expect(choices.body.data.find((c: any) => c.label.includes('Jörg Schäfer'))).toBeTruthy();
    await api().put('/messaging/settings').set(auth()).send({ smsEnabled: true }).expect(200);
    const [template] = (
      await api()
        .get('/messaging/templates?kind=confirmation&channel=sms&locale=de&addressForm=informal')
        .set(auth())
    ).body.data;
    const sent = await api()
      .post(`/messaging/templates/${template.id}/test`)
      .set(auth())
      .send({ to: '0171 2223334' })
      .expect(201);
    expect(sent.body.data).toMatchObject({
      kind: 'test',
      channel: 'sms',
      recipient: '+491712223334',
      body: 'Hallo Anna, dein Termin am Di., 1.12. um 14:30 ist bestätigt. Terminzettel: https://p.example/s/Ab3dE7x Viele Grüße, Praxis Lindenblatt',
    });
    const landline = await api()
      .post(`/messaging/templates/${template.id}/test`)
      .set(auth())
      .send({ to: '030 1234567' });
    expect(landline.status).toBe(400);
    expect(landline.body.error.message).toContain('landline');
  });

  it('saves an edited template and refuses one with an unknown placeholder or a syntax error, naming line and column', async () => {
    const [template] = (
      await api()
        .get('/messaging/templates?kind=cancellation&channel=sms&locale=de&addressForm=formal')
        .set(auth())
    ).body.data;
    const changed = await api()
      .put(`/messaging/templates/${template.id}`)
      .set(auth())
      .send({
        body: '{{> salutation}}, Ihr Termin am {{appointment.date}} entfällt. {{> greeting}}',
      })
      .expect(200);
    expect(changed.body.data.body).toContain('entfällt');

    const unknown = await api()
      .put(`/messaging/templates/${template.id}`)
      .set(auth())
      .send({ body: 'Hallo\n{{client.vorname}}' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain(
      'unknown placeholder "client.vorname" (line 2, column 1)'
    );
    const syntax = await api()
      .put(`/messaging/templates/${template.id}`)
      .set(auth())
      .send({ body: 'Hallo {{client.firstName}' });
    expect(syntax.status).toBe(400);
    expect(syntax.body.error.message).toMatch(/syntax error.*\(line 1, column \d+\)/);
    const kept = await api().get(`/messaging/templates/${template.id}`).set(auth()).expect(200);
    expect(kept.body.data.body).toContain('entfällt');
  });

  it('refuses to save a Threema template whose worst case is over 3,500 bytes, though the typical case fits', async () => {
    const [template] = (
      await api()
        .get('/messaging/templates?kind=confirmation&channel=threema&locale=de&addressForm=formal')
        .set(auth())
    ).body.data;
    // 3,481 bytes of text: with "Anna Müller" 3,493 bytes, with the longest name in the practice well over 3,500
    const body = `${'x'.repeat(3480)} {{client.fullName}}`;
    const refused = await api()
      .put(`/messaging/templates/${template.id}`)
      .set(auth())
      .send({ body });
    expect(refused.status).toBe(400);
    const [problem] = refused.body.error.details.errors;
    expect(problem.path).toEqual(['body']);
    expect(problem.message).toMatch(
      /^body rendered with the longest values is \d+ bytes; Threema allows at most 3500/
    );
    expect(problem.reason.de).toMatch(
      /^Der Text ist \d+ Bytes lang; Threema erlaubt höchstens 3500 Bytes/
    );
    expect(problem.reason.en).toMatch(
      /^The text is \d+ bytes long; Threema allows at most 3500 bytes/
    );
    const kept = await api().get(`/messaging/templates/${template.id}`).set(auth()).expect(200);
    expect(kept.body.data.body).toBe(template.body);
    // a new template is checked the same way
    await api().delete(`/messaging/templates/${template.id}`).set(auth()).expect(204);
    const variant = {
      kind: 'confirmation',
      channel: 'threema',
      addressForm: 'formal',
      locale: 'de',
    };
    const created = await api()
      .post('/messaging/templates')
      .set(auth())
      .send({ ...variant, body });
    expect(created.status).toBe(400);
    expect(created.body.error.details.errors[0].path).toEqual(['body']);
    // with room for the longest values it is saved
    await api()
      .post('/messaging/templates')
      .set(auth())
      .send({ ...variant, body: template.body })
      .expect(201);
  });

  it('refuses a Threema salutation or greeting that pushes a template using it over 3,500 bytes', async () => {
    const [greeting] = (
      await api()
        .get('/messaging/templates?kind=greeting&channel=threema&locale=de&addressForm=informal')
        .set(auth())
    ).body.data;
    const refused = await api()
      .put(`/messaging/templates/${greeting.id}`)
      .set(auth())
      .send({ body: 'y'.repeat(3450) });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors[0].path).toEqual(['body']);
    expect(refused.body.error.message).toMatch(
      /bytes; Threema allows at most 3500 \(in the [a-z-]+ template\)/
    );
    await api()
      .put(`/messaging/templates/${greeting.id}`)
      .set(auth())
      .send({ body: `${greeting.body} ${'y'.repeat(100)}` })
      .expect(200);
    await api()
      .put(`/messaging/templates/${greeting.id}`)
      .set(auth())
      .send({ body: greeting.body })
      .expect(200);
  });

  it('creates a template only for a free variant (409 otherwise) and deletes it', async () => {
    const body = {
      kind: 'bulk',
      channel: 'sms',
      addressForm: 'formal',
      locale: 'de',
      body: '{{text}}',
    };
    await api().post('/messaging/templates').set(auth()).send(body).expect(409);
    const [existing] = (
      await api()
        .get('/messaging/templates?kind=bulk&channel=sms&locale=de&addressForm=formal')
        .set(auth())
    ).body.data;
    await api().delete(`/messaging/templates/${existing.id}`).set(auth()).expect(204);
    const created = await api().post('/messaging/templates').set(auth()).send(body).expect(201);
    expect(created.body.data).toMatchObject({ kind: 'bulk', body: '{{text}}', isDefault: false });
    const bad = await api()
      .post('/messaging/templates')
      .set(auth())
      .send({ ...body, kind: 'newsletter', channel: 'fax' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: any) => e.path[0])).toEqual(['kind', 'channel']);
  });

  it('refuses partials inside the salutation and greeting templates', async () => {
    const [greeting] = (
      await api()
        .get('/messaging/templates?kind=greeting&channel=sms&locale=de&addressForm=formal')
        .set(auth())
    ).body.data;
    const response = await api()
      .put(`/messaging/templates/${greeting.id}`)
      .set(auth())
      .send({ body: '{{> salutation}}' });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('partials are not allowed here');
  });

  it('analyses a text: encoding, units, segments, the characters to blame, smart encoding and cost', async () => {
    const text = '„Hallo“ – 😀 Ihr Befund ist da';
    const response = await api()
      .post('/messaging/analyze')
      .set(auth())
      .send({ text, channel: 'sms' })
      .expect(200);
    // UCS-2 counts UTF-16 code units: the emoji is two.
    expect(text.length).toBe(30);
    expect(response.body.data).toMatchObject({
      encoding: 'UCS-2',
      units: 30,
      segments: 1,
      unitsLeft: 40,
      nonGsmCharacters: ['„', '“', '–', '😀'],
      costCents: 10,
    });
    expect(response.body.data.smartEncoded.text).toBe('"Hallo" - 😀 Ihr Befund ist da');
    expect(response.body.data.warnings.join(' ')).toMatch(/emoji.*health-related words \(befund\)/);
    const threema = await api()
      .post('/messaging/analyze')
      .set(auth())
      .send({ text: 'x', channel: 'threema' })
      .expect(200);
    expect(threema.body.data.costCents).toBe(1.5);
    await api().post('/messaging/analyze').set(auth()).send({ channel: 'sms' }).expect(400);
  });

  describe('texts longer than the limits are refused before anything analyses or renders them', () => {
    const refusedField = (response: request.Response, field: string) => {
      expect(response.status).toBe(400);
      const problem = response.body.error.details.errors.find(
        (error: { path: string[] }) => error.path.join('.') === field
      );
      expect(problem).toBeDefined();
      return problem;
    };

    it.each([
      ['sms', 1600],
      ['threema', 3500],
      ['email', 20000],
    ])(
      'analysis of a %s text: %d characters are analysed, one more is a 400 naming "text" in German and English',
      async (channel, limit) => {
        await api()
          .post('/messaging/analyze')
          .set(auth())
          .send({ text: 'a'.repeat(limit), channel })
          .expect(200);
        const problem = refusedField(
          await api()
            .post('/messaging/analyze')
            .set(auth())
            .send({ text: 'a'.repeat(limit + 1), channel }),
          'text'
        );
        expect(problem.reason.de).toBe(
          `Der Text hat ${(limit + 1).toLocaleString('de-DE')} Zeichen; erlaubt sind höchstens ${limit.toLocaleString('de-DE')}.`
        );
        expect(problem.reason.en).toMatch(
          /^The text has [\d,]+ characters; at most [\d,]+ are allowed\.$/
        );
      }
    );

    it('refuses a half-megabyte text for analysis at once (it used to keep the server busy for minutes)', async () => {
      refusedField(
        await api()
          .post('/messaging/analyze')
          .set(auth())
          .send({ text: 'Termin '.repeat(80_000), channel: 'sms' }),
        'text'
      );
    });

    it('an e-mail template longer than 40,000 characters or with a subject over 400 is refused, and the stored one is kept', async () => {
      const [template] = (
        await api()
          .get('/messaging/templates?kind=confirmation&channel=email&locale=de&addressForm=formal')
          .set(auth())
      ).body.data;
      const body = refusedField(
        await api()
          .put(`/messaging/templates/${template.id}`)
          .set(auth())
          .send({ body: 'x'.repeat(40_001) }),
        'body'
      );
      expect(body.reason.de).toMatch(
        /^Der Text hat 40\.001 Zeichen; erlaubt sind höchstens 40\.000\.$/
      );
      refusedField(
        await api()
          .put(`/messaging/templates/${template.id}`)
          .set(auth())
          .send({ subject: 'Betreff '.repeat(60) }),
        'subject'
      );
      const kept = (await api().get(`/messaging/templates/${template.id}`).set(auth()).expect(200))
        .body.data;
      expect([kept.body, kept.subject]).toEqual([template.body, template.subject]);
    });

    it('a manual e-mail with a subject over 200 characters (CRLF included) is refused and nothing is queued', async () => {
      const before = await app.strapi.db.query('plugin::messaging.message' as never).count({});
      const subject = `Ihr Termin\r\n${'x'.repeat(200)}`;
      const problem = refusedField(
        await api()
          .post('/messaging/messages')
          .set(auth())
          .send({ channel: 'email', to: 'anna@example.org', subject, body: 'Hallo' }),
        'subject'
      );
      expect(problem.reason.de).toContain('erlaubt sind höchstens 200');
      refusedField(
        await api()
          .post('/messaging/messages')
          .set(auth())
          .send({ channel: 'email', to: 'anna@example.org', body: 'x'.repeat(20_001) }),
        'body'
      );
      expect(await app.strapi.db.query('plugin::messaging.message' as never).count({})).toBe(
        before
      );
    });
  });

  it.each([
    ['{{"Termin"}} am {{date appointment.start}}', /a text in braces renders nothing/],
    ['Termin am {{date "kein Datum"}}', /date needs one placeholder with a date/],
    ['Hallo \\{{client.firstName}}', /escaped .* would reach the client/],
  ])(
    'refuses to save %j, which would never render or would put braces into a text, and keeps the stored one',
    async (body, message) => {
      const [template] = (
        await api()
          .get('/messaging/templates?kind=reminder&channel=sms&locale=de&addressForm=formal')
          .set(auth())
      ).body.data;
      const refused = await api()
        .put(`/messaging/templates/${template.id}`)
        .set(auth())
        .send({ body });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details.errors[0].path).toEqual(['body']);
      expect(refused.body.error.message).toMatch(message);
      expect(
        (await api().get(`/messaging/templates/${template.id}`).set(auth())).body.data.body
      ).toBe(template.body);
    }
  );

  it('keeps templates behind their own permissions', async () => {
    const reader = await adminWithPermissions(
      app,
      ['plugin::messaging.templates.read'],
      'tpl-reader@praxis.test'
    );
    await api()
      .get('/messaging/templates')
      .set({ Authorization: `Bearer ${reader}` })
      .expect(200);
    await api()
      .post('/messaging/templates')
      .set({ Authorization: `Bearer ${reader}` })
      .send({})
      .expect(403);
    const nobody = await adminWithPermissions(app, [], 'tpl-nobody@praxis.test');
    await api()
      .get('/messaging/templates')
      .set({ Authorization: `Bearer ${nobody}` })
      .expect(403);
  });
});
