/** The express slips' rows (`plugin::messaging.slip`). */
import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';

export interface SlipRow {
  id: number;
  practice: string;
  code: string;
  appointmentDocumentId: string;
  appointmentStart: string | Date;
  state: 'active' | 'moved' | 'cancelled';
  expiresAt: string | Date;
}

export const slipsRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(UID.slip);
  return {
    async findByCode(code: string): Promise<SlipRow | null> {
      return (await query().findOne({ where: { code } })) as SlipRow | null;
    },
    /** the appointment's active slips, newest first */
    async active(appointmentDocumentId: string): Promise<SlipRow[]> {
      return (await query().findMany({
        where: { appointmentDocumentId, state: 'active' },
        orderBy: { id: 'desc' },
      })) as SlipRow[];
    },
    async markMoved(ids: number[]): Promise<void> {
      if (ids.length > 0)
        await query().updateMany({ where: { id: { $in: ids } }, data: { state: 'moved' } });
    },
    async create(data: Omit<SlipRow, 'id'>): Promise<void> {
      await query().create({ data });
    },
    /** every active slip of these appointments says "cancelled" */
    async cancelFor(appointmentDocumentIds: string[]): Promise<void> {
      await query().updateMany({
        where: { appointmentDocumentId: { $in: appointmentDocumentIds }, state: 'active' },
        data: { state: 'cancelled' },
      });
    },
  };
};
