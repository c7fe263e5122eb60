/**
 * Leases: a named job runs in one Strapi instance at a time. Taking or
 * renewing a lease is one conditional UPDATE (the row is free, expired or
 * already ours); the first taker of a new name inserts the row, and the
 * unique index lets only one insert win.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { newDocumentId, table, tableName, toDate } from './db';

export const leasesRepository = (strapi: Core.Strapi) => {
  const name = tableName(strapi, UID.lease);
  const q = () => table(strapi, name);

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
      if (row) return row.owner === owner && (toDate(row.expires_at)?.getTime() ?? 0) >= now.getTime();
      try {
        await q().insert({ document_id: newDocumentId(), name: job, owner, expires_at: expiresAt, created_at: now, updated_at: now, published_at: now });
        return true;
      } catch {
        return false; // another instance inserted it first
      }
    },

    /**
     * All of `jobs` for `owner`, or none: one transaction (on SQLite one
     * commit instead of one per statement, which was most of a mass
     * cancellation's time). Rows are created with ON CONFLICT DO NOTHING so
     * that a lost race does not abort the transaction on PostgreSQL.
     */
    async acquireAll(jobs: string[], owner: string, ttlMs: number, now = new Date()): Promise<boolean> {
      if (jobs.length === 0) return true;
      const expiresAt = new Date(now.getTime() + ttlMs);
      const NOT_ALL = new Error('lease held by another owner');
      try {
        await strapi.db.transaction(async ({ trx }) => {
          const t = () => table(strapi, name, trx as never);
          await t()
            .insert(jobs.map((job) => ({ document_id: newDocumentId(), name: job, owner: '', expires_at: new Date(0), created_at: now, updated_at: now, published_at: now })))
            .onConflict('name')
            .ignore();
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

    async release(job: string, owner: string): Promise<void> {
      await q().where({ name: job, owner }).update({ expires_at: new Date(0) });
    },
  };
};
