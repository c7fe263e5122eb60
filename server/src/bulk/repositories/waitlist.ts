/** The waitlist of one practice, newest first (mass cancellation puts clients on it). */
import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';
import { findPage, toIso } from '../../kernel/repositories/db';
import type { WaitlistEntry } from '../../../../shared/contracts/waitlist';

export type WaitlistRow = WaitlistEntry;

export const waitlistRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(UID.waitlistEntry as never);
  return {
    async list(
      practice: string,
      page: number,
      pageSize: number
    ): Promise<{ rows: WaitlistRow[]; total: number }> {
      const where = { practice };
      const { rows, total } = await findPage(
        query(),
        where,
        [{ createdAt: 'desc' }, { id: 'desc' }],
        page,
        pageSize
      );
      return {
        rows: rows.map((row) => ({
          id: row.id,
          clientId: row.clientDocumentId,
          clientName: row.clientName ?? null,
          since: toIso(row.since),
          note: row.note ?? null,
          cancelledAppointmentId: row.cancelledAppointmentDocumentId ?? null,
          batchId: row.batchId ?? null,
          createdAt: toIso(row.createdAt),
        })),
        total: Number(total),
      };
    },
  };
};
