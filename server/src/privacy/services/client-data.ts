/**
 * GDPR Art. 15 and 17 for one client: everything the plugin holds about
 * them as JSON, and its erasure. Erasure removes the send log's rows (what
 * was not handed over is cancelled first, so nothing more goes out),
 * document releases (their links stop working), express slips and waitlist
 * entries. Billing keeps what it needs without personal data: charges hold
 * no text, number or client reference, and a send not charged yet stays as
 * a row with channel, units and provider id only. The client record itself,
 * its appointments and documents belong to the host platform.
 */
import type { Core } from '@strapi/strapi';
import { transaction } from '../../kernel/repositories/db';
import { clientDataRepository } from '../repositories/client-data';
import { hostRepository } from '../../host';
import { messagesRepository } from '../../outbox';
import { NotFoundError } from '../../kernel/errors';

export const clientDataService = (strapi: Core.Strapi) => {
  const host = hostRepository(strapi);

  async function appointmentIdsOf(practice: string, clientDocumentId: string) {
    if (!(await host.findClient(clientDocumentId, practice)))
      throw new NotFoundError(`no client with documentId ${clientDocumentId}`);
    return host.appointmentIdsOfClient(clientDocumentId);
  }

  return {
    async export(practice: string, clientDocumentId: string, now = new Date()) {
      const appointmentIds = await appointmentIdsOf(practice, clientDocumentId);
      const messages = await messagesRepository(strapi).forClient(practice, clientDocumentId);
      return {
        exportedAt: now.toISOString(),
        practice,
        client: clientDocumentId,
        messages: messages.map((row) => ({
          id: row.id,
          kind: row.kind,
          channel: row.channel,
          status: row.status,
          to: row.recipient,
          subject: row.subject,
          // as the log keeps it: access codes and download links starred out
          text: row.body,
          appointment: row.appointmentDocumentId,
          createdAt: row.createdAt?.toISOString() ?? null,
          sentAt: row.sentAt?.toISOString() ?? null,
          deliveredAt: row.deliveredAt?.toISOString() ?? null,
          error: row.errorMessage,
        })),
        ...(await clientDataRepository(strapi).read(practice, clientDocumentId, appointmentIds)),
      };
    },

    async erase(practice: string, clientDocumentId: string) {
      const appointmentIds = await appointmentIdsOf(practice, clientDocumentId);
      return transaction(strapi, async () => {
        const messages = await messagesRepository(strapi).eraseClient(practice, clientDocumentId);
        const rest = await clientDataRepository(strapi).erase(
          practice,
          clientDocumentId,
          appointmentIds
        );
        return {
          messages,
          ...rest,
          erased:
            messages.deleted + messages.anonymized + rest.releases + rest.slips + rest.waitlist,
        };
      });
    },
  };
};
