/** The audit trail's rows: appended, listed newest first, never changed (retention does not touch them). */
import { findPage } from '../../kernel/repositories/db';
import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';
import type { AuditAction, AuditDetails } from '../domain/audit';

export interface AuditEntry {
  id: number;
  practice: string;
  action: AuditAction;
  actorId: number | null;
  actorName: string | null;
  target: string | null;
  details: AuditDetails | null;
  at: string;
}

export const auditRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(UID.auditEntry as never);
  return {
    async append(entry: Omit<AuditEntry, 'id' | 'at'>, at = new Date()): Promise<void> {
      await query().create({ data: { ...entry, at } });
    },

    async list(
      practice: string,
      filter: { action?: string; target?: string },
      page: number,
      pageSize: number
    ): Promise<{ rows: AuditEntry[]; total: number }> {
      const where = {
        practice,
        ...(filter.action ? { action: filter.action } : {}),
        ...(filter.target ? { target: filter.target } : {}),
      };
      const { rows, total } = await findPage(
        query(),
        where,
        [{ at: 'desc' }, { id: 'desc' }],
        page,
        pageSize
      );
      return {
        rows: rows.map((row) => ({
          id: row.id,
          practice: row.practice,
          action: row.action,
          actorId: row.actorId ?? null,
          actorName: row.actorName ?? null,
          target: row.target ?? null,
          details: row.details ?? null,
          at: new Date(row.at).toISOString(),
        })),
        total: Number(total),
      };
    },
  };
};
