/** The rows of bulk jobs and mass cancellations (`plugin::messaging.batch`). */
import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';

export interface BatchRow {
  id: number;
  practice: string;
  kind: 'bulk' | 'mass-cancellation';
  status: 'preparing' | 'running' | 'completed' | 'cancelled' | 'failed';
  channel: string | null;
  text: string | null;
  /** a JSON column: each kind keeps its own parameters */
  params: Record<string, any> | null;
  total: number;
  createdByAdminId: number | null;
  finishedAt: string | null;
  createdAt: string;
}

const changed = (result: unknown) => Number((result as { count?: number } | null)?.count ?? 0) > 0;

export const batchesRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(UID.batch);
  return {
    async find(practice: string, id: number): Promise<BatchRow | null> {
      return (await query().findOne({ where: { id, practice } })) as BatchRow | null;
    },
    async createRunning(
      data: Omit<BatchRow, 'id' | 'status' | 'finishedAt' | 'createdAt'>
    ): Promise<BatchRow> {
      return (await query().create({ data: { ...data, status: 'running' } })) as BatchRow;
    },
    async running(limit: number): Promise<BatchRow[]> {
      return (await query().findMany({ where: { status: 'running' }, limit })) as BatchRow[];
    },
    /** ends a job that is still running (completed, cancelled or failed); false when it was not running any more */
    async finishIfRunning(
      id: number,
      status: 'completed' | 'cancelled' | 'failed'
    ): Promise<boolean> {
      return changed(
        await query().updateMany({
          where: { id, status: 'running' },
          data: { status, finishedAt: new Date() },
        })
      );
    },
    async markFailed(id: number): Promise<void> {
      await query().update({ where: { id }, data: { status: 'failed', finishedAt: new Date() } });
    },
    async latest(practice: string, limit: number): Promise<BatchRow[]> {
      return (await query().findMany({
        where: { practice },
        orderBy: { id: 'desc' },
        limit,
      })) as BatchRow[];
    },
  };
};
