/**
 * Leases: a named job runs in one Strapi instance at a time. Taking or
 * renewing a lease is one conditional UPDATE (the row is free, expired or
 * already ours); the first taker of a new name inserts the row, and the
 * unique index lets only one insert win.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';
import { newDocumentId, table, tableName, toDate, type Knex } from './db';

export const leasesRepository = (strapi: Core.Strapi) => {
  const name = tableName(strapi, UID.lease);
  const q = () => table(strapi, name);
  /** Creates the rows of `jobs` that do not exist yet, free (ON CONFLICT DO NOTHING: instances may race, and on PostgreSQL a lost race must not abort the transaction). */
  const insertMissing = (jobs: string[], now: Date, trx?: Knex) =>
    table(strapi, name, trx)
      .insert(
        jobs.map((job) => ({
          document_id: newDocumentId(),
          name: job,
          owner: '',
          expires_at: new Date(0),
          created_at: now,
          updated_at: now,
          published_at: now,
        }))
      )
      .onConflict('name')
      .ignore();

  return {
    /** True when `owner` holds the lease `job` for the next `ttlMs`. */
    async acquire(job: string, owner: string, ttlMs: number, now = new Date()): Promise<boolean> {
      const expiresAt = new Date(now.getTime() + ttlMs);
      const updated = await q()
        .where({ name: job })
        .andWhere((where) => where.where('expires_at', '<', now).orWhere('owner', owner))
        .update({ owner, expires_at: expiresAt, updated_at: now });
      if (Number(updated) > 0) return true;
      const row = await q().where({ name: job }).first();
      if (row)
        return row.owner === owner && (toDate(row.expires_at)?.getTime() ?? 0) >= now.getTime();
      try {
        await q().insert({
          document_id: newDocumentId(),
          name: job,
          owner,
          expires_at: expiresAt,
          created_at: now,
          updated_at: now,
          published_at: now,
        });
        return true;
      } catch {
        return false; // another instance inserted it first
      }
    },

    /**
     * All of `jobs` for `owner`, or none: one transaction (on SQLite one
     * commit instead of one per statement, which was most of a mass
     * cancellation's time).
     */
    async acquireAll(
      jobs: string[],
      owner: string,
      ttlMs: number,
      now = new Date()
    ): Promise<boolean> {
      if (jobs.length === 0) return true;
      const expiresAt = new Date(now.getTime() + ttlMs);
      const NOT_ALL = new Error('lease held by another owner');
      try {
        await strapi.db.transaction(async ({ trx }) => {
          const t = () => table(strapi, name, trx as never);
          await insertMissing(jobs, now, trx as never);
          const updated = await t()
            .whereIn('name', jobs)
            .andWhere((where) => where.where('expires_at', '<', now).orWhere('owner', owner))
            .update({ owner, expires_at: expiresAt, updated_at: now });
          if (Number(updated) !== jobs.length) {
            const mine = await t().whereIn('name', jobs).andWhere({ owner }).count({ n: '*' });
            if (Number((mine[0] as { n: unknown }).n) !== jobs.length) throw NOT_ALL;
          }
        });
        return true;
      } catch (error) {
        if (error === NOT_ALL) return false;
        throw error;
      }
    },

    /**
     * Holds `job` until the caller's transaction `trx` ends: an UPDATE of its
     * row inside the transaction keeps that row's lock (the database's write
     * lock on SQLite) until commit or rollback, so a second instance waits
     * here and then reads what the first one wrote. Unlike a timed lease it
     * cannot outlive a crashed holder. Call `ensure(job)` once before, outside
     * the transaction.
     */
    async holdUntilCommit(job: string, owner: string, trx: Knex, now = new Date()): Promise<void> {
      const updated = await table(strapi, name, trx)
        .where({ name: job })
        .update({ owner, updated_at: now });
      if (Number(updated) !== 1) throw new Error(`lease row "${job}" is missing`);
    },

    async ensure(job: string, now = new Date()): Promise<void> {
      await insertMissing([job], now);
    },

    async release(job: string, owner: string): Promise<void> {
      await q()
        .where({ name: job, owner })
        .update({ expires_at: new Date(0) });
    },
  };
};
