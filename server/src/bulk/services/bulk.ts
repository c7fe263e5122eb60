/**
 * Bulk notifications ("the practice is closed from 23.12. to 2.1."): one
 * text, not personalised, to many clients, each on one channel. The preview
 * shows exactly what confirming would do (recipients per channel, who cannot
 * be reached and why, segments, price with the free quota, whether it
 * triggers an interim invoice); confirming creates a `batch` and enqueues
 * its messages in chunks, yielding to the event loop between chunks.
 */
import { IDEMPOTENCY } from '../../keys';
import { batchesRepository } from '../repositories/batches';
import { transaction } from '../../kernel/repositories/db';
import { getService } from '../../kernel/get-service';
import type { Core } from '@strapi/strapi';
import type { Channel } from '../../constants';
import { chooseBulkChannel } from '../domain/bulk';
import { estimateCostTenthCents, type Quote } from '../../billing';
import { contactOf, practiceSwitches } from '../../notices';
import { hostRepository, type HostClient } from '../../host';
import { messagesRepository } from '../../outbox';
import { refuse } from '../../kernel/validation/schema';
import { parseBulkRequest, type BulkRequest, type RecipientSpec } from '../validation';
import { PROBLEMS } from '../../kernel/validation/problems';
import { ConflictError } from '../../kernel/errors';
import { pluginConfig } from '../../kernel/plugin-config';
import { analyzeSms, smartEncode, threemaLengthProblem } from '../../../../shared/sms';
import type { PracticeSettings } from '../../../../shared/contracts/settings';

interface Planned {
  request: BulkRequest;
  settings: PracticeSettings;
  body: { sms: string; other: string };
  segments: number;
  reachable: { client: HostClient; channel: Channel; to: string }[];
  unreachable: { client: HostClient; reasons: string[] }[];
  cost: Quote;
}

const CHUNK = 1000;
const nameOf = (client: HostClient) =>
  [client.firstName, client.lastName].filter(Boolean).join(' ');
const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));

/** The first five of a list of ids, for a message. */
const listed = (ids: string[]) => `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ' …' : ''}`;

export const bulkService = (strapi: Core.Strapi) => {
  const config = pluginConfig(strapi);
  const host = hostRepository(strapi);

  async function recipients(practice: string, spec: RecipientSpec): Promise<HostClient[]> {
    const clients = await host.allClients(practice, { lean: !spec.recordTypes });
    if (spec.all) return clients;
    if (spec.recordTypes) {
      // an unknown record type is a mistake, not a job for nobody
      const existing = await host.existingRecordTypes(spec.recordTypes);
      if (existing === null)
        refuse(
          'recipients.recordTypes',
          PROBLEMS.other(
            'no-record-types',
            'cannot be used: the host maps no record types (host.recordType)',
            'Diese Plattform kennt keine Akten-Typen.',
            'This platform has no record types.'
          )
        );
      const unknown = spec.recordTypes.filter((ref) => !existing.has(ref));
      if (unknown.length > 0)
        refuse(
          'recipients.recordTypes',
          PROBLEMS.other(
            'not-found',
            `names record types that do not exist: ${listed(unknown)}`,
            `Diese Akten-Typen gibt es nicht: ${listed(unknown)}.`,
            `These record types do not exist: ${listed(unknown)}.`
          )
        );
      const wanted = new Set(spec.recordTypes);
      return clients.filter(
        (c) =>
          (c.recordTypeId && wanted.has(c.recordTypeId)) ||
          (c.recordTypeName && wanted.has(c.recordTypeName))
      );
    }
    if (spec.clientIds) {
      const byId = new Map(clients.map((c) => [c.documentId, c]));
      const missing = spec.clientIds.filter((id) => !byId.has(id));
      if (missing.length > 0) {
        refuse(
          'recipients.clientIds',
          PROBLEMS.other(
            'not-found',
            `names clients that do not exist: ${listed(missing)}`,
            `Diese Akten gibt es nicht (mehr): ${listed(missing)}.`,
            `These clients do not exist (any more): ${listed(missing)}.`
          )
        );
      }
      return [...new Set(spec.clientIds)].map((id) => byId.get(id)!);
    }
    const from = new Date(spec.appointmentsFrom!);
    let to = new Date(spec.appointmentsTo!);
    if (/^\d{4}-\d{2}-\d{2}$/.test(spec.appointmentsTo!)) to = new Date(to.getTime() + 86_400_000); // a date means the whole day
    const appointments = await host.appointmentsBetween(practice, from, to);
    const ids = new Set(appointments.map((a) => a.client?.documentId).filter(Boolean));
    return clients.filter((c) => ids.has(c.documentId));
  }

  async function plan(practice: string, input: unknown): Promise<Planned> {
    const request = parseBulkRequest(input);
    const settings = await getService(strapi, 'settings').get(practice);
    if (request.channel === 'sms' && !settings.smsEnabled) throw conflictOff('SMS');
    if (request.channel === 'threema' && !settings.threemaEnabled) throw conflictOff('Threema');
    const smsBody = settings.smartEncodeSms ? smartEncode(request.text) : request.text;
    const segments = analyzeSms(smsBody).segments;
    const reachable: Planned['reachable'] = [];
    const unreachable: Planned['unreachable'] = [];
    const switches = practiceSwitches(settings, config.notices.consentRequired);
    for (const client of await recipients(practice, request.recipients)) {
      const choice = chooseBulkChannel(contactOf(client), switches, request.channel);
      if ('unreachable' in choice) unreachable.push({ client, reasons: choice.unreachable });
      else reachable.push({ client, ...choice });
    }
    // Checked once the channels are chosen: "best" sends the text by Threema to whoever has an ID.
    const threemaProblem =
      request.channel === 'threema' || reachable.some((r) => r.channel === 'threema')
        ? threemaLengthProblem(request.text)
        : null;
    if (threemaProblem) {
      refuse(
        'text',
        PROBLEMS.other(
          'threema-too-long',
          `is ${threemaProblem.bytes} bytes; Threema allows at most ${threemaProblem.limit}`,
          threemaProblem.reason.de,
          threemaProblem.reason.en
        )
      );
    }
    const units = { sms: 0, threema: 0 };
    for (const r of reachable)
      if (r.channel === 'sms') units.sms += segments;
      else if (r.channel === 'threema') units.threema += 1;
    const cost = await getService(strapi, 'costs').quote(practice, units, settings);
    return {
      request,
      settings,
      body: { sms: smsBody, other: request.text },
      segments,
      reachable,
      unreachable,
      cost,
    };
  }

  const conflictOff = (name: string) =>
    new ConflictError(
      `channel: ${name} is switched off for this practice (Settings → Channels); nothing was queued`,
      {
        de: `${name} ist für diese Praxis ausgeschaltet (Einstellungen → Nachrichten); es wurde nichts versendet.`,
        en: `${name} is switched off for this practice (Settings → Messaging); nothing was sent.`,
      },
      { path: ['channel'] }
    );

  const summary = (planned: Planned) => {
    const perChannel: Record<Channel, number> = { sms: 0, threema: 0, email: 0 };
    for (const r of planned.reachable) perChannel[r.channel] += 1;
    return {
      total: planned.reachable.length + planned.unreachable.length,
      perChannel,
      segments: planned.segments,
      reachable: planned.reachable.map((r) => ({
        clientId: r.client.documentId,
        name: nameOf(r.client),
        channel: r.channel,
      })),
      unreachable: planned.unreachable.map((u) => ({
        clientId: u.client.documentId,
        name: nameOf(u.client),
        reasons: u.reasons,
      })),
      cost: planned.cost,
    };
  };

  return {
    async preview(practice: string, input: unknown) {
      return summary(await plan(practice, input));
    },

    /** Creates the job and enqueues every message; answers when all are in the outbox. */
    async start(practice: string, input: unknown, adminId: number | null) {
      const planned = await plan(practice, input);
      if (planned.reachable.length === 0) {
        refuse(
          'recipients',
          planned.unreachable.length > 0
            ? PROBLEMS.other(
                'nobody-reachable',
                'none of these clients can be reached on this channel',
                'Keine dieser Akten ist auf diesem Weg erreichbar.',
                'None of these clients can be reached this way.'
              )
            : PROBLEMS.other(
                'nobody',
                'no clients match',
                'Keine Akte passt zu dieser Auswahl.',
                'No client matches this choice.'
              )
        );
      }
      const batches = getService(strapi, 'batches');
      const batch = await batches.create({
        practice,
        kind: 'bulk',
        channel: planned.request.channel,
        text: planned.request.text,
        params: {
          recipients: planned.request.recipients,
          unreachable: planned.unreachable.length,
          costTenthCents: planned.cost.totalTenthCents,
        },
        total: planned.reachable.length,
        createdByAdminId: adminId,
      });
      const repository = messagesRepository(strapi);
      try {
        await enqueueAll();
      } catch (error) {
        // Whatever is in already stays visible under the job, which is marked failed; nothing more goes out.
        await repository.cancelQueued(
          { batchId: batch.id },
          'batch-failed',
          'the bulk job failed while queuing'
        );
        await batchesRepository(strapi).markFailed(batch.id);
        throw error;
      }
      getService(strapi, 'dispatcher').kick();
      return batches.progress(practice, batch.id);

      async function enqueueAll() {
        const subject =
          planned.request.subject ??
          (planned.settings.practiceName
            ? `Nachricht von ${planned.settings.practiceName}`
            : 'Nachricht Ihrer Praxis');
        const prices = getService(strapi, 'costs').prices(planned.settings);
        for (let start = 0; start < planned.reachable.length; start += CHUNK) {
          const drafts = planned.reachable
            .slice(start, start + CHUNK)
            .map(({ client, channel, to }) => ({
              practice,
              kind: 'bulk' as const,
              channel,
              idempotencyKey: IDEMPOTENCY.bulk(batch.id, client.documentId),
              recipient: to,
              body: channel === 'sms' ? planned.body.sms : planned.body.other,
              subject: channel === 'email' ? subject : null,
              clientDocumentId: client.documentId,
              batchId: batch.id,
              segments: channel === 'sms' ? planned.segments : channel === 'threema' ? 1 : null,
              costTenthCents: estimateCostTenthCents(prices, channel, planned.segments),
            }));
          await transaction(strapi, async ({ trx }) => repository.insertMany(drafts, trx as never));
          await yieldToEventLoop(); // let other requests in between chunks
        }
      }
    },
  };
};
