/**
 * Many practices in one Strapi (issue 18): the playground maps a client's
 * and an appointment's practice (relation to api::practice.practice), staff
 * act for the practices whose staff relation holds them when their role's
 * permissions carry "own practice only". A user of A must not read, change,
 * send or bill anything of B, whatever the query string says.
 */
import request from 'supertest';
import { bootWithFakes, type FakedPlayground } from '../helpers/with-fakes';
import { makeDue, messageRows, planNotices, tick } from '../helpers/messaging';

const PRACTICE = 'api::practice.practice';
const CLIENT = 'api::client.client';
const APPOINTMENT = 'api::appointment.appointment';
const CHARGE = 'plugin::messaging.charge';
const OWN_PRACTICE = 'plugin::messaging.own-practice';
const A = 'default';
const B = 'am-see';
const PASSWORD = 'Test1234!staff';

const inDays = (days: number, hour = 10) => {
  const at = new Date(Date.now() + days * 24 * 3600_000);
  at.setUTCHours(hour, 0, 0, 0);
  return at;
};

describe('many practices: each sealed off from the others', () => {
  let faked: FakedPlayground;
  const practiceIds: Record<string, string> = {};
  const clients: Record<string, string> = {};
  const appointments: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const api = () => request(faked.app.http);

  /** A role with these plugin actions, each with or without "own practice only", and a user in it who is staff of `practices`. */
  async function staffUser(
    name: string,
    practices: string[],
    actions: string[] | 'all',
    conditions = [OWN_PRACTICE]
  ) {
    const { strapi } = faked.app;
    const role = await strapi.service('admin::role').create({ name: `role ${name}` });
    const uids =
      actions === 'all'
        ? (strapi.service('admin::permission').actionProvider.values() as any[])
            .filter((action) => action.pluginName === 'messaging')
            .map((action) => action.actionId)
        : actions.map((uid) => `plugin::messaging.${uid}`);
    await strapi.service('admin::role').assignPermissions(role.id, [
      ...uids.map((action) => ({ action, subject: null, properties: {}, conditions })),
      ...[CLIENT, APPOINTMENT].map((subject) => ({
        action: 'plugin::content-manager.explorer.read',
        subject,
        properties: { fields: null },
        conditions,
      })),
    ]);
    const email = `${name}@praxen.test`;
    const user = await strapi.service('admin::user').create({
      email,
      firstname: name,
      lastname: 'Staff',
      password: PASSWORD,
      isActive: true,
      roles: [role.id],
    });
    for (const key of practices) {
      const practice: any = await strapi
        .documents(PRACTICE as any)
        .findOne({ documentId: practiceIds[key], populate: ['staff'] });
      await strapi.documents(PRACTICE as any).update({
        documentId: practiceIds[key],
        data: { staff: [...practice.staff.map((member: any) => member.id), user.id] } as any,
      });
    }
    const login = await api().post('/admin/login').send({ email, password: PASSWORD }).expect(200);
    tokens[name] = login.body.data.token;
  }

  const consent = [{ channel: 'sms', granted: true, date: '2026-01-05', source: 'Anmeldebogen' }];
  async function client(key: string, practice: string, mobile: string) {
    const created = await faked.app.strapi.documents(CLIENT).create({
      data: {
        recordNumber: `P-${key}`,
        firstName: 'Kim',
        lastName: key,
        mobile,
        consent,
        practice: practiceIds[practice],
        notificationSettings: {
          confirmation: { email: false, sms: true, threema: false },
          change: { email: false, sms: true, threema: false },
          reminder: { email: false, sms: true, threema: false, offsetsHours: [24] },
          cancellation: { email: false, sms: true, threema: false },
        },
      } as any,
    });
    clients[key] = created.documentId;
  }
  async function appointment(key: string, clientKey: string, practice: string, days: number) {
    const created = await faked.app.strapi.documents(APPOINTMENT).create({
      data: {
        start: inDays(days).toISOString(),
        end: new Date(inDays(days).getTime() + 50 * 60_000).toISOString(),
        client: clients[clientKey],
        practice: practiceIds[practice],
        location: `Raum ${practice}`,
      } as any,
    });
    appointments[key] = created.documentId;
  }

  beforeAll(async () => {
    faked = await bootWithFakes({ MESSAGING_QUIET_HOURS: 'off' });
    const { strapi } = faked.app;
    for (const [key, name] of [
      [A, 'Praxis Lindenblatt'],
      [B, 'Praxis am See'],
    ]) {
      const created = await strapi
        .documents(PRACTICE as any)
        .create({ data: { key, name } as any });
      practiceIds[key] = created.documentId;
    }
    // each practice its own switches, sender and texts (the super admin acts for every practice)
    await api()
      .put(`/messaging/settings?practice=${A}`)
      .set(faked.auth())
      .send({ practiceName: 'Praxis Lindenblatt', smsEnabled: true, smsSenderId: 'Linde' })
      .expect(200);
    await api()
      .put(`/messaging/settings?practice=${B}`)
      .set(faked.auth())
      .send({ practiceName: 'Praxis am See', smsEnabled: true, smsSenderId: 'PraxisSee' })
      .expect(200);
    const templates = strapi.plugin('messaging').service('templates');
    for (const template of await templates.list(B, { kind: 'confirmation', channel: 'sms' }))
      await templates.update(B, template.id, {
        body: 'Praxis am See bestätigt: {{appointment.date}} um {{appointment.time}}.',
      });

    await client('a1', A, '0171 2000001');
    await client('a2', A, '0171 2000002');
    await client('b1', B, '0171 3000001');
    await client('b2', B, '0171 3000002');
    await appointment('a1', 'a1', A, 3);
    await appointment('b1', 'b1', B, 3);
    await planNotices(faked.app);

    await staffUser('anna', [A], 'all');
    await staffUser('bert', [B], 'all');
    await staffUser('beide', [A, B], 'all');
    await staffUser('bulkonly', [A], ['bulk.send', 'log.read']);
  });
  afterAll(async () => faked?.stop());

  const confirmationOf = async (appointmentKey: string) =>
    (
      await messageRows(faked.app, {
        appointmentDocumentId: appointments[appointmentKey],
        kind: 'confirmation',
      })
    )[0];

  it('plans each appointment in its own practice, with that practice’s template, switch and sender, and bills that practice', async () => {
    const ofA = await confirmationOf('a1');
    const ofB = await confirmationOf('b1');
    expect(ofA.practice).toBe(A);
    expect(ofB.practice).toBe(B);

    // rendered at send time, with the practice's own template and sender
    await makeDue(faked.app, ofA.id);
    await makeDue(faked.app, ofB.id);
    await tick(faked.app);
    const sent = (to: string) => faked.twilio.messages.find((m) => m.to === to);
    expect(sent('+491713000001')).toMatchObject({ from: 'PraxisSee' });
    expect(sent('+491713000001')!.body).toMatch(/^Praxis am See bestätigt: /);
    expect(sent('+491712000001')).toMatchObject({ from: 'Linde' });
    expect(sent('+491712000001')!.body).not.toMatch(/am See/);
    expect(sent('+491712000001')!.body).toMatch(/Praxis Lindenblatt/);

    await faked.app.strapi.plugin('messaging').service('billing').run(new Date());
    const charges = (await faked.app.strapi.db
      .query(CHARGE as never)
      .findMany({ where: { messageId: { $in: [ofA.id, ofB.id] } } } as never)) as any[];
    expect(charges.map((c) => [c.messageId, c.practice]).sort()).toEqual(
      [
        [ofA.id, A],
        [ofB.id, B],
      ].sort()
    );

    // B switches SMS off: B's next appointment gets no SMS, A's still does
    await api()
      .put(`/messaging/settings?practice=${B}`)
      .set(faked.auth())
      .send({ smsEnabled: false })
      .expect(200);
    await appointment('b2', 'b2', B, 4);
    await appointment('a2', 'a2', A, 4);
    await planNotices(faked.app);
    const b2 = await messageRows(faked.app, { appointmentDocumentId: appointments.b2 });
    expect(b2.filter((row) => row.channel === 'sms' && row.status === 'queued')).toEqual([]);
    expect((await confirmationOf('a2')).status).toBe('queued');
    await api()
      .put(`/messaging/settings?practice=${B}`)
      .set(faked.auth())
      .send({ smsEnabled: true })
      .expect(200);
  });

  it('refuses an appointment whose client belongs to another practice (400 naming the field), and keeps nothing', async () => {
    const before = await faked.app.strapi.db.query(APPOINTMENT as never).count({});
    const response = await api()
      .post(`/content-manager/collection-types/${APPOINTMENT}`)
      .set(faked.auth())
      .send({
        start: inDays(6).toISOString(),
        end: inDays(6, 11).toISOString(),
        state: 'scheduled',
        mode: 'onsite',
        client: { connect: [{ documentId: clients.b1 }] },
        practice: { connect: [{ documentId: practiceIds[A] }] },
      });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'Praxis: Termin und Akte gehören zu verschiedenen Praxen.'
    );
    expect(response.body.error.details.errors[0]).toMatchObject({
      path: ['practice'],
      reason: { en: 'The appointment and its client belong to different practices.' },
    });
    expect(await faked.app.strapi.db.query(APPOINTMENT as never).count({})).toBe(before);
  });

  it('gives a user of A 404 for B’s records', async () => {
    const bMessage = await confirmationOf('b1');
    const batch = (
      await api()
        .post(`/messaging/bulk?practice=${B}`)
        .set(faked.auth())
        .send({ recipients: { all: true }, channel: 'sms', text: 'Mitteilung der Praxis am See' })
        .expect(201)
    ).body.data;
    const bTemplate = (
      await api().get(`/messaging/templates?practice=${B}`).set(faked.auth()).expect(200)
    ).body.data[0];
    const requests: [string, string, object?][] = [
      ['get', `/messaging/appointments/${appointments.b1}/panel`],
      ['get', `/messaging/clients/${clients.b1}/panel`],
      ['get', `/messaging/messages/${bMessage.id}`],
      ['post', `/messaging/messages/${bMessage.id}/resend`],
      ['get', `/messaging/batches/${batch.id}`],
      ['post', `/messaging/batches/${batch.id}/cancel`],
      ['get', `/messaging/templates/${bTemplate.id}`],
      ['put', `/messaging/templates/${bTemplate.id}`, { body: 'gekapert' }],
      ['delete', `/messaging/templates/${bTemplate.id}`],
      ['post', `/messaging/clients/${clients.b1}/data-export`],
      ['post', `/messaging/clients/${clients.b1}/erase`, { confirm: true }],
    ];
    for (const [method, path, body] of requests) {
      const call = (api() as any)[method](path);
      const response = await call.set(as('anna')).send(body ?? {});
      expect([path, response.status]).toEqual([path, 404]);
    }
    // a message to B's client is refused exactly as one to a client that does not exist
    const manual = (clientId: string) =>
      api()
        .post('/messaging/messages')
        .set(as('anna'))
        .send({ channel: 'sms', clientId, to: '0171 3000001', body: 'Hallo' });
    const toB = await manual(clients.b1);
    const toNobody = await manual('nosuchclient000000000000');
    expect(toB.status).toBe(toNobody.status);
    expect(toB.status).toBeGreaterThanOrEqual(400);
    expect(toB.body.error.details.errors[0].path).toEqual(['clientId']);
    expect(toB.body.error.details.errors[0].code).toBe(toNobody.body.error.details.errors[0].code);

    // nothing of B changed: the batch still runs, the template is B's own, the client is there
    expect(
      (
        await api()
          .get(`/messaging/batches/${batch.id}?practice=${B}`)
          .set(faked.auth())
          .expect(200)
      ).body.data.status
    ).toBe('running');
    expect(
      (
        await api()
          .get(`/messaging/templates/${bTemplate.id}?practice=${B}`)
          .set(faked.auth())
          .expect(200)
      ).body.data.body
    ).toBe(bTemplate.body);
    expect(
      await faked.app.strapi.documents(CLIENT).findOne({ documentId: clients.b1 })
    ).toBeTruthy();
    await api()
      .post(`/messaging/batches/${batch.id}/cancel?practice=${B}`)
      .set(faked.auth())
      .expect(200);
  });

  it('gives a user of A 403 for B’s lists, settings, usage and invoices, whatever ?practice= says', async () => {
    const bSettings = (
      await api().get(`/messaging/settings?practice=${B}`).set(faked.auth()).expect(200)
    ).body.data;
    const requests: [string, string, object?][] = [
      ['get', '/messaging/messages'],
      ['get', '/messaging/settings'],
      ['put', '/messaging/settings', { smsEnabled: false, smsSenderId: 'Gekapert' }],
      ['get', '/messaging/usage'],
      ['get', '/messaging/invoices'],
      ['get', '/messaging/templates'],
      ['post', '/messaging/templates/defaults'],
      ['get', '/messaging/audit'],
      ['get', '/messaging/batches'],
      ['get', '/messaging/waitlist'],
      ['get', '/messaging/status'],
      ['get', '/messaging/unreachable-clients'],
      ['get', '/messaging/planning-failures'],
      ['get', '/messaging/appointments/indicators'],
      ['post', '/messaging/bulk/preview', { recipients: { all: true }, channel: 'sms', text: 'x' }],
      ['post', '/messaging/bulk', { recipients: { all: true }, channel: 'sms', text: 'x' }],
      [
        'post',
        '/messaging/mass-cancellation/preview',
        { days: [inDays(3).toISOString().slice(0, 10)] },
      ],
      ['post', '/messaging/mass-cancellation', { days: [inDays(3).toISOString().slice(0, 10)] }],
      ['post', '/messaging/messages', { channel: 'sms', to: '0171 3000009', body: 'Hallo' }],
    ];
    for (const [method, path, body] of requests) {
      const call = (api() as any)[method](`${path}?practice=${B}`);
      const response = await call.set(as('anna')).send(body ?? {});
      expect([path, response.status]).toEqual([path, 403]);
      expect(response.body.error.details.reason.de).toBe(
        'Sie dürfen nicht für die Praxis „am-see“ handeln.'
      );
    }
    // a key that is no practice key at all is a 400 naming the parameter
    const bad = await api().get('/messaging/messages?practice=..%2Fx').set(as('anna'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['practice']);

    expect(
      (await api().get(`/messaging/settings?practice=${B}`).set(faked.auth()).expect(200)).body.data
    ).toEqual(bSettings);
    expect(
      await faked.app.strapi.db
        .query('plugin::messaging.message' as never)
        .count({ where: { recipient: '+491713000009' } } as never)
    ).toBe(0);
  });

  it('shows a user of A only A’s log, and a bulk to all from A reaches none of B’s clients', async () => {
    const log = (await api().get('/messaging/messages').set(as('anna')).expect(200)).body;
    const practices = new Set(log.data.map((row: any) => row.practice ?? A));
    expect(log.data.length).toBeGreaterThan(0);
    expect(log.data.some((row: any) => row.recipient === '+491713000001')).toBe(false);
    expect([...practices]).toEqual([A]);

    const preview = (
      await api()
        .post('/messaging/bulk/preview')
        .set(as('anna'))
        .send({ recipients: { all: true }, channel: 'sms', text: 'Praxis geschlossen' })
        .expect(200)
    ).body.data;
    const started = (
      await api()
        .post('/messaging/bulk')
        .set(as('anna'))
        .send({ recipients: { all: true }, channel: 'sms', text: 'Praxis geschlossen' })
        .expect(201)
    ).body.data;
    expect(started.total).toBe(2);
    expect(preview.recipients ?? preview.total ?? started.total).toBeTruthy();
    const rows = await messageRows(faked.app, { batchId: started.id });
    expect(rows.map((row) => row.recipient).sort()).toEqual(['+491712000001', '+491712000002']);
    expect(rows.every((row) => row.practice === A)).toBe(true);
  });

  it('keeps mass cancellation inside the practice: a day of A cancels none of B’s appointments', async () => {
    const day = inDays(3).toISOString().slice(0, 10);
    const preview = (
      await api()
        .post('/messaging/mass-cancellation/preview')
        .set(as('anna'))
        .send({ days: [day] })
        .expect(200)
    ).body.data;
    expect(preview.appointments.map((a: any) => a.appointmentId)).toEqual([appointments.a1]);
    const refused = await api()
      .post('/messaging/mass-cancellation/preview')
      .set(as('anna'))
      .send({ appointmentIds: [appointments.b1] });
    // B's appointment is unknown to A: the same answer as for one that does not exist
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors[0]).toMatchObject({
      path: ['appointmentIds', '0'],
      code: 'not-found',
    });
  });

  it('lets a user of both practices act for either, and tells the admin which they may choose', async () => {
    const mine = (await api().get('/messaging/practices/mine').set(as('beide')).expect(200)).body
      .data;
    expect(mine.practices.map((p: any) => [p.key, p.name])).toEqual([
      [B, 'Praxis am See'],
      [A, 'Praxis Lindenblatt'],
    ]);
    expect(mine.everyPractice).toBe(false);
    const onlyA = (await api().get('/messaging/practices/mine').set(as('anna')).expect(200)).body
      .data;
    expect(onlyA.practices.map((p: any) => p.key)).toEqual([A]);

    const ofB = (await api().get(`/messaging/messages?practice=${B}`).set(as('beide')).expect(200))
      .body.data;
    expect(ofB.length).toBeGreaterThan(0);
    expect(ofB.some((row: any) => row.recipient === '+491713000001')).toBe(true);
    expect(ofB.some((row: any) => row.recipient.startsWith('+4917120'))).toBe(false);
    await api()
      .get(`/messaging/appointments/${appointments.b1}/panel?practice=${B}`)
      .set(as('beide'))
      .expect(200);
    // a record's panel acts for the record's practice, whatever the switcher says;
    // the Content Manager list's bubbles cover every practice of the user
    for (const query of ['', `?practice=${A}`]) {
      const panel = (
        await api()
          .get(`/messaging/appointments/${appointments.b1}/panel${query}`)
          .set(as('beide'))
          .expect(200)
      ).body.data;
      expect(panel.practice).toBe(B);
      expect(panel.messages.length).toBeGreaterThan(0);
      const clientPanel = (
        await api()
          .get(`/messaging/clients/${clients.b1}/panel${query}`)
          .set(as('beide'))
          .expect(200)
      ).body.data;
      expect(clientPanel.practice).toBe(B);
    }
    const bubbles = async (who: string) =>
      (
        await api()
          .get(`/messaging/appointments/indicators?ids=${appointments.a1},${appointments.b1}`)
          .set(as(who))
          .expect(200)
      ).body.data;
    const ofBoth = await bubbles('beide');
    expect(ofBoth[appointments.a1].indicator).not.toBe('none');
    expect(ofBoth[appointments.b1].indicator).not.toBe('none');
    const ofAnna = await bubbles('anna');
    expect(ofAnna[appointments.a1].indicator).not.toBe('none');
    expect(ofAnna[appointments.b1].indicator).toBe('none');
    // B's own staff acts for B without naming it (their only practice)
    const bertLog = (await api().get('/messaging/messages').set(as('bert')).expect(200)).body.data;
    expect(bertLog.length).toBe(ofB.length);
    expect(bertLog.some((row: any) => row.recipient.startsWith('+4917120'))).toBe(false);
  });

  it('cancelling a job needs the permission of the job’s kind', async () => {
    const day = inDays(4).toISOString().slice(0, 10);
    const job = (
      await api()
        .post('/messaging/mass-cancellation')
        .set(as('anna'))
        .send({ days: [day], channel: 'auto', reason: 'Fortbildung' })
    ).body.data;
    expect(job.kind).toBe('mass-cancellation');
    const refused = await api().post(`/messaging/batches/${job.id}/cancel`).set(as('bulkonly'));
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.reason.de).toBe('Dafür fehlt Ihnen die Berechtigung.');
    // a bulk job the same user may cancel
    const bulk = (
      await api()
        .post('/messaging/bulk')
        .set(as('bulkonly'))
        .send({ recipients: { all: true }, channel: 'sms', text: 'Heute geschlossen' })
        .expect(201)
    ).body.data;
    await api().post(`/messaging/batches/${bulk.id}/cancel`).set(as('bulkonly')).expect(200);
    expect(
      (await api().get(`/messaging/batches/${job.id}`).set(as('anna')).expect(200)).body.data.status
    ).toBe('running');
  });

  it('scopes the Content Manager by the "own practice only" condition', async () => {
    const list = async (who: string, uid: string) =>
      (
        await api()
          .get(`/content-manager/collection-types/${uid}?pageSize=100`)
          .set(as(who))
          .expect(200)
      ).body.results.map((row: any) => row.documentId);
    expect((await list('anna', CLIENT)).sort()).toEqual([clients.a1, clients.a2].sort());
    expect((await list('bert', CLIENT)).sort()).toEqual([clients.b1, clients.b2].sort());
    expect(await list('anna', APPOINTMENT)).not.toContain(appointments.b1);
    expect(await list('anna', APPOINTMENT)).toContain(appointments.a1);
    await api()
      .get(`/content-manager/collection-types/${CLIENT}/${clients.b1}`)
      .set(as('anna'))
      .expect((response) => expect([403, 404]).toContain(response.status));
    // the edit view checks the condition on the record itself: staff open their own practice's records
    const open = (who: string, uid: string, documentId: string) =>
      api().get(`/content-manager/collection-types/${uid}/${documentId}`).set(as(who));
    expect((await open('anna', CLIENT, clients.a1)).status).toBe(200);
    expect((await open('anna', APPOINTMENT, appointments.a1)).status).toBe(200);
    expect((await open('beide', APPOINTMENT, appointments.b1)).status).toBe(200);
    expect((await open('anna', APPOINTMENT, appointments.b1)).status).toBe(403);
    // an appointment without a practice of its own is its client's, not the default practice's
    const unset = await faked.app.strapi.documents(APPOINTMENT).create({
      data: {
        start: inDays(6).toISOString(),
        end: new Date(inDays(6).getTime() + 50 * 60_000).toISOString(),
        client: clients.b2,
      } as any,
    });
    expect(await list('anna', APPOINTMENT)).not.toContain(unset.documentId);
    expect(await list('bert', APPOINTMENT)).toContain(unset.documentId);
    expect((await open('anna', APPOINTMENT, unset.documentId)).status).toBe(403);
    expect((await open('bert', APPOINTMENT, unset.documentId)).status).toBe(200);
  });

  it('shows the operator every practice’s month per channel, the invoices of the run and its CSV, behind its own permission', async () => {
    // only a permission without "own practice only" covers every practice
    const refused = await api().get('/messaging/operator/usage').set(as('anna'));
    expect(refused.status).toBe(403);
    expect(refused.body.error.details.reason.de).toMatch(/^Diese Übersicht umfasst alle Praxen/);

    const now = (await api().get('/messaging/operator/usage').set(faked.auth()).expect(200)).body
      .data;
    const row = (key: string) => now.practices.find((p: any) => p.practice === key);
    expect(now.practices.map((p: any) => p.name)).toEqual(['Praxis am See', 'Praxis Lindenblatt']);
    for (const key of [A, B]) {
      expect(row(key).channels.sms).toMatchObject({ units: 1, freeUnits: 1, amountTenthCents: 0 });
      expect(row(key).channels.threema.units).toBe(0);
    }

    // the month ends: the billing pass issues each practice its invoice, and the run lists both
    const next = new Date(now.month + '-01T00:00:00Z');
    next.setUTCMonth(next.getUTCMonth() + 1);
    const afterMonthEnd = new Date(next.getTime() + 3 * 3600_000);
    await faked.app.strapi.plugin('messaging').service('billing').run(afterMonthEnd);
    const month = afterMonthEnd.toISOString().slice(0, 7);
    const run = (
      await api().get(`/messaging/operator/usage?month=${month}`).set(faked.auth()).expect(200)
    ).body.data;
    expect(run.invoices.map((invoice: any) => invoice.practice).sort()).toEqual([A, B].sort());
    expect(
      run.billingRun.map((line: any) => `${line.practice}/${line.channel}/${line.units}`)
    ).toEqual([`${B}/sms/1`, `${B}/threema/0`, `${A}/sms/1`, `${A}/threema/0`]);
    const csv = await api()
      .get(`/messaging/operator/billing-run.csv?month=${month}`)
      .set(faked.auth())
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(`billing-run-${month}.csv`);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'month,practice,practice_name,channel,invoices,units,free_units,billed_units,amount_exact_eur,amount_eur'
    );
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(
      new RegExp(`^${month},${B},Praxis am See,sms,MSG-\\d{4}-\\d{4},1,1,0,0\\.000,0\\.00$`)
    );

    const bad = await api().get('/messaging/operator/usage?month=2026-13').set(faked.auth());
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['month']);
  });
  it('lets the operator price one practice: its counter, queue and next charges use the new price, earlier charges keep theirs, and staff cannot set it', async () => {
    const setPrices = (who: Record<string, string>, query: string, body: unknown) =>
      api()
        .put(`/messaging/operator/prices${query}`)
        .set(who)
        .send(body as object);
    // a practice's own staff never price themselves: not through the operator route, not through settings
    const ownOnly = await setPrices(as('anna'), `?practice=${A}`, { smsTenthCents: 1 });
    expect(ownOnly.status).toBe(403);
    expect(ownOnly.body.error.details.reason.de).toMatch(/^Diese Übersicht umfasst alle Praxen/);
    const viaSettings = await api()
      .put(`/messaging/settings?practice=${A}`)
      .set(as('anna'))
      .send({ smsPriceTenthCents: 1 });
    expect(viaSettings.status).toBe(400);
    expect(viaSettings.body.error.details.errors[0].path).toEqual(['smsPriceTenthCents']);

    // bad input: named, in German, and nothing changes
    const noPractice = await setPrices(faked.auth(), '', { smsTenthCents: 80 });
    expect(noPractice.status).toBe(400);
    expect(noPractice.body.error.details.errors[0].path).toEqual(['practice']);
    const unknown = await setPrices(faked.auth(), '?practice=gibt-es-nicht', { smsTenthCents: 80 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.errors[0].reason.de).toBe(
      'Die Praxis „gibt-es-nicht“ gibt es nicht.'
    );
    const bad = await setPrices(faked.auth(), `?practice=${B}`, {
      smsTenthCents: -1,
      threemaTenthCents: '12',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors.map((e: any) => e.path[0]).sort()).toEqual([
      'smsTenthCents',
      'threemaTenthCents',
    ]);
    expect(bad.body.error.details.errors[0].reason.de).toMatch(
      /^Bitte leer lassen \(Standardpreis\)/
    );
    const overview = async () =>
      (await api().get('/messaging/operator/usage').set(faked.auth()).expect(200)).body.data;
    const priceOf = async (key: string) =>
      (await overview()).practices.find((p: any) => p.practice === key).unitPriceTenthCents;
    expect(await priceOf(B)).toEqual({ sms: 100, threema: 15 });

    const set = await setPrices(faked.auth(), `?practice=${B}`, {
      smsTenthCents: 80,
      threemaTenthCents: 12,
    }).expect(200);
    expect(set.body.data).toEqual({
      practice: B,
      priceOverrides: { smsTenthCents: 80, threemaTenthCents: 12 },
      unitPriceTenthCents: { sms: 80, threema: 12 },
    });
    expect(await priceOf(B)).toEqual({ sms: 80, threema: 12 });
    expect(await priceOf(A)).toEqual({ sms: 100, threema: 15 });
    const [entry] = (
      await api()
        .get(`/messaging/audit?practice=${B}&action=prices.changed`)
        .set(faked.auth())
        .expect(200)
    ).body.data;
    expect(entry).toMatchObject({
      target: `practice:${B}`,
      details: { fields: ['smsTenthCents', 'threemaTenthCents'] },
    });

    // the live counter and the queued cost follow the practice's price
    const counter = (practice: string) =>
      api()
        .post(`/messaging/analyze?practice=${practice}`)
        .set(faked.auth())
        .send({ text: 'Bis morgen', channel: 'sms' })
        .expect(200);
    expect((await counter(B)).body.data.costCents).toBe(8);
    expect((await counter(A)).body.data.costCents).toBe(10);

    // B has used 1 of its 5 free SMS this month: five more, and the fifth is charged at 80
    const sendToB = async (count: number) => {
      const ids: number[] = [];
      for (let n = 0; n < count; n += 1)
        ids.push(
          (
            await api()
              .post(`/messaging/messages?practice=${B}`)
              .set(faked.auth())
              .send({ channel: 'sms', clientId: clients.b1, body: `Preis ${n}` })
              .expect(201)
          ).body.data.id
        );
      for (const id of ids) await makeDue(faked.app, id);
      await tick(faked.app);
      await faked.app.strapi.plugin('messaging').service('billing').run(new Date());
      return ids;
    };
    const chargeOf = async (id: number) =>
      (await faked.app.strapi.db
        .query(CHARGE as never)
        .findOne({ where: { messageId: id } } as never)) as any;
    const first = await sendToB(5);
    expect((await messageRows(faked.app, { id: first[4] }))[0].costTenthCents).toBe(80);
    // priced in the order the provider accepted them (the lanes send in parallel): one of the five is billed
    const charges = await Promise.all(first.map(chargeOf));
    expect(
      charges.every((charge) => charge.practice === B && charge.unitPriceTenthCents === 80)
    ).toBe(true);
    const billed = charges.filter((charge) => charge.freeUnits === 0);
    expect(billed).toHaveLength(1);
    expect(billed[0].amountTenthCents).toBe(80);

    // a new price applies from the next charge; the one made keeps 80
    await setPrices(faked.auth(), `?practice=${B}`, { smsTenthCents: 90 }).expect(200);
    const [later] = await sendToB(1);
    expect(await chargeOf(later)).toMatchObject({ unitPriceTenthCents: 90, amountTenthCents: 90 });
    expect(await chargeOf(billed[0].messageId)).toMatchObject({
      unitPriceTenthCents: 80,
      amountTenthCents: 80,
    });

    // null: back to the plugin's price; Threema's own price is kept as set
    const reset = await setPrices(faked.auth(), `?practice=${B}`, { smsTenthCents: null }).expect(
      200
    );
    expect(reset.body.data.unitPriceTenthCents).toEqual({ sms: 100, threema: 12 });
  });
});
