/**
 * What the Content Manager side panels show: for an appointment, whether the
 * client was notified (the "speech bubble"), its messages, the channels a
 * manual message can use and the texts prefilled from the templates; for a
 * client, its messages and channels.
 */
import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import type { Channel } from '../../constants';
import { usableChannels } from '../domain/channel-choice';
import { contactOf, MANUAL_CONSENT, practiceSwitches } from '../domain/reach';
import { hostRepository, type HostClient } from '../../host';
import { messagesRepository } from '../../outbox';
import { pluginConfig } from '../../kernel/plugin-config';
import { NotFoundError } from '../../kernel/errors';
import { type TemplateCache } from '../../templates';
import { toSummary } from './messages';
import { indicatorOf } from '../domain/notice-indicator';
import { completeSwitches } from '../../../../shared/notice-switches';

export const panelsService = (strapi: Core.Strapi) => {
  const host = hostRepository(strapi);
  const repository = messagesRepository(strapi);
  const config = pluginConfig(strapi);

  async function channelsFor(practice: string, client: HostClient | null) {
    if (!client) return [];
    const settings = await getService(strapi, 'settings').get(practice);
    // a message written by hand: the one reachability rule with the manual consent policy
    return usableChannels(contactOf(client), practiceSwitches(settings, MANUAL_CONSENT));
  }

  return {
    mapping() {
      return {
        appointmentUid: config.host.appointment.uid,
        clientUid: config.host.client.uid,
        documentUid: config.host.document?.uid ?? null,
        recordTypeUid: config.host.recordType?.uid ?? null,
        recordTypeNameField: config.host.recordType?.fields.name ?? null,
        /** `notices.defaults`: what applies where neither the record type nor the client has switches */
        noticeDefaults: completeSwitches(config.notices.defaults),
      };
    },

    async appointment(practice: string, documentId: string) {
      const published = await host.findAppointment(documentId, practice);
      // With draft & publish, a draft that was never published notifies nobody; the panel says so.
      const appointment =
        published ??
        (host.appointmentsHaveDrafts()
          ? await host.findAppointmentDraft(documentId, practice)
          : null);
      if (!appointment) throw new NotFoundError(`no appointment with documentId ${documentId}`);
      const planning =
        (await getService(strapi, 'planner').failures(1, documentId)).items[0] ?? null;
      const { rows } = await repository.list(
        { practice, appointmentDocumentId: documentId },
        1,
        50
      );
      const settings = await getService(strapi, 'settings').get(practice);
      const client = appointment.client;
      // A GET never writes: the planner issues the slip shortly after a save; until then there is no slip draft.
      const slips = getService(strapi, 'slips');
      const slip = appointment.cancelled || !published ? null : await slips.current(documentId);
      const slipLink = slip?.link ?? null;
      // the prefilled texts come from the one renderer, so they are what would be sent
      const renderer = getService(strapi, 'rendering');
      const cache: TemplateCache = new Map();
      const drafts: Record<string, Partial<Record<Channel, string>>> = {};
      for (const kind of ['confirmation', 'reminder', 'slip'] as const) {
        drafts[kind] = {};
        if (kind === 'slip' && !slipLink) continue; // a slip message without its link says nothing
        for (const channel of ['sms', 'threema', 'email'] as const) {
          const rendered = await renderer.render(
            practice,
            kind,
            channel,
            client ?? null,
            settings,
            { appointment, slipLink },
            cache
          );
          if (rendered.ok) drafts[kind][channel] = rendered.body;
        }
      }
      return {
        ...indicatorOf(rows),
        /** the appointment's practice: what the panel's own requests act for */
        practice,
        /** false: only a draft exists, nothing is sent until it is published */
        published: Boolean(published),
        /** the latest planning failure of this appointment, while it is not planned */
        planning: planning
          ? {
              error: planning.error,
              attempts: planning.attempts,
              nextAttemptAt: planning.nextAttemptAt,
            }
          : null,
        client: client
          ? { documentId: client.documentId, name: `${client.firstName} ${client.lastName}`.trim() }
          : null,
        channels: await channelsFor(practice, client),
        drafts,
        /** the express slip: its short link to copy, and its page to print from the admin */
        slip: slip
          ? { link: slip.link, page: (await slips.render(slip.code, 'html'))?.body ?? null }
          : null,
        messages: rows.map(toSummary),
      };
    },

    /** The bubble of each appointment, for the Content Manager list column: one query for the page. */
    /** `practices`: all the user may act for, as the list shows appointments of each of them */
    async indicators(practices: readonly string[] | '*', documentIds: string[]) {
      const rows = await repository.forAppointments(practices, documentIds);
      return Object.fromEntries(
        documentIds.map((id) => [
          id,
          indicatorOf(rows.filter((row) => row.appointmentDocumentId === id)),
        ])
      );
    },

    async client(practice: string, documentId: string) {
      const client = await host.findClient(documentId, practice);
      if (!client) throw new NotFoundError(`no client with documentId ${documentId}`);
      const { rows } = await repository.list({ practice, clientDocumentId: documentId }, 1, 50);
      return {
        /** the client's practice: what the panel's own requests act for */
        practice,
        client: {
          documentId,
          name: `${client.firstName} ${client.lastName}`.trim(),
          smsOptedOut: client.consent.sms === false,
        },
        channels: await channelsFor(practice, client),
        messages: rows.map(toSummary),
      };
    },
  };
};
