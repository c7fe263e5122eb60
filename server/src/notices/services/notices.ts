/**
 * Automatic appointment notices. The document middleware tells this service
 * what happened to an appointment; it only plans and enqueues (inside the
 * request's transaction), with idempotency keys built from kind, appointment,
 * channel and start time, so repeated saves and several instances never
 * queue a notice twice. The text is rendered when the notice is sent, from
 * the appointment as it is then: a notice whose reason is gone is cancelled.
 */
import { IDEMPOTENCY } from '../../keys';
import { getService } from '../../kernel/get-service';
import type { Core } from '@strapi/strapi';
import type { Channel } from '../../constants';
import { chooseChannels } from '../domain/channel-choice';
import { contactOf, practiceSwitches } from '../domain/reach';
import { optOutWithdraws } from '../../host';
import { planNotice, type NoticeKind } from '../domain/scheduling';
import { NOT_HANDED_OVER } from '../../outbox';
import { hostRepository, type HostAppointment, type HostClient } from '../../host';
import { messagesRepository, type MessageDraft, type MessageRow } from '../../outbox';
import { pluginConfig } from '../../kernel/plugin-config';
import { type TemplateCache } from '../../templates';

export type AppointmentEvent =
  | { action: 'create'; after: HostAppointment }
  | { action: 'update'; before: HostAppointment; after: HostAppointment }
  | { action: 'delete'; before: HostAppointment };

interface NoticeMeta {
  notice: NoticeKind;
  appointmentStart: string;
  offsetHours?: number;
  /** what the appointment looked like when planned, for a cancellation after deletion */
  snapshot: Pick<HostAppointment, 'start' | 'end' | 'location' | 'online' | 'onlineLink'>;
  fallback?: { channel: 'sms'; to: string } | null;
  /** the practice's reason, for {{reason}} (mass cancellation) */
  reason?: string | null;
}

export type Prepared =
  | { body: string; subject: string | null; segments: number; costTenthCents: number }
  | { cancel: string }
  | { fail: string };

const ISO = (value: string | Date) => new Date(value).toISOString();

/**
 * What a planned notice keeps of its appointment: the start it speaks of, a reminder's offset,
 * and a snapshot, from which a cancellation is written even when the appointment is gone.
 */
export function noticeMeta(
  kind: NoticeKind,
  appointment: HostAppointment,
  extra: { offsetHours?: number; reason?: string | null } = {}
): NoticeMeta {
  return {
    notice: kind,
    appointmentStart: ISO(appointment.start),
    ...(extra.offsetHours !== undefined ? { offsetHours: extra.offsetHours } : {}),
    ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
    snapshot: {
      start: appointment.start,
      end: appointment.end,
      location: appointment.location,
      online: appointment.online,
      onlineLink: appointment.onlineLink,
    },
  };
}

export const noticesService = (strapi: Core.Strapi) => {
  const config = pluginConfig(strapi);
  const host = hostRepository(strapi);
  const repository = messagesRepository(strapi);

  const switchesFor = (client: HostClient, kind: NoticeKind) => {
    const own = client.notificationSettings?.[kind];
    const fromType = client.recordTypeDefaults?.[kind];
    return { ...config.notices.defaults[kind], ...(fromType ?? {}), ...(own ?? {}) } as {
      email: boolean;
      sms: boolean;
      threema: boolean;
      offsetsHours?: number[];
    };
  };

  const reach = (client: HostClient, kind: NoticeKind) => ({
    ...contactOf(client),
    wants: switchesFor(client, kind),
  });

  /** The outbox rows for one notice kind: one per chosen channel, plus visible skips. */
  async function drafts(
    practice: string,
    kind: NoticeKind,
    appointment: HostAppointment,
    now: Date
  ): Promise<MessageDraft[]> {
    const client = appointment.client;
    if (!client) return [];
    const settings = await getService(strapi, 'settings').get(practice);
    const who = reach(client, kind);
    const choice = chooseChannels(who, practiceSwitches(settings, config.notices.consentRequired));
    const offsets = kind === 'reminder' ? (who.wants.offsetsHours ?? [24]) : [undefined];
    const startIso = ISO(appointment.start);
    const out: MessageDraft[] = [];
    for (const offsetHours of offsets) {
      const plan = planNotice({
        kind,
        now,
        appointmentStart: new Date(appointment.start),
        timeZone: settings.timeZone,
        settleSeconds: config.notices.settleSeconds,
        quietHours: config.notices.quietHours,
        offsetHours,
      });
      if ('skip' in plan) continue;
      const key = (channel: Channel) =>
        IDEMPOTENCY.notice(kind, appointment.documentId, channel, startIso, offsetHours);
      const meta = noticeMeta(kind, appointment, { offsetHours });
      for (const { channel, to } of choice.channels) {
        out.push({
          practice,
          kind,
          channel,
          idempotencyKey: key(channel),
          recipient: to,
          body: '',
          clientDocumentId: client.documentId,
          appointmentDocumentId: appointment.documentId,
          sendAfter: plan.sendAfter,
          meta: {
            ...meta,
            fallback: channel === 'threema' ? choice.fallback : null,
          } as unknown as Record<string, unknown>,
        });
      }
      // A channel the client wants but cannot get is written down as skipped, so staff see why.
      for (const { channel, reason } of choice.skipped) {
        if (['not-wanted', 'threema-preferred', 'sms-preferred'].includes(reason)) continue;
        out.push({
          practice,
          kind,
          channel,
          idempotencyKey: key(channel),
          recipient: '',
          body: '',
          clientDocumentId: client.documentId,
          appointmentDocumentId: appointment.documentId,
          skippedReason: {
            code: reason,
            message: `not sent by ${channel}: ${reason.replace(/-/g, ' ')}`,
          },
          meta: meta as unknown as Record<string, unknown>,
        });
      }
    }
    return out;
  }

  /**
   * Cancels the notices of an appointment that were not handed over yet
   * (queued, or claimed into a dispatcher's buffer): a move or a
   * cancellation makes them pointless.
   */
  async function cancelPending(
    practice: string,
    appointmentId: string,
    except: (row: MessageRow) => boolean,
    reason: string
  ) {
    const rows = (
      await repository.list(
        { practice, appointmentDocumentId: appointmentId, status: NOT_HANDED_OVER },
        1,
        1000
      )
    ).rows;
    for (const row of rows) {
      if (!row.meta?.notice || except(row)) continue;
      await repository.updateIf(
        row.id,
        { status: [...NOT_HANDED_OVER] },
        {
          status: 'cancelled',
          leaseOwner: null,
          leaseUntil: null,
          errorCode: 'reason-gone',
          errorMessage: reason,
          history: [
            ...row.history,
            { status: 'cancelled', at: new Date().toISOString(), note: reason },
          ],
        }
      );
    }
  }

  async function confirmationWasSent(practice: string, appointmentId: string): Promise<boolean> {
    const rows = (
      await repository.list(
        { practice, appointmentDocumentId: appointmentId, kind: 'confirmation' },
        1,
        100
      )
    ).rows;
    return rows.some((row) => ['sending', 'checking', 'sent', 'delivered'].includes(row.status));
  }

  /**
   * The text of a notice for one appointment and channel (the one renderer). A cache shared
   * across calls saves the template reads when many are rendered.
   */
  async function render(
    practice: string,
    kind: NoticeKind,
    channel: Channel,
    appointment: HostAppointment,
    extra: { reason?: string | null } = {},
    cache: TemplateCache = new Map()
  ): Promise<Prepared> {
    const client = appointment.client;
    if (!client) return { cancel: 'the appointment has no client' };
    const settings = await getService(strapi, 'settings').get(practice);
    const slipLink =
      appointment.documentId && !appointment.cancelled
        ? await getService(strapi, 'slips').currentLink(appointment.documentId)
        : null;
    const rendered = await getService(strapi, 'rendering').render(
      practice,
      kind,
      channel,
      client,
      settings,
      { appointment, slipLink, reason: extra.reason ?? null },
      cache
    );
    if (!rendered.ok) return { fail: rendered.message };
    return {
      body: rendered.body,
      subject: rendered.subject,
      segments: rendered.segments,
      costTenthCents: rendered.costTenthCents,
    };
  }

  return {
    /** Called by the document middleware after the host saved an appointment. Enqueues only. */
    async onAppointmentEvent(event: AppointmentEvent, now: Date = new Date()): Promise<void> {
      // the appointment's own practice (its template, switches, sender, ledger): host.practice
      const practice =
        (event.action === 'delete' ? event.before : event.after).practice ?? config.defaultPractice;
      const planned: MessageDraft[] = [];
      const slips = getService(strapi, 'slips');
      if (event.action === 'create') {
        if (event.after.cancelled) return;
        await slips.issue(practice, event.after);
        planned.push(
          ...(await drafts(practice, 'confirmation', event.after, now)),
          ...(await drafts(practice, 'reminder', event.after, now))
        );
      } else if (event.action === 'delete') {
        if (event.before.cancelled) return;
        await slips.cancel(event.before.documentId);
        await cancelPending(
          practice,
          event.before.documentId,
          () => false,
          'the appointment was deleted'
        );
        planned.push(...(await drafts(practice, 'cancellation', event.before, now)));
      } else {
        const { before, after } = event;
        const moved =
          ISO(before.start) !== ISO(after.start) ||
          (before.end && after.end && ISO(before.end) !== ISO(after.end));
        if (!before.cancelled && after.cancelled) {
          await slips.cancel(after.documentId);
          await cancelPending(
            practice,
            after.documentId,
            (row) => row.kind === 'cancellation',
            'the appointment was cancelled'
          );
          planned.push(...(await drafts(practice, 'cancellation', after, now)));
        } else if (before.cancelled && !after.cancelled) {
          await slips.issue(practice, after);
          planned.push(
            ...(await drafts(practice, 'confirmation', after, now)),
            ...(await drafts(practice, 'reminder', after, now))
          );
        } else if (moved && !after.cancelled) {
          const startIso = ISO(after.start);
          await slips.issue(practice, after);
          await cancelPending(
            practice,
            after.documentId,
            (row) => row.meta?.appointmentStart === startIso,
            'the appointment was moved'
          );
          // A client who has not had the confirmation yet gets one for the new time, not a change notice.
          const kind: NoticeKind = (await confirmationWasSent(practice, after.documentId))
            ? 'change'
            : 'confirmation';
          planned.push(
            ...(await drafts(practice, kind, after, now)),
            ...(await drafts(practice, 'reminder', after, now))
          );
        }
      }
      await getService(strapi, 'outbox').enqueue(planned);
    },

    /**
     * At send time: read the appointment again, cancel the notice if its
     * reason is gone, otherwise render its text for the client.
     */
    async prepare(row: MessageRow, now: Date = new Date()): Promise<Prepared> {
      const meta = row.meta as unknown as NoticeMeta;
      const current = row.appointmentDocumentId
        ? await host.findAppointment(row.appointmentDocumentId)
        : null;
      let appointment = current;
      if (!current) {
        if (meta.notice !== 'cancellation') return { cancel: 'the appointment was deleted' };
        const client = row.clientDocumentId ? await host.findClient(row.clientDocumentId) : null;
        appointment = {
          documentId: row.appointmentDocumentId ?? '',
          status: 'deleted',
          cancelled: true,
          client,
          ...meta.snapshot,
        } as HostAppointment;
      } else {
        if (current.cancelled && meta.notice !== 'cancellation')
          return { cancel: 'the appointment was cancelled' };
        if (!current.cancelled && meta.notice === 'cancellation')
          return { cancel: 'the appointment is no longer cancelled' };
        if (ISO(current.start) !== meta.appointmentStart)
          return { cancel: 'the appointment was moved' };
        if (current.practice !== row.practice)
          return { cancel: 'the appointment belongs to another practice now' };
      }
      if (new Date(appointment!.start).getTime() <= now.getTime())
        return { cancel: 'the appointment has started' };
      const client = appointment!.client;
      if (!client) return { cancel: 'the appointment has no client' };

      return render(row.practice, meta.notice, row.channel, appointment!, {
        reason: meta.reason ?? null,
      });
    },

    render,

    /** The channels the client's own switches choose for a notice of this kind (mass cancellation's "as usual"). */
    channelsFor(
      client: HostClient,
      kind: NoticeKind,
      settings: { smsEnabled: boolean; threemaEnabled: boolean; preferThreema: boolean }
    ) {
      return chooseChannels(
        reach(client, kind),
        practiceSwitches(settings, config.notices.consentRequired)
      );
    },

    /**
     * Clients no automatic notice can reach: no kind of notice finds a
     * channel (switches, practice channels, consent, contact data).
     */
    async unreachableClients(practice: string) {
      const settings = await getService(strapi, 'settings').get(practice);
      const out: { clientId: string; name: string; reasons: string[] }[] = [];
      for (const client of await host.allClients(practice)) {
        const kinds: NoticeKind[] = ['confirmation', 'change', 'reminder', 'cancellation'];
        const choices = kinds.map((kind) =>
          chooseChannels(
            reach(client, kind),
            practiceSwitches(settings, config.notices.consentRequired)
          )
        );
        if (choices.every((choice) => choice.channels.length === 0)) {
          const reasons = [
            ...new Set(
              choices.flatMap((choice) =>
                choice.skipped
                  .filter((s) => s.reason !== 'not-wanted')
                  .map((s) => `${s.channel}: ${s.reason}`)
              )
            ),
          ];
          out.push({
            clientId: client.documentId,
            name: `${client.firstName} ${client.lastName}`.trim(),
            reasons,
          });
        }
      }
      return out;
    },

    /**
     * Twilio said the client opted out (21610) about a message sent at
     * `sentAt`: SMS consent is withdrawn in the client record, unless it is
     * withdrawn already or the client opted in again after that message.
     */
    async optedOut(clientId: string | null, source: string, sentAt: Date): Promise<boolean> {
      if (!clientId) return false;
      return host.recordConsent(clientId, 'sms', false, source, {
        when: (entries) => optOutWithdraws(entries, 'sms', sentAt, config.timeZone),
      });
    },

    /** A Threema notice that failed for good goes out once more by SMS, if the client has a usable number. */
    fallbackDraft(row: MessageRow): MessageDraft | null {
      const meta = row.meta as unknown as NoticeMeta | null;
      if (!meta?.notice || row.channel !== 'threema' || !meta.fallback) return null;
      return {
        practice: row.practice,
        kind: row.kind,
        channel: 'sms',
        idempotencyKey: IDEMPOTENCY.fallbackSms(row.idempotencyKey),
        recipient: meta.fallback.to,
        body: '',
        clientDocumentId: row.clientDocumentId,
        appointmentDocumentId: row.appointmentDocumentId,
        meta: { ...meta, fallback: null } as unknown as Record<string, unknown>,
      };
    },
  };
};
