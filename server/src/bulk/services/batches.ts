/**
 * Bulk jobs (`batch` rows): a bulk notification or a mass cancellation, its
 * progress from the outbox, and cancelling it while it runs.
 */
import type { Core } from '@strapi/strapi';
import { batchesRepository, type BatchRow } from '../repositories/batches';
import { transaction } from '../../kernel/repositories/db';
import { LEASES } from '../../constants';
import { messagesRepository } from '../../outbox';
import { leasesRepository } from '../../kernel/repositories/leases';
import { ConflictError, NotFoundError } from '../../kernel/errors';

export type { BatchRow } from '../repositories/batches';

/** The name of the lease that keeps a day from being mass-cancelled twice at once. */
export const dayLease = LEASES.massCancellationDay;

export const batchesService = (strapi: Core.Strapi) => {
  const rows = batchesRepository(strapi);

  async function find(practice: string, id: number): Promise<BatchRow> {
    const row = await rows.find(practice, id);
    if (!row) throw new NotFoundError(`no bulk job ${id}`);
    return row;
  }

  /** A mass cancellation holds its days until it is over. */
  async function releaseDays(row: BatchRow) {
    if (row.kind !== 'mass-cancellation') return;
    const leases = leasesRepository(strapi);
    for (const day of (row.params?.days as string[]) ?? [])
      await leases.release(dayLease(row.practice, day), row.params?.leaseOwner);
  }

  return {
    async create(
      data: Omit<BatchRow, 'id' | 'status' | 'finishedAt' | 'createdAt'>
    ): Promise<BatchRow> {
      return rows.createRunning(data);
    },

    /**
     * Marks running jobs completed whose last row is final. The dispatcher
     * calls this at the end of every tick, so a job is completed when its
     * work is, whether anyone looks at it or not.
     */
    async completeFinished(): Promise<number> {
      const running = await rows.running(500);
      if (running.length === 0) return 0;
      const done = new Set(
        await messagesRepository(strapi).batchesWithNothingPending(running.map((row) => row.id))
      );
      let completed = 0;
      for (const row of running) {
        if (!done.has(row.id)) continue;
        // only a job that is still running: a cancel in between wins
        if (await rows.finishIfRunning(row.id, 'completed')) {
          await releaseDays(row);
          completed += 1;
        }
      }
      return completed;
    },

    /** Counts per status (reading never changes the job). */
    async progress(practice: string, id: number) {
      const row = await find(practice, id);
      const counts = await messagesRepository(strapi).countByStatusForBatch(id);
      const count = (statuses: string[]) =>
        statuses.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
      return {
        id: row.id,
        kind: row.kind,
        status: row.status,
        channel: row.channel,
        total: row.total,
        queued: count(['queued', 'claimed']),
        sending: count(['sending', 'checking']),
        sent: count(['sent', 'delivered']),
        delivered: count(['delivered']),
        failed: count(['failed', 'undeliverable', 'needs-review']),
        cancelled: count(['cancelled']),
        skipped: count(['skipped']),
        params: row.params,
        createdAt: row.createdAt,
        finishedAt: row.finishedAt,
      };
    },

    /**
     * Stops a running job: every message not handed to a provider yet
     * (queued, or claimed into some instance's buffer) is cancelled in one
     * UPDATE before this answers, so none of them can go out afterwards;
     * what was already handed over stays out. A finished job answers 409.
     */
    /** Which kind a job of the practice is (404 when it has none of that id): cancelling it needs that kind's permission. */
    async kindOf(practice: string, id: number): Promise<BatchRow['kind']> {
      return (await find(practice, id)).kind;
    },

    async cancel(practice: string, id: number) {
      const row = await find(practice, id);
      const stillRunning = () => rows.finishIfRunning(id, 'cancelled');
      // The job first, then its rows, in one transaction: from here on the
      // dispatcher cannot mark it completed, and no row of it is handed over.
      const cancelled =
        row.status === 'running' &&
        (await transaction(strapi, async () => {
          if (!(await stillRunning())) return false;
          await messagesRepository(strapi).cancelQueued(
            { batchId: id },
            'batch-cancelled',
            'the bulk job was cancelled'
          );
          return true;
        }));
      if (!cancelled) {
        const now = await find(practice, id);
        throw new ConflictError(
          `bulk job ${id} is ${now.status}; only a running job can be cancelled`,
          {
            de: 'Dieser Auftrag läuft nicht mehr und kann nicht mehr gestoppt werden.',
            en: 'This job is no longer running and cannot be stopped any more.',
          }
        );
      }
      await releaseDays(row);
      return this.progress(practice, id);
    },

    async list(practice: string, limit = 20) {
      return rows.latest(practice, limit);
    },
  };
};
