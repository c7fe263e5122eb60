/**
 * The public pages' per-address limits in the database, so that every
 * Strapi instance counts against the same allowance (an in-memory limiter
 * per process would give N instances N times the allowance).
 *
 * One row per bucket holds `busy_until` (epoch ms): the moment its allowance
 * would be whole again (GCRA, the token bucket as a single number). A
 * request is allowed when adding one interval keeps `busy_until` within
 * `burst` intervals of now; the check and the update are one conditional
 * UPDATE, so two instances cannot both take the last request. A bucket's
 * first request inserts its row (unique index, conflicts ignored) and then
 * takes the same UPDATE.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';
import { newDocumentId, table, tableName } from '../../kernel/repositories/db';

export interface Rate {
  /** requests per second on average */
  perSecond: number;
  /** requests allowed at once after a quiet spell */
  burst: number;
}

export const rateLimitsRepository = (strapi: Core.Strapi) => {
  const name = tableName(strapi, UID.rateLimit);
  const q = () => table(strapi, name);
  const knex = strapi.db.connection;

  /** One conditional UPDATE: true when the request fits and was counted. */
  async function take(
    bucket: string,
    now: number,
    interval: number,
    tolerance: number
  ): Promise<boolean> {
    const start = knex.raw('CASE WHEN busy_until > ? THEN busy_until ELSE ? END', [now, now]);
    const updated = await q()
      .where({ bucket })
      .andWhere(
        knex.raw('(CASE WHEN busy_until > ? THEN busy_until ELSE ? END) + ? <= ?', [
          now,
          now,
          interval,
          now + tolerance,
        ])
      )
      .update({ busy_until: knex.raw('? + ?', [start, interval]) });
    return Number(updated) === 1;
  }

  return {
    /** True when one more request of `bucket` is allowed now (and counts it). */
    async allow(bucket: string, rate: Rate, now = Date.now()): Promise<boolean> {
      const interval = Math.max(1, Math.round(1000 / rate.perSecond));
      const tolerance = interval * rate.burst;
      if (await take(bucket, now, interval, tolerance)) return true;
      const date = new Date(now);
      await q()
        .insert({
          document_id: newDocumentId(),
          bucket,
          busy_until: now,
          created_at: date,
          updated_at: date,
          published_at: date,
        })
        .onConflict('bucket')
        .ignore();
      return take(bucket, now, interval, tolerance);
    },

    /** Drops buckets whose allowance is whole again: they behave exactly like a missing row. */
    async purgeIdle(now = Date.now()): Promise<number> {
      return Number(await q().where('busy_until', '<=', now).delete());
    },
  };
};
