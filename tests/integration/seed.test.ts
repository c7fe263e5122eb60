import { bootPlayground, type TestApp } from '../helpers/strapi';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedPractice } = require('../../scripts/seed/run');

describe('demo seed', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await bootPlayground();
  });
  afterAll(async () => app?.stop());

  it('fills a realistic practice and a second run adds nothing', async () => {
    const now = new Date();
    const first = await seedPractice(app.strapi, { now });
    expect(first).toMatchObject({ recordTypes: 3, clients: 60, appointments: 200, documents: 3 });
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
      recordTypes: 0,
      clients: 0,
      appointments: 0,
      documents: 0,
      usageCharges: 0,
    });

    const clients = await app.strapi
      .documents('api::client.client')
      .findMany({ limit: -1, populate: ['recordType', 'consent'] });
    expect(clients).toHaveLength(60);
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
      .findMany({ limit: -1, populate: ['client'] });
    expect(appointments).toHaveLength(200);
    const fourWeeks = now.getTime() + 29 * 24 * 3600 * 1000;
    for (const appointment of appointments as any[]) {
      const start = new Date(appointment.start).getTime();
      expect(start).toBeGreaterThan(now.getTime());
      expect(start).toBeLessThan(fourWeeks);
      expect(new Date(appointment.end).getTime()).toBeGreaterThan(start);
      expect(appointment.client).toBeTruthy();
    }

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
});
