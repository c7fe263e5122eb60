import request from 'supertest';
import { bootWithFakes, type FakedPlayground } from '../helpers/with-fakes';
import { failInsertWhen } from '../helpers/inject-failure';
import { enableChannels, messageRows, planNotices } from '../helpers/messaging';
import { adminWithPermissions, type TestApp } from '../helpers/strapi';

/**
 * Planning never fails silently: an appointment whose notices cannot be
 * planned is shown with its reason (home page list, the appointment's side
 * panel), tried again by itself with a growing delay, at once on request
 * and after a restart, and never given up.
 */
describe('appointments whose notices cannot be planned', () => {
  let faked: FakedPlayground;
  let app: TestApp;
  const get = (path: string) => request(app.http).get(path).set(faked.auth());
  const events = () =>
    app.strapi.db.query('plugin::messaging.appointment-event' as never).findMany({}) as Promise<
      any[]
    >;

  beforeAll(async () => {
    faked = await bootWithFakes({ MESSAGING_SETTLE_DELAY_SECONDS: '0' });
    app = faked.app;
    await enableChannels(app, faked.token);
  });
  afterAll(async () => faked?.stop());

  it('shows the failure with its reason, retries it later and on request, and plans it once the cause is gone', async () => {
    const client = await app.strapi.documents('api::client.client').create({
      data: {
        recordNumber: 'P-1',
        firstName: 'Paula',
        lastName: 'Plan',
        email: 'paula@example.org',
      } as any,
    });
    const start = new Date(Date.now() + 4 * 86_400_000);
    const booked = await app.strapi.documents('api::appointment.appointment').create({
      data: {
        start: start.toISOString(),
        end: new Date(start.getTime() + 3_000_000).toISOString(),
        client: client.documentId,
      } as any,
    });
    // The database refuses the notices of this appointment (a stand-in for any cause: a broken template, a host bug).
    const table = app.strapi.db.metadata.get('plugin::messaging.message' as never).tableName;
    const heal = await failInsertWhen(app, table, 'appointment_document_id', booked.documentId);
    try {
      await planNotices(app);
      const [failed] = await events();
      expect(failed).toMatchObject({ appointmentDocumentId: booked.documentId, attempts: 1 });
      expect(failed.lastError).toContain('injected failure');
      // not tried again at once, but later by itself
      expect(new Date(failed.nextAttemptAt).getTime()).toBeGreaterThan(Date.now() + 20_000);
      await planNotices(app);
      expect((await events())[0].attempts).toBe(1);

      const list = await get('/messaging/planning-failures').expect(200);
      expect(list.body.data.total).toBe(1);
      expect(list.body.data.items[0]).toMatchObject({
        appointmentDocumentId: booked.documentId,
        attempts: 1,
      });
      expect(list.body.data.items[0].error).toContain('injected failure');
      const panel = await get(`/messaging/appointments/${booked.documentId}/panel`).expect(200);
      expect(panel.body.data.planning).toMatchObject({
        attempts: 1,
        error: expect.stringContaining('injected failure'),
      });
      expect(panel.body.data.published).toBe(true);

      // five failures in a row: still waiting for its next try, never dropped
      for (let n = 0; n < 5; n += 1) {
        await request(app.http)
          .post('/messaging/planning-failures/retry')
          .set(faked.auth())
          .send({ appointmentId: booked.documentId })
          .expect(200);
        await planNotices(app);
      }
      expect((await events())[0].attempts).toBe(6);
    } finally {
      await heal();
    }
    const retried = await request(app.http)
      .post('/messaging/planning-failures/retry')
      .set(faked.auth())
      .send({})
      .expect(200);
    expect(retried.body.data.due).toBe(1);
    await planNotices(app);
    expect(await events()).toEqual([]);
    const rows = await messageRows(app, { appointmentDocumentId: booked.documentId });
    expect(rows.map((row) => row.kind)).toContain('confirmation');
    expect((await get('/messaging/planning-failures').expect(200)).body.data).toEqual({
      total: 0,
      items: [],
    });
    expect(
      (await get(`/messaging/appointments/${booked.documentId}/panel`).expect(200)).body.data
        .planning
    ).toBeNull();
  });

  it('makes every failed event due again when Strapi starts (bootstrap), and needs the send permission to ask for a try', async () => {
    await app.strapi.db.query('plugin::messaging.appointment-event' as never).create({
      data: {
        practice: 'default',
        appointmentDocumentId: 'gone-appointment',
        action: 'create',
        occurredAt: new Date(),
        attempts: 3,
        lastError: 'x',
        nextAttemptAt: new Date(Date.now() + 3_600_000),
      },
    });
    // what bootstrap runs after a restart
    expect(await app.strapi.plugin('messaging').service('planner').retry()).toBe(1);
    const [event] = await events();
    expect(event.nextAttemptAt).toBeNull();
    await planNotices(app); // the appointment is gone: planned as nothing, and removed
    expect(await events()).toEqual([]);
    const reader = await adminWithPermissions(
      app,
      ['plugin::messaging.log.read'],
      'reader@praxis.test'
    );
    await request(app.http)
      .get('/messaging/planning-failures')
      .set({ Authorization: `Bearer ${reader}` })
      .expect(200);
    await request(app.http)
      .post('/messaging/planning-failures/retry')
      .set({ Authorization: `Bearer ${reader}` })
      .send({})
      .expect(403);
  });
});
