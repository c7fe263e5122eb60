/** Document releases (`plugin::messaging.document-release`): token and code hashes, tries, downloads. */
import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';
import { table, tableName } from '../../kernel/repositories/db';

export interface ReleaseRow {
  id: number;
  practice: string;
  documentDocumentId: string;
  clientDocumentId: string;
  tokenHash: string;
  delivery: 'standard' | 'self-service';
  codeHash: string | null;
  codeSalt: string | null;
  codeIssuedAt: string | Date | null;
  codeExpiresAt: string | Date | null;
  failedAttempts: number | null;
  lockedAt: string | Date | null;
  codeRequests: string[] | null;
  downloads: { at: string }[] | null;
  revokedAt: string | Date | null;
  createdAt: string | Date;
}

export const releasesRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(UID.documentRelease);
  const findById = async (id: number) =>
    (await query().findOne({ where: { id } })) as ReleaseRow | null;
  return {
    findById,
    async findByTokenHash(tokenHash: string): Promise<ReleaseRow | null> {
      return (await query().findOne({ where: { tokenHash } })) as ReleaseRow | null;
    },
    /** the document's newest release, live or not */
    async latestFor(practice: string, documentId: string): Promise<ReleaseRow | null> {
      return (await query().findOne({
        where: { practice, documentDocumentId: documentId },
        orderBy: { id: 'desc' },
      })) as ReleaseRow | null;
    },
    /** a new release replaces the live one of the same document: its link stops working */
    async revokeLive(practice: string, documentId: string, now: Date): Promise<void> {
      await query().updateMany({
        where: { practice, documentDocumentId: documentId, revokedAt: null },
        data: { revokedAt: now },
      });
    },
    async create(values: { data: Record<string, unknown> }): Promise<ReleaseRow> {
      return (await query().create(values)) as ReleaseRow;
    },
    async update(
      id: number,
      data: Partial<Omit<ReleaseRow, 'id'>> & Record<string, unknown>
    ): Promise<void> {
      await query().update({ where: { id }, data });
    },
    /** one wrong code, counted with a conditional UPDATE (two wrong entries at once are two tries); the tries so far */
    async countFailedAttempt(id: number): Promise<number> {
      await table(strapi, tableName(strapi, UID.documentRelease))
        .where({ id })
        .increment('failed_attempts', 1);
      return (await findById(id))?.failedAttempts ?? 0;
    },
  };
};
