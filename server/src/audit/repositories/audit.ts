/** The audit trail's rows: appended, listed newest first, never changed (retention does not touch them). */
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
      const [rows, total] = await Promise.all([
        query().findMany({
          where,
          orderBy: [{ at: 'desc' }, { id: 'desc' }],
          offset: (page - 1) * pageSize,
          limit: pageSize,
        }),
        query().count({ where }),
      ]);
      return {
        rows: (rows as any[]).map((row) => ({
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
