/**
 * Bad input at the edge (issue 15): each case is a 400 naming the field, in
 * German and English where a person reads it, and the database is unchanged.
 * On PostgreSQL a NUL character used to be a 500, on SQLite it was stored
 * and sent on; `page=1e19` was a 500 everywhere, `/messages/1e3` read id 1000.
 */
import request from 'supertest';
import { countMessages, enableChannels } from '../helpers/messaging';
import { bootWithFakes, type FakedPlayground } from '../helpers/with-fakes';

describe('bad input is a 400 naming the field, and changes nothing', () => {
  let faked: FakedPlayground;
  const api = () => request(faked.app.http);

  beforeAll(async () => {
    faked = await bootWithFakes();
    await enableChannels(faked.app, faked.token, { smsEnabled: true, threemaEnabled: true });
  });
  afterAll(async () => faked?.stop());

  const expectRefused = async (response: request.Response, field: string) => {
    expect(response.status).toBe(400);
    const paths = response.body.error.details.errors.map((error: { path: string[] }) =>
      error.path.join('.')
    );
    expect(paths).toContain(field);
    // words for people: every refusal has a code and a sentence in German and English, no raw codes in them
    for (const error of response.body.error.details.errors) {
      expect(error.code).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(error.reason.de).toMatch(/\S/);
      expect(error.reason.en).toMatch(/\S/);
      expect(error.reason.de).not.toMatch(/must be|is not|OPEN_|EOF|Expecting/);
    }
    return response.body.error.details.errors.find(
      (error: { path: string[] }) => error.path.join('.') === field
    );
  };

  it.each([
    ['/messaging/messages?page=1e19', 'page'],
    ['/messaging/messages?pageSize=1e2', 'pageSize'],
    ['/messaging/invoices?page=1e19', 'page'],
    ['/messaging/invoices?page=0', 'page'],
    ['/messaging/messages/1e3', 'id'],
    ['/messaging/messages/99999999999', 'id'],
    ['/messaging/invoices/1e3', 'id'],
    ['/messaging/messages?q=ab%00cd', 'q'],
    ['/messaging/messages/%00', 'id'],
  ])('GET %s names %s', async (url, field) => {
    await expectRefused(await api().get(url).set(faked.auth()), field);
  });

  it.each([
    [{ channel: 'sms', to: '+4915112345678', body: 'Hallo\u0000 Welt' }, 'body', 'nul'],
    [{ channel: 'sms', to: '+49151\u000012345678', body: 'Hallo' }, 'to', 'nul'],
    [
      { channel: 'email', to: 'anna@example.org', subject: 'Termin\u0000', body: 'Hallo' },
      'subject',
      'nul',
    ],
    [{ channel: 'sms', clientId: 'abc\u0000', body: 'Hallo' }, 'clientId', 'nul'],
    [{ channel: 'sms', to: '+4915112345678', body: 'Hallo \uD83D Welt' }, 'body', 'half'],
    [{ channel: 'threema', to: 'KLIENT01', body: '\uDE00' }, 'body', 'half'],
  ])(
    'POST /messaging/messages with %j names the field and queues nothing',
    async (body, field, kind) => {
      const before = await countMessages(faked.app);
      const problem = await expectRefused(
        await api().post('/messaging/messages').set(faked.auth()).send(body),
        field
      );
      expect(problem.reason.de).toBe(
        kind === 'nul'
          ? 'Der Text enthält ein unzulässiges Steuerzeichen (NUL).'
          : 'Der Text enthält ein unvollständiges Zeichen.'
      );
      expect(problem.reason.en).toMatch(/^The text contains/);
      expect(await countMessages(faked.app)).toBe(before);
    }
  );

  it('refuses a NUL in a bulk job, a template and the settings alike, and keeps what was stored', async () => {
    await expectRefused(
      await api()
        .post('/messaging/bulk/preview')
        .set(faked.auth())
        .send({ recipients: { all: true }, channel: 'sms', text: 'x\u0000' }),
      'text'
    );
    const [template] = (
      await api()
        .get('/messaging/templates?kind=confirmation&channel=sms&locale=de&addressForm=formal')
        .set(faked.auth())
    ).body.data;
    await expectRefused(
      await api()
        .put(`/messaging/templates/${template.id}`)
        .set(faked.auth())
        .send({ body: 'Hallo\u0000' }),
      'body'
    );
    expect(
      (await api().get(`/messaging/templates/${template.id}`).set(faked.auth())).body.data.body
    ).toBe(template.body);
    await expectRefused(
      await api()
        .put('/messaging/settings')
        .set(faked.auth())
        .send({ practiceName: 'Praxis\u0000' }),
      'practiceName'
    );
    expect(
      (await api().get('/messaging/settings').set(faked.auth())).body.data.practiceName ?? ''
    ).not.toContain('\u0000');
  });

  describe('a message logged under a client goes to that client', () => {
    let anna: { documentId: string };
    let bert: { documentId: string };
    let bertsAppointment: { documentId: string };
    beforeAll(async () => {
      const documents = faked.app.strapi.documents;
      anna = await documents('api::client.client').create({
        data: {
          recordNumber: 'BI-1',
          firstName: 'Anna',
          lastName: 'Eins',
          mobile: '0171 1111111',
          email: 'anna@example.org',
        } as any,
      });
      bert = await documents('api::client.client').create({
        data: {
          recordNumber: 'BI-2',
          firstName: 'Bert',
          lastName: 'Zwei',
          mobile: '0171 2222222',
        } as any,
      });
      bertsAppointment = await documents('api::appointment.appointment').create({
        data: {
          start: '2027-03-01T09:00:00.000Z',
          end: '2027-03-01T09:50:00.000Z',
          client: bert.documentId,
        } as any,
      });
    });

    it.each([
      [
        'a number that is not the client’s',
        () => ({ channel: 'sms', to: '+4917133333333', clientId: anna.documentId, body: 'Hallo' }),
        'to',
        /is not the mobile number of client/,
      ],
      [
        'an address that is not the client’s',
        () => ({
          channel: 'email',
          to: 'someone@example.org',
          clientId: anna.documentId,
          subject: 'x',
          body: 'Hallo',
        }),
        'to',
        /is not the e-mail address of client/,
      ],
      [
        'a client that does not exist',
        () => ({
          channel: 'sms',
          to: '+4917111111111',
          clientId: 'gibtesnicht000000000000',
          body: 'Hallo',
        }),
        'clientId',
        /no client with documentId/,
      ],
      [
        'another client’s appointment',
        () => ({
          channel: 'sms',
          clientId: anna.documentId,
          appointmentId: bertsAppointment.documentId,
          body: 'Hallo',
        }),
        'appointmentId',
        /is not an appointment of client/,
      ],
    ])('refuses %s and queues nothing', async (_case, body, field, message) => {
      const before = await countMessages(faked.app);
      const response = await api().post('/messaging/messages').set(faked.auth()).send(body());
      await expectRefused(response, field);
      expect(response.body.error.message).toMatch(message);
      expect(await countMessages(faked.app)).toBe(before);
    });

    it('takes the client’s own number written another way, and logs it under the client', async () => {
      const sent = await api()
        .post('/messaging/messages')
        .set(faked.auth())
        .send({ channel: 'sms', to: '+49 171 1111111', clientId: anna.documentId, body: 'Hallo' })
        .expect(201);
      expect(sent.body.data.recipient).toBe('+491711111111');
      const mail = await api()
        .post('/messaging/messages')
        .set(faked.auth())
        .send({
          channel: 'email',
          to: 'Anna@Example.org',
          clientId: anna.documentId,
          subject: 'x',
          body: 'Hallo',
        })
        .expect(201);
      expect(mail.body.data.channel).toBe('email');
    });
  });

  it('says in German and English why an SMS text is too long, for a manual message and a bulk job alike', async () => {
    const text = 'x'.repeat(1601);
    const manual = await expectRefused(
      await api()
        .post('/messaging/messages')
        .set(faked.auth())
        .send({ channel: 'sms', to: '+4915112345678', body: text }),
      'body'
    );
    const bulk = await expectRefused(
      await api()
        .post('/messaging/bulk/preview')
        .set(faked.auth())
        .send({ recipients: { all: true }, channel: 'sms', text }),
      'text'
    );
    for (const problem of [manual, bulk]) {
      expect(problem.reason).toEqual({
        de: 'Der Text hat 1.601 Zeichen; erlaubt sind höchstens 1.600.',
        en: 'The text has 1,601 characters; at most 1,600 are allowed.',
      });
    }
  });

  it('still takes real emoji and umlauts', async () => {
    await api()
      .post('/messaging/messages')
      .set(faked.auth())
      .send({ channel: 'threema', to: 'KLIENT01', body: 'Schöne Grüße 😀' })
      .expect(201);
  });

  it('says what is wrong in the staff’s words: a past day, a bad number, a switched-off channel (German and English)', async () => {
    const yesterday = new Date(Date.now() - 86_400_000 * 2).toISOString().slice(0, 10);
    const [year, month, day] = yesterday.split('-');
    const past = await api()
      .post('/messaging/mass-cancellation/preview')
      .set(faked.auth())
      .send({ days: [yesterday] });
    const pastDay = await expectRefused(past, 'days.0');
    expect(pastDay).toMatchObject({
      code: 'day-in-past',
      reason: {
        de: `Der ${Number(day)}.${Number(month)}.${year} liegt in der Vergangenheit.`,
        en: `${yesterday} is in the past.`,
      },
    });

    const phone = await expectRefused(
      await api()
        .post('/messaging/messages')
        .set(faked.auth())
        .send({ channel: 'sms', to: '12', body: 'Hallo' }),
      'to'
    );
    expect(phone).toMatchObject({
      code: 'phone-invalid',
      reason: { de: 'Das ist keine gültige Telefonnummer.' },
    });

    const template = (
      await api().get('/messaging/templates?channel=sms&locale=de').set(faked.auth())
    ).body.data[0];
    const broken = await api()
      .put(`/messaging/templates/${template.id}`)
      .set(faked.auth())
      .send({ body: 'Hallo {{#if appointment.online}}online' });
    const unclosed = await expectRefused(broken, 'body');
    expect(unclosed.reason.de).toBe('„{{#if}}“ aus Zeile 1 wird nie geschlossen: „{{/if}}“ fehlt.');

    await enableChannels(faked.app, faked.token, { smsEnabled: false, threemaEnabled: true });
    try {
      const off = await api()
        .post('/messaging/messages')
        .set(faked.auth())
        .send({ channel: 'sms', to: '+4915112345678', body: 'Hallo' });
      expect(off.status).toBe(409);
      expect(off.body.error.details.reason.de).toBe(
        'SMS ist für diese Praxis ausgeschaltet: bitte „SMS erlauben (kostenpflichtig)“ unter Einstellungen → Nachrichten einschalten.'
      );
    } finally {
      await enableChannels(faked.app, faked.token, { smsEnabled: true, threemaEnabled: true });
    }
  });
});
