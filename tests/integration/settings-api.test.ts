import request from 'supertest';
import {
  adminWithPermissions,
  bootPlayground,
  registerSuperAdmin,
  type TestApp,
} from '../helpers/strapi';

describe('settings and status API (admin)', () => {
  let app: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    process.env.TWILIO_ACCOUNT_SID = 'AC-secret-value-that-must-not-leak';
    app = await bootPlayground();
    token = await registerSuperAdmin(app);
  });
  afterAll(async () => {
    delete process.env.TWILIO_ACCOUNT_SID;
    await app?.stop();
  });

  it('registers every plugin content type', () => {
    for (const name of ['message', 'template', 'charge', 'invoice', 'batch', 'settings']) {
      expect(app.strapi.contentType(`plugin::messaging.${name}` as never)).toBeDefined();
    }
  });

  it('starts a practice with both paid channels off', async () => {
    const response = await request(app.http).get('/messaging/settings').set(auth());
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      practice: 'default',
      smsEnabled: false,
      threemaEnabled: false,
      timeZone: 'Europe/Berlin',
    });
  });

  it('switches SMS on and keeps it on', async () => {
    const put = await request(app.http)
      .put('/messaging/settings')
      .set(auth())
      .send({ smsEnabled: true });
    expect(put.status).toBe(200);
    expect(put.body.data.smsEnabled).toBe(true);
    const get = await request(app.http).get('/messaging/settings').set(auth());
    expect(get.body.data).toMatchObject({ smsEnabled: true, threemaEnabled: false });
  });

  it('keeps the practice’s name, phone and e-mail for its messages', async () => {
    const put = await request(app.http).put('/messaging/settings').set(auth()).send({
      practiceName: 'Praxis am Markt',
      practicePhone: '030 5556667',
      practiceEmail: 'info@praxis-am-markt.de',
    });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({
      practiceName: 'Praxis am Markt',
      practicePhone: '030 5556667',
      practiceEmail: 'info@praxis-am-markt.de',
    });
  });

  describe('no GET writes (issue 15)', () => {
    const rows = async () => ({
      settings: await app.strapi.db.query('plugin::messaging.settings' as never).count({}),
      templates: await app.strapi.db.query('plugin::messaging.template' as never).count({}),
    });

    it('reading the settings and templates of a practice that was never set up creates nothing, and shows the defaults', async () => {
      const before = await rows();
      const settings = await request(app.http)
        .get('/messaging/settings?practice=nie-eingerichtet')
        .set(auth())
        .expect(200);
      expect(settings.body.data).toMatchObject({
        practice: 'nie-eingerichtet',
        smsEnabled: false,
        threemaEnabled: false,
        locale: 'de',
      });
      const templates = await request(app.http)
        .get('/messaging/templates?practice=nie-eingerichtet')
        .set(auth())
        .expect(200);
      expect(templates.body.data).toEqual([]);
      await request(app.http)
        .get('/messaging/usage?practice=nie-eingerichtet')
        .set(auth())
        .expect(200);
      expect(await rows()).toEqual(before);
    });

    it('sets a practice up with its first settings save: the row and the shipped templates, once', async () => {
      const before = await rows();
      await request(app.http)
        .put('/messaging/settings?practice=neu-eingerichtet')
        .set(auth())
        .send({ practiceName: 'Praxis Neu' })
        .expect(200);
      await request(app.http)
        .put('/messaging/settings?practice=neu-eingerichtet')
        .set(auth())
        .send({ smsEnabled: true })
        .expect(200);
      const after = await rows();
      expect(after.settings).toBe(before.settings + 1);
      const shipped = (await request(app.http).get('/messaging/templates').set(auth()).expect(200))
        .body.data.length;
      expect(after.templates).toBe(before.templates + shipped);
      expect(
        (
          await request(app.http)
            .get('/messaging/templates?practice=neu-eingerichtet')
            .set(auth())
            .expect(200)
        ).body.data
      ).toHaveLength(shipped);
    });

    it('creates the shipped templates on an explicit POST too (idempotent), behind templates.update', async () => {
      const reader = await adminWithPermissions(
        app,
        ['plugin::messaging.templates.read'],
        'tpl-only-reader@praxis.test'
      );
      await request(app.http)
        .post('/messaging/templates/defaults?practice=explizit')
        .set({ Authorization: `Bearer ${reader}` })
        .expect(403);
      const first = await request(app.http)
        .post('/messaging/templates/defaults?practice=explizit')
        .set(auth())
        .expect(200);
      expect(first.body.data.created).toBeGreaterThan(0);
      const again = await request(app.http)
        .post('/messaging/templates/defaults?practice=explizit')
        .set(auth())
        .expect(200);
      expect(again.body.data.created).toBe(0);
    });
  });

  it('sends a fixed test text: an admin with settings.update cannot put words into it through their own name', async () => {
    const settingsAdmin = await adminWithPermissions(
      app,
      ['plugin::messaging.settings.update'],
      'settings-only@praxis.test'
    );
    const as = { Authorization: `Bearer ${settingsAdmin}` };
    await request(app.http)
      .put('/admin/users/me')
      .set(as)
      .send({ firstname: 'Ihre Rechnung: bitte 500 EUR an DE00 1234 überweisen' })
      .expect(200);
    const sent = await request(app.http)
      .post('/messaging/test-message')
      .set(as)
      .send({ channel: 'email', to: 'someone@example.org' })
      .expect(201);
    const [row] = (await app.strapi.db
      .query('plugin::messaging.message' as never)
      .findMany({ where: { id: sent.body.data.id } })) as any[];
    expect(row.body).not.toContain('500 EUR');
    expect(row.body).toMatch(
      /^Testnachricht aus deiner Praxissoftware\. Wenn du das liest, funktioniert EMAIL\.$/
    );
  });

  it('keeps practices apart', async () => {
    await request(app.http)
      .put('/messaging/settings?practice=praxis-nord')
      .set(auth())
      .send({ threemaEnabled: true })
      .expect(200);
    const other = await request(app.http)
      .get('/messaging/settings?practice=praxis-nord')
      .set(auth());
    const main = await request(app.http).get('/messaging/settings').set(auth());
    expect(other.body.data).toMatchObject({
      practice: 'praxis-nord',
      threemaEnabled: true,
      smsEnabled: false,
    });
    expect(main.body.data).toMatchObject({ practice: 'default', threemaEnabled: false });
  });

  it.each([
    [{ smsEnabled: 'yes' }, 'smsEnabled'],
    [{ smsSenderId: 'ThisIsTooLongForAnSms' }, 'smsSenderId'],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ locale: 'fr' }, 'locale'],
    [{ smsEnabeld: true }, 'smsEnabeld'],
    [{ practiceEmail: 'praxis-at-example' }, 'practiceEmail'],
    [{ practiceName: 'x'.repeat(121) }, 'practiceName'],
  ])('refuses %j with 400 naming %s and changes nothing', async (body, field) => {
    const before = (await request(app.http).get('/messaging/settings').set(auth())).body.data;
    const response = await request(app.http).put('/messaging/settings').set(auth()).send(body);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(field);
    expect(response.body.error.details.errors[0].path).toEqual([field]);
    const after = (await request(app.http).get('/messaging/settings').set(auth())).body.data;
    expect(after).toEqual(before);
  });

  it('refuses a malformed practice key', async () => {
    const response = await request(app.http)
      .get('/messaging/settings?practice=../../etc')
      .set(auth());
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('practice');
  });

  it('shows the dry-run provider and names missing variables without their values', async () => {
    const response = await request(app.http).get('/messaging/status').set(auth());
    expect(response.status).toBe(200);
    const { sms, threema, email } = response.body.data.channels;
    expect(sms).toMatchObject({ enabled: true, provider: 'dry-run', reason: 'no-credentials' });
    expect(sms.missing).toEqual(
      expect.arrayContaining([expect.stringContaining('TWILIO_AUTH_TOKEN')])
    );
    expect(sms.missing).not.toContain('TWILIO_ACCOUNT_SID');
    expect(threema.missing).toEqual(
      expect.arrayContaining(['THREEMA_GATEWAY_ID', 'THREEMA_SECRET'])
    );
    expect(email.enabled).toBe(true);
    expect(JSON.stringify(response.body)).not.toContain('secret-value');
  });

  it('answers 401 without a token', async () => {
    await request(app.http).get('/messaging/settings').expect(401);
  });

  it('answers 403 to an admin without the permission, and lets a reader read but not write', async () => {
    const nobody = await adminWithPermissions(app, [], 'nobody@praxis.test');
    await request(app.http)
      .get('/messaging/settings')
      .set({ Authorization: `Bearer ${nobody}` })
      .expect(403);
    await request(app.http)
      .get('/messaging/status')
      .set({ Authorization: `Bearer ${nobody}` })
      .expect(403);

    const reader = await adminWithPermissions(
      app,
      ['plugin::messaging.settings.read'],
      'reader@praxis.test'
    );
    await request(app.http)
      .get('/messaging/settings')
      .set({ Authorization: `Bearer ${reader}` })
      .expect(200);
    await request(app.http)
      .put('/messaging/settings')
      .set({ Authorization: `Bearer ${reader}` })
      .send({ threemaEnabled: true })
      .expect(403);
  });
});
