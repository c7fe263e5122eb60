/** The waitlist of one practice, newest first (mass cancellation puts clients on it). */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';

export interface WaitlistRow {
  id: number;
  clientId: string;
  clientName: string | null;
  since: string | null;
  note: string | null;
  cancelledAppointmentId: string | null;
  batchId: number | null;
  createdAt: string | null;
}

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);

export const waitlistRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(UID.waitlistEntry as never);
  return {
    async list(practice: string, page: number, pageSize: number): Promise<{ rows: WaitlistRow[]; total: number }> {
      const where = { practice };
      const [rows, total] = await Promise.all([
        query().findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], offset: (page - 1) * pageSize, limit: pageSize }),
        query().count({ where }),
      ]);
      return {
        rows: (rows as any[]).map((row) => ({
          id: row.id,
          clientId: row.clientDocumentId,
          clientName: row.clientName ?? null,
          since: iso(row.since),
          note: row.note ?? null,
          cancelledAppointmentId: row.cancelledAppointmentDocumentId ?? null,
          batchId: row.batchId ?? null,
          createdAt: iso(row.createdAt),
        })),
        total: Number(total),
      };
    },
  };
};
