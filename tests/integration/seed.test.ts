import { bootPlayground, type TestApp } from '../helpers/strapi';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedPractice, seedStaff, STAFF } = require('../../scripts/seed/run');

describe('demo seed', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await bootPlayground();
  });
  afterAll(async () => app?.stop());

  it('fills a realistic practice and a second run adds nothing', async () => {
    const now = new Date();
    const first = await seedPractice(app.strapi, { now });
    expect(first).toMatchObject({
      practices: 2,
      recordTypes: 3,
      clients: 72,
      appointments: 230,
      documents: 3,
    });
    expect(first.usageCharges).toBeGreaterThan(300);

    // a year of usage, charged and invoiced by the plugin's billing pass; the sends themselves are gone again
    const invoices = (await app.strapi.db
      .query('plugin::messaging.invoice' as never)
      .findMany({ where: { practice: 'default' } })) as any[];
    expect(invoices.filter((invoice) => invoice.kind === 'regular')).toHaveLength(11);
    expect(
      await app.strapi.db
        .query('plugin::messaging.message' as never)
        .count({ where: { idempotencyKey: { $startsWith: 'seed-usage:' } } } as never)
    ).toBe(0);

    const second = await seedPractice(app.strapi, { now });
    expect(second).toEqual({
      practices: 0,
      recordTypes: 0,
      clients: 0,
      appointments: 0,
      documents: 0,
      usageCharges: 0,
    });

    const clients = await app.strapi
      .documents('api::client.client')
      .findMany({ limit: -1, populate: ['recordType', 'consent', 'practice'] });
    expect(clients).toHaveLength(72);
    // every client belongs to one of the two practices: 60 to Lindenblatt, 12 to am See
    expect(clients.filter((c: any) => c.practice?.key === 'default')).toHaveLength(60);
    expect(clients.filter((c: any) => c.practice?.key === 'am-see')).toHaveLength(12);
    expect(clients.filter((c: any) => !c.mobile).length).toBeGreaterThanOrEqual(5);
    expect(clients.filter((c: any) => c.threemaId).length).toBeGreaterThanOrEqual(5);
    expect(clients.filter((c: any) => !c.mobile && c.landline).length).toBeGreaterThanOrEqual(3);
    expect(
      clients.some(
        (c: any) => /-/.test(c.lastName) && /[äöüÄÖÜß]/.test(c.lastName) && c.lastName.length > 18
      )
    ).toBe(true);
    expect(
      clients.every((c: any) => c.recordType && c.notificationSettings?.reminder?.offsetsHours)
    ).toBe(true);

    const appointments = await app.strapi
      .documents('api::appointment.appointment')
      .findMany({ limit: -1, populate: { client: { populate: ['practice'] }, practice: true } });
    expect(appointments).toHaveLength(230);
    const fourWeeks = now.getTime() + 29 * 24 * 3600 * 1000;
    for (const appointment of appointments as any[]) {
      const start = new Date(appointment.start).getTime();
      expect(start).toBeGreaterThan(now.getTime());
      expect(start).toBeLessThan(fourWeeks);
      expect(new Date(appointment.end).getTime()).toBeGreaterThan(start);
      expect(appointment.client).toBeTruthy();
      // an appointment is in its client's practice
      expect(appointment.practice.key).toBe(appointment.client.practice.key);
    }

    // each practice has its own settings, and am See its own reminder text
    const settings = app.strapi.plugin('messaging').service('settings');
    expect((await settings.get('default')).practiceName).toBe('Praxis Lindenblatt');
    expect(await settings.get('am-see')).toMatchObject({
      practiceName: 'Praxis am See',
      smsSenderId: 'PraxisSee',
    });
    const reminders = async (practice: string) =>
      (
        await app.strapi
          .plugin('messaging')
          .service('templates')
          .list(practice, { kind: 'reminder', channel: 'sms', locale: 'de' })
      ).map((template: any) => template.body);
    expect((await reminders('am-see')).every((body: string) => body.includes('am See'))).toBe(true);
    expect((await reminders('default')).some((body: string) => body.includes('am See'))).toBe(
      false
    );

    const documents = await app.strapi
      .documents('api::document.document')
      .findMany({ limit: -1, populate: ['file', 'client'] });
    expect(documents.map((d: any) => d.title).sort()).toEqual([
      'Befundbericht Oktober',
      'Rechnung 2026-10',
      'Therapiebericht für die Krankenkasse',
    ]);
    expect(
      documents.every((d: any) => d.file?.url?.startsWith('/uploads/seed-document-') && d.client)
    ).toBe(true);
  });

  it("makes the practices' staff in a role scoped to their own practice, once", async () => {
    expect(await seedStaff(app.strapi, 'Staff-Pass-1')).toHaveLength(STAFF.length);
    expect(await seedStaff(app.strapi, 'Staff-Pass-1')).toEqual([]);
    const access = app.strapi.plugin('messaging').service('practice-access');
    for (const person of STAFF) {
      const user = await app.strapi.db
        .query('admin::user')
        .findOne({ where: { email: person.email }, populate: ['roles'] });
      expect(await access.forAction(user, 'log.read')).toEqual([...person.practices].sort());
    }
  });
});
