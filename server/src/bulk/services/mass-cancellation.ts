/**
 * Mass cancellation ("Massenabsage"): all or chosen appointments on one or
 * more days are cancelled and their clients told, each on the channel chosen
 * for them ("expert mode": per client), optionally put on the waitlist.
 *
 * Confirming is all or nothing: the appointments, the cancellation of their
 * pending notices and slips, the new notices and the waitlist entries are
 * written in one transaction. The appointments are updated with one UPDATE
 * (not a Document Service call per appointment): the host's document
 * middlewares do not see it, so this service does what the planner would.
 * A day that is being cancelled is held by a lease: a second mass
 * cancellation touching it answers 409 until the first one has finished.
 */
import { IDEMPOTENCY } from '../../keys';
import { getService } from '../../kernel/get-service';
import type { Core } from '@strapi/strapi';
import { randomBytes } from 'crypto';
import { DateTime } from 'luxon';
import type { Channel } from '../../constants';
import { chooseBulkChannel } from '../domain/bulk';
import {
  parseMassCancellation,
  type CancelChannel,
  type MassCancellationRequest,
} from '../validation';
import type { Quote } from '../../billing';
import { hostRepository, type HostAppointment } from '../../host';
import { leasesRepository } from '../../kernel/repositories/leases';
import { messagesRepository, type MessageDraft } from '../../outbox';
import { UID } from '../../constants';
import {
  newDocumentId,
  table,
  tableName,
  type Knex,
  transaction,
} from '../../kernel/repositories/db';
import { ConflictError } from '../../kernel/errors';
import { refuse, refuseAny } from '../../kernel/validation/schema';
import { PROBLEMS } from '../../kernel/validation/problems';
import { pluginConfig } from '../../kernel/plugin-config';
import { dayLease } from './batches';
import { contactOf, practiceSwitches } from '../../notices';
import { noticeMeta } from '../../notices';
import type { PracticeSettings } from '../../../../shared/contracts/settings';

const LEASE_MS = 30 * 60_000;

interface PlannedAppointment {
  appointment: HostAppointment;
  channel: CancelChannel;
  send: { channel: Channel; to: string }[];
  unreachable: string[];
}

const nameOf = (a: HostAppointment) =>
  a.client ? [a.client.firstName, a.client.lastName].filter(Boolean).join(' ') : '';

const ALREADY_CANCELLED = PROBLEMS.other(
  'already-cancelled',
  'is already cancelled',
  'Dieser Termin ist schon abgesagt.',
  'This appointment is already cancelled.'
);
const ALREADY_STARTED = PROBLEMS.other(
  'already-started',
  'has already started',
  'Dieser Termin hat schon begonnen.',
  'This appointment has already started.'
);
const NOT_AFFECTED = PROBLEMS.other(
  'not-affected',
  'is not a client of the affected appointments',
  'Diese Akte hat keinen der betroffenen Termine.',
  'This client has none of the affected appointments.'
);

export const massCancellationService = (strapi: Core.Strapi) => {
  const config = pluginConfig(strapi);
  const host = hostRepository(strapi);
  const notices = () => getService(strapi, 'notices');

  async function affected(
    practice: string,
    request: MassCancellationRequest,
    settings: PracticeSettings,
    now: Date
  ): Promise<HostAppointment[]> {
    const zone = settings.timeZone;
    if (request.appointmentIds) {
      const found = await host.appointmentsByIds(practice, request.appointmentIds);
      const byId = new Map(found.map((a) => [a.documentId, a]));
      refuseAny(
        request.appointmentIds.flatMap((id, index) => {
          const appointment = byId.get(id);
          const problem = !appointment
            ? PROBLEMS.noSuch('appointment', String(id))
            : appointment.cancelled
              ? ALREADY_CANCELLED
              : new Date(appointment.start) <= now
                ? ALREADY_STARTED
                : null;
          return problem ? [[`appointmentIds.${index}`, problem] as const] : [];
        })
      );
      return found;
    }
    const ranges: { from: Date; to: Date }[] = [];
    for (const day of request.days!) {
      const start = DateTime.fromISO(`${day}T${request.from ?? '00:00'}`, { zone });
      const end = request.to
        ? DateTime.fromISO(`${day}T${request.to}`, { zone })
        : DateTime.fromISO(day, { zone }).plus({ days: 1 });
      const from = DateTime.max(start, DateTime.fromJSDate(now, { zone })); // what has started is not cancelled
      if (from < end) ranges.push({ from: from.toJSDate(), to: end.toJSDate() });
    }
    return host.appointmentsIn(practice, ranges);
  }

  /** The single channels this client can receive a cancellation on, as the bulk choice decides it. */
  function reachableChannels(appointment: HostAppointment, settings: PracticeSettings): Channel[] {
    const client = appointment.client;
    if (!client) return [];
    const switches = practiceSwitches(settings, config.notices.consentRequired);
    const contact = contactOf(client);
    return (['email', 'sms', 'threema'] as const).filter(
      (channel) => !('unreachable' in chooseBulkChannel(contact, switches, channel))
    );
  }

  function chooseFor(
    appointment: HostAppointment,
    request: MassCancellationRequest,
    settings: PracticeSettings
  ): PlannedAppointment {
    const client = appointment.client;
    const channel = (client && request.perClient[client.documentId]) || request.channel;
    if (!client) return { appointment, channel, send: [], unreachable: ['no-client'] };
    if (channel === 'none') return { appointment, channel, send: [], unreachable: [] };
    if (channel === 'auto') {
      const choice = notices().channelsFor(client, 'cancellation', settings);
      const unreachable = choice.channels.length
        ? []
        : choice.skipped
            .map((s) => s.reason)
            .filter((r) => !['threema-preferred', 'sms-preferred'].includes(r));
      return {
        appointment,
        channel,
        send: choice.channels,
        unreachable: [...new Set(unreachable)],
      };
    }
    const choice = chooseBulkChannel(
      contactOf(client),
      practiceSwitches(settings, config.notices.consentRequired),
      channel
    );
    return 'unreachable' in choice
      ? { appointment, channel, send: [], unreachable: choice.unreachable }
      : { appointment, channel, send: [choice], unreachable: [] };
  }

  async function plan(practice: string, input: unknown, now: Date) {
    const settings = await getService(strapi, 'settings').get(practice);
    const today = DateTime.fromJSDate(now, { zone: settings.timeZone }).toISODate()!;
    const request = parseMassCancellation(input, today);
    for (const [name, on] of [
      ['sms', settings.smsEnabled],
      ['threema', settings.threemaEnabled],
    ] as const) {
      const asked = request.channel === name || Object.values(request.perClient).includes(name);
      const label = name === 'sms' ? 'SMS' : 'Threema';
      if (asked && !on)
        throw new ConflictError(
          `channel: ${label} is switched off for this practice (Settings → Channels); nothing was changed`,
          {
            de: `${label} ist für diese Praxis ausgeschaltet (Einstellungen → Nachrichten); es wurde nichts geändert.`,
            en: `${label} is switched off for this practice (Settings → Messaging); nothing was changed.`,
          },
          { path: ['channel'] }
        );
    }
    const appointments = await affected(practice, request, settings, now);
    const clientIds = new Set(appointments.map((a) => a.client?.documentId));
    const strangers = Object.keys(request.perClient).filter((id) => !clientIds.has(id));
    refuseAny(strangers.map((id) => [`perClient.${id}`, NOT_AFFECTED] as const));
    return { request, settings, planned: appointments.map((a) => chooseFor(a, request, settings)) };
  }

  /** Days of the affected appointments in the practice's time zone: what the leases hold. */
  const daysOf = (planned: PlannedAppointment[], zone: string) =>
    [
      ...new Set(
        planned.map(
          (p) => DateTime.fromJSDate(new Date(p.appointment.start), { zone }).toISODate()!
        )
      ),
    ].sort();

  return {
    async preview(practice: string, input: unknown, now = new Date()) {
      const { request, settings, planned } = await plan(practice, input, now);
      const cache = new Map();
      const units = { sms: 0, threema: 0 };
      const appointments: Record<string, unknown>[] = [];
      for (const p of planned) {
        const messages: { channel: Channel; to: string; segments: number; text: string | null }[] =
          [];
        for (const { channel, to } of p.send) {
          const text = await notices().render(
            practice,
            'cancellation',
            channel,
            { ...p.appointment, cancelled: true },
            { reason: request.reason },
            cache
          );
          const segments = 'segments' in text ? text.segments : 0;
          if (channel === 'sms') units.sms += segments;
          if (channel === 'threema') units.threema += 1;
          messages.push({ channel, to, segments, text: 'body' in text ? text.body : null });
        }
        appointments.push({
          appointmentId: p.appointment.documentId,
          start: new Date(p.appointment.start).toISOString(),
          clientId: p.appointment.client?.documentId ?? null,
          name: nameOf(p.appointment),
          channel: p.channel,
          messages,
          unreachable: p.unreachable,
          // expert mode marks the channels this client cannot receive (no address, no consent, switched off)
          reachableChannels: reachableChannels(p.appointment, settings),
        });
      }
      const cost: Quote = await getService(strapi, 'costs').quote(practice, units, settings, now);
      return {
        days: daysOf(planned, settings.timeZone),
        total: planned.length,
        appointments,
        cost,
        waitlist: request.waitlist,
        reason: request.reason,
      };
    },

    async execute(practice: string, input: unknown, adminId: number | null, now = new Date()) {
      const { request, settings, planned } = await plan(practice, input, now);
      // Hold the days before anything else: a second request for a day being cancelled gets 409, not "nothing to cancel".
      const days = [
        ...new Set([...(request.days ?? []), ...daysOf(planned, settings.timeZone)]),
      ].sort();
      const leases = leasesRepository(strapi);
      const owner = `mass-${randomBytes(6).toString('hex')}`;
      const releaseAll = async () => {
        for (const day of days) await leases.release(dayLease(practice, day), owner);
      };
      if (
        !(await leases.acquireAll(
          days.map((day) => dayLease(practice, day)),
          owner,
          LEASE_MS,
          now
        ))
      ) {
        throw new ConflictError(
          `days: ${days.join(', ')} ${days.length === 1 ? 'is' : 'are'} being cancelled by another mass cancellation; wait until it has finished`,
          {
            de: `${days.length === 1 ? 'Dieser Tag wird' : 'Diese Tage werden'} gerade von einer anderen Massenabsage abgesagt; bitte warten, bis sie fertig ist.`,
            en: `${days.length === 1 ? 'This day is' : 'These days are'} being cancelled by another mass cancellation; please wait until it has finished.`,
          },
          { path: ['days'], days }
        );
      }
      if (planned.length === 0) {
        await releaseAll();
        refuse(
          request.appointmentIds ? 'appointmentIds' : 'days',
          PROBLEMS.other(
            'nothing-to-cancel',
            'no appointments to cancel',
            'Hier gibt es keine Termine abzusagen.',
            'There are no appointments to cancel here.'
          )
        );
      }
      try {
        const ids = planned.map((p) => p.appointment.documentId);
        const batch = await transaction(strapi, async ({ trx, onCommit }) => {
          const created = await getService(strapi, 'batches').create({
            practice,
            kind: 'mass-cancellation',
            channel: request.channel,
            text: request.reason,
            params: {
              days,
              from: request.from ?? null,
              to: request.to ?? null,
              appointments: ids.length,
              waitlist: request.waitlist,
              leaseOwner: owner,
            },
            total: planned.reduce((sum, p) => sum + p.send.length, 0),
            createdByAdminId: adminId,
          });
          const cancelled = await host.cancelAppointments(ids);
          if (cancelled !== ids.length)
            throw new ConflictError(
              'appointmentIds: some appointments changed meanwhile; load the preview again',
              {
                de: 'Einige Termine haben sich inzwischen geändert; bitte die Vorschau neu laden.',
                en: 'Some appointments have changed meanwhile; please load the preview again.',
              },
              { path: ['appointmentIds'] }
            );
          await messagesRepository(strapi).cancelQueued(
            { appointmentDocumentIds: ids },
            'reason-gone',
            'the appointment was cancelled (mass cancellation)'
          );
          await getService(strapi, 'slips').cancel(ids);
          const drafts: MessageDraft[] = planned.flatMap((p) =>
            p.send.map(({ channel, to }) => {
              const meta = noticeMeta('cancellation', p.appointment, { reason: request.reason });
              return {
                practice,
                kind: 'cancellation' as const,
                channel,
                // the planner's key: a cancellation it would write for the same appointment cannot come twice
                idempotencyKey: IDEMPOTENCY.notice(
                  'cancellation',
                  p.appointment.documentId,
                  channel,
                  meta.appointmentStart
                ),
                recipient: to,
                body: '',
                clientDocumentId: p.appointment.client?.documentId ?? null,
                appointmentDocumentId: p.appointment.documentId,
                batchId: created.id,
                sendAfter: now,
                meta: { ...meta, fallback: null },
              };
            })
          );
          await messagesRepository(strapi).insertMany(drafts, trx as unknown as Knex, now);
          if (request.waitlist)
            await addToWaitlist(practice, planned, created.id, trx as unknown as Knex, now);
          onCommit(() => getService(strapi, 'dispatcher').kick());
          return created;
        });
        return getService(strapi, 'batches').progress(practice, batch.id);
      } catch (error) {
        await releaseAll();
        throw error;
      }
    },
  };

  async function addToWaitlist(
    practice: string,
    planned: PlannedAppointment[],
    batchId: number,
    trx: Knex,
    now: Date
  ) {
    const rows = planned
      .filter((p) => p.appointment.client)
      .map((p) => ({
        document_id: newDocumentId(),
        practice,
        client_document_id: p.appointment.client!.documentId,
        client_name: nameOf(p.appointment),
        since: now,
        note: `Termin am ${DateTime.fromJSDate(new Date(p.appointment.start), { zone: config.timeZone }).toFormat('dd.MM.yyyy HH:mm')} abgesagt (Massenabsage)`,
        cancelled_appointment_document_id: p.appointment.documentId,
        batch_id: batchId,
        created_at: now,
        updated_at: now,
        published_at: now,
      }));
    for (let i = 0; i < rows.length; i += 500)
      await table(strapi, tableName(strapi, UID.waitlistEntry), trx).insert(rows.slice(i, i + 500));
  }
};
