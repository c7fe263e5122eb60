import { leasesRepository } from '../../server/src/kernel/repositories/leases';
import { planNotices } from '../helpers/messaging';
import { bootPlayground, type TestApp } from '../helpers/strapi';
import { setEnv } from '../helpers/env';

/**
 * Several Strapi instances share one database; only one plans appointment
 * notices at a time. The lease is a conditional UPDATE that works alike on
 * SQLite, PostgreSQL and MariaDB (this file runs on each).
 */
describe('the planning lease', () => {
  let app: TestApp;
  let restoreEnv: () => void;

  beforeAll(async () => {
    restoreEnv = setEnv({ MESSAGING_DISPATCHER: 'off', EMAIL_LOG: 'false' });
    app = await bootPlayground();
  });
  afterAll(async () => {
    await app?.stop();
    restoreEnv?.();
  });

  it('goes to one owner at a time, is renewed by its owner, and is free again when released or expired', async () => {
    const leases = leasesRepository(app.strapi);
    const t0 = new Date();
    expect(await leases.acquire('test-job', 'instance-a', 60_000, t0)).toBe(true);
    expect(await leases.acquire('test-job', 'instance-b', 60_000, t0)).toBe(false);
    expect(
      await leases.acquire('test-job', 'instance-a', 60_000, new Date(t0.getTime() + 1000))
    ).toBe(true);
    await leases.release('test-job', 'instance-a');
    expect(await leases.acquire('test-job', 'instance-b', 60_000, t0)).toBe(true);
    expect(
      await leases.acquire('test-job', 'instance-a', 60_000, new Date(t0.getTime() + 30_000))
    ).toBe(false);
    expect(
      await leases.acquire('test-job', 'instance-a', 60_000, new Date(t0.getTime() + 61_000))
    ).toBe(true); // b's lease ran out
  });

  it('lets a first taker win when two instances start at once', async () => {
    const leases = leasesRepository(app.strapi);
    const results = await Promise.all(
      ['x', 'y', 'z'].map((owner) => leases.acquire('fresh-job', owner, 60_000))
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('does not plan while another instance holds the planning lease, and plans everything once it is free', async () => {
    const client = await app.strapi.documents('api::client.client').create({
      data: {
        recordNumber: 'L-1',
        firstName: 'Lea',
        lastName: 'Lease',
        email: 'lea@example.org',
      } as any,
    });
    const start = new Date(Date.now() + 5 * 86_400_000);
    const booked = await app.strapi.documents('api::appointment.appointment').create({
      data: {
        start: start.toISOString(),
        end: new Date(start.getTime() + 3_000_000).toISOString(),
        client: client.documentId,
      } as any,
    });
    const events = () =>
      app.strapi.db
        .query('plugin::messaging.appointment-event' as never)
        .count({ where: { appointmentDocumentId: booked.documentId } });
    const leases = leasesRepository(app.strapi);
    expect(await leases.acquire('plan-appointment-notices', 'other-instance', 60_000)).toBe(true);
    expect(await planNotices(app)).toBeNull();
    expect(await events()).toBe(1);
    await leases.release('plan-appointment-notices', 'other-instance');
    expect(await planNotices(app)).toBe(1);
    expect(await events()).toBe(0);
    const rows = await app.strapi.db
      .query('plugin::messaging.message' as never)
      .findMany({ where: { appointmentDocumentId: booked.documentId } });
    const queued = rows.filter((row: any) => row.status === 'queued');
    expect(queued.map((row: any) => `${row.kind}/${row.channel}`).sort()).toEqual([
      'confirmation/email',
      'reminder/email',
    ]); // the rest are visible skips (channel off)
  });
});
