/**
 * The public pages' per-address limits live in the database: every instance
 * counts against the same allowance, keyed on the client's real address
 * behind a trusted proxy (server.proxy), and on the socket's peer otherwise.
 */
import request from 'supertest';
import { bootWithFakes, type FakedPlayground } from '../helpers/with-fakes';
import { startServingInstance } from '../helpers/workers';

const BURST = 4;
const UNKNOWN_SLIP = '/s/AbCdEfGh';

describe('public pages: per-address limits shared by every instance', () => {
  let faked: FakedPlayground;
  let second: { url: string; stop: () => Promise<void> } | undefined;

  beforeAll(async () => {
    faked = await bootWithFakes({ SERVER_PROXY: 'true', MESSAGING_PUBLIC_BURST: String(BURST) });
    second = await startServingInstance();
  });
  afterAll(async () => {
    await second?.stop();
    await faked?.stop();
  });

  const repository = async () =>
    (await import('../../server/src/access/repositories/rate-limits')).rateLimitsRepository(
      faked.app.strapi
    );

  it('a burst, then one request per interval; other buckets are not affected; idle buckets are purged', async () => {
    const limits = await repository();
    const rate = { perSecond: 0.5, burst: 3 };
    const at = 1_900_000_000_000;
    const first: boolean[] = [];
    for (let n = 0; n < 4; n += 1) first.push(await limits.allow('test:10.0.0.1', rate, at));
    expect(first).toEqual([true, true, true, false]);
    expect(await limits.allow('test:10.0.0.2', rate, at)).toBe(true);
    expect(await limits.allow('test:10.0.0.1', rate, at + 1999)).toBe(false);
    expect(await limits.allow('test:10.0.0.1', rate, at + 2000)).toBe(true); // one every 2 s
    expect(await limits.allow('test:10.0.0.1', rate, at + 2001)).toBe(false);
    // quiet for the whole burst: whole again, and the row may go
    expect(await limits.purgeIdle(at + 8000)).toBeGreaterThanOrEqual(1);
    expect(await limits.allow('test:10.0.0.1', rate, at + 8000)).toBe(true);
  });

  it('counts requests that arrive at the same moment exactly once each', async () => {
    const limits = await repository();
    const rate = { perSecond: 0.5, burst: 5 };
    const at = 1_900_000_100_000;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => limits.allow('test:race', rate, at))
    );
    expect(answers.filter(Boolean)).toHaveLength(5);
  });

  it('two instances behind one proxy share each client’s allowance, keyed on X-Forwarded-For', async () => {
    const instances = [faked.app.http, second!.url];
    const statuses: number[] = [];
    for (let n = 0; n < BURST + 2; n += 1) {
      statuses.push(
        (
          await request(instances[n % 2])
            .get(UNKNOWN_SLIP)
            .set('X-Forwarded-For', '203.0.113.7')
        ).status
      );
    }
    // alternating between the instances, the client still gets BURST answers, not twice as many
    expect(statuses).toEqual([...Array(BURST).fill(404), 429, 429]);
    // another client behind the same proxy has its own allowance, on either instance
    expect(
      (await request(second!.url).get(UNKNOWN_SLIP).set('X-Forwarded-For', '203.0.113.8')).status
    ).toBe(404);
    expect(
      (await request(faked.app.http).get(UNKNOWN_SLIP).set('X-Forwarded-For', '203.0.113.8')).status
    ).toBe(404);
    // the download page has its own bucket per address
    expect(
      (
        await request(second!.url)
          .get('/d/AbCdEfGhAbCdEfGhAbCdEfGhAbCdEfGh')
          .set('X-Forwarded-For', '203.0.113.7')
      ).status
    ).toBe(404);
  });

  it('without a trusted proxy the header is ignored: a client cannot choose its own bucket', async () => {
    const koa = faked.app.strapi.server.app as unknown as { proxy: boolean };
    koa.proxy = false;
    try {
      const statuses: number[] = [];
      for (let n = 0; n < BURST + 1; n += 1) {
        statuses.push(
          (
            await request(faked.app.http)
              .get(UNKNOWN_SLIP)
              .set('X-Forwarded-For', `198.51.100.${n + 1}`)
          ).status
        );
      }
      expect(statuses).toEqual([...Array(BURST).fill(404), 429]);
    } finally {
      koa.proxy = true;
    }
  });
});
