/**
 * The plugin's own rows about one client beside the send log: document
 * releases, express slips (of the client's appointments) and waitlist
 * entries. For the GDPR export and erasure only.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';
import { toIso } from '../../kernel/repositories/db';

export const clientDataRepository = (strapi: Core.Strapi) => {
  const releases = () => strapi.db.query(UID.documentRelease as never);
  const slips = () => strapi.db.query(UID.slip as never);
  const waitlist = () => strapi.db.query(UID.waitlistEntry as never);

  return {
    async read(practice: string, clientDocumentId: string, appointmentIds: string[]) {
      const [releaseRows, slipRows, waitlistRows] = await Promise.all([
        releases().findMany({ where: { practice, clientDocumentId }, orderBy: { id: 'asc' } }),
        appointmentIds.length
          ? slips().findMany({
              where: { practice, appointmentDocumentId: { $in: appointmentIds } },
              orderBy: { id: 'asc' },
            })
          : [],
        waitlist().findMany({ where: { practice, clientDocumentId }, orderBy: { id: 'asc' } }),
      ]);
      return {
        // no token or code hash: those are keys, not data about the client
        releases: (releaseRows as any[]).map((row) => ({
          document: row.documentDocumentId,
          delivery: row.delivery,
          releasedAt: toIso(row.createdAt),
          validUntil: toIso(row.codeExpiresAt),
          revokedAt: toIso(row.revokedAt),
          lockedAt: toIso(row.lockedAt),
          codeRequests: (row.codeRequests ?? []).length,
          downloads: (row.downloads ?? []).map((download: { at: string }) => download.at),
        })),
        slips: (slipRows as any[]).map((row) => ({
          appointment: row.appointmentDocumentId,
          appointmentStart: toIso(row.appointmentStart),
          state: row.state,
          expiresAt: toIso(row.expiresAt),
        })),
        waitlist: (waitlistRows as any[]).map((row) => ({
          since: toIso(row.since),
          note: row.note ?? null,
          cancelledAppointment: row.cancelledAppointmentDocumentId ?? null,
          createdAt: toIso(row.createdAt),
        })),
      };
    },

    async erase(practice: string, clientDocumentId: string, appointmentIds: string[]) {
      const [releasesDeleted, slipsDeleted, waitlistDeleted] = await Promise.all([
        releases().deleteMany({ where: { practice, clientDocumentId } }),
        appointmentIds.length
          ? slips().deleteMany({
              where: { practice, appointmentDocumentId: { $in: appointmentIds } },
            })
          : { count: 0 },
        waitlist().deleteMany({ where: { practice, clientDocumentId } }),
      ]);
      return {
        releases: Number(releasesDeleted.count),
        slips: Number(slipsDeleted.count),
        waitlist: Number(waitlistDeleted.count),
      };
    },
  };
};
