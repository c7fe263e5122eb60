/**
 * Bulk jobs (`batch` rows): a bulk notification or a mass cancellation, its
 * progress from the outbox, and cancelling it while it runs.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { messagesRepository } from '../repositories/messages';
import { leasesRepository } from '../repositories/leases';
import { ConflictError, NotFoundError } from '../utils/errors';

export interface BatchRow {
  id: number;
  practice: string;
  kind: 'bulk' | 'mass-cancellation';
  status: 'preparing' | 'running' | 'completed' | 'cancelled' | 'failed';
  channel: string | null;
  text: string | null;
  params: Record<string, any> | null;
  total: number;
  createdByAdminId: number | null;
  finishedAt: string | null;
  createdAt: string;
}

const PENDING = ['queued', 'sending'];

/** The name of the lease that keeps a day from being mass-cancelled twice at once. */
export const dayLease = (practice: string, day: string) => `mass-cancellation:${practice}:${day}`;

export const batchesService = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(UID.batch);

  async function find(practice: string, id: number): Promise<BatchRow> {
    const row = (await query().findOne({ where: { id, practice } })) as BatchRow | null;
    if (!row) throw new NotFoundError(`no bulk job ${id}`);
    return row;
  }

  async function finish(row: BatchRow, status: 'completed' | 'cancelled') {
    await query().update({ where: { id: row.id }, data: { status, finishedAt: new Date() } });
    if (row.kind === 'mass-cancellation') {
      const leases = leasesRepository(strapi);
      for (const day of (row.params?.days as string[]) ?? [])
        await leases.release(dayLease(row.practice, day), row.params?.leaseOwner);
    }
  }

  return {
    async create(
      data: Omit<BatchRow, 'id' | 'status' | 'finishedAt' | 'createdAt'>
    ): Promise<BatchRow> {
      return (await query().create({ data: { ...data, status: 'running' } })) as BatchRow;
    },

    /** Counts per status; a running job with nothing left to send is completed here. */
    async progress(practice: string, id: number) {
      let row = await find(practice, id);
      const counts = await messagesRepository(strapi).countByStatusForBatch(id);
      const pending = PENDING.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
      if (row.status === 'running' && pending === 0) {
        await finish(row, 'completed');
        row = await find(practice, id);
      }
      const count = (statuses: string[]) =>
        statuses.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
      return {
        id: row.id,
        kind: row.kind,
        status: row.status,
        channel: row.channel,
        total: row.total,
        queued: count(['queued']),
        sending: count(['sending']),
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

    /** Stops a running job: its queued messages are cancelled; what is already out stays out. */
    async cancel(practice: string, id: number) {
      const row = await find(practice, id);
      if (row.status !== 'running')
        throw new ConflictError(
          `bulk job ${id} is ${row.status}; only a running job can be cancelled`
        );
      await messagesRepository(strapi).cancelQueued(
        { batchId: id },
        'batch-cancelled',
        'the bulk job was cancelled'
      );
      await finish(row, 'cancelled');
      return this.progress(practice, id);
    },

    async list(practice: string, limit = 20) {
      return (await query().findMany({
        where: { practice },
        orderBy: { id: 'desc' },
        limit,
      })) as BatchRow[];
    },
  };
};
