/**
 * Manual messages and the send log. Input is checked here before anything
 * is queued: a bad number, an unknown client or a disabled channel leaves the
 * outbox untouched.
 */
import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import { randomUUID } from 'crypto';
import {
  CHANNELS,
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  type Channel,
  type MessageKind,
} from '../../constants';
import { historyEntry } from '../../outbox';
import { normalizeMobile, normalizeThreemaId, isEmailAddress } from '../../host';
import { consentAllows, MANUAL_CONSENT } from '../domain/reach';
import { estimateCostTenthCents } from '../../billing';
import { reasonFor } from '../../outbox';
import { analyzeSms, smartEncode } from '../../../../shared/sms';
import { dayOrTimestamp, isCalendarDay } from '../../kernel/validation/input-rules';
import { parseInput, refuse, refuseAny } from '../../kernel/validation/schema';
import { parseSendMessage } from '../validation';
import {
  pagingSchema,
  queryChoice,
  queryDayOrTime,
  queryText,
} from '../../kernel/validation/fields';
import { hostRepository } from '../../host';
import {
  messagesRepository,
  type ListFilters,
  type MessageDraft,
  type MessageRow,
} from '../../outbox';
import { PROBLEMS, type Problem } from '../../kernel/validation/problems';
import { ConflictError, NotFoundError } from '../../kernel/errors';
import type { MessageDetail, MessageSummary } from '../../../../shared/contracts/messages';

/** Price of one message in tenths of a cent, from its channel and segments. */

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toSummary(row: MessageRow): MessageSummary {
  const failed =
    row.status === 'failed' ||
    row.status === 'undeliverable' ||
    row.status === 'skipped' ||
    row.status === 'needs-review';
  return {
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    status: row.status,
    recipient: row.recipient,
    clientId: row.clientDocumentId,
    appointmentId: row.appointmentDocumentId,
    subject: row.subject,
    body: row.body,
    segments: row.segments,
    costCents: row.costTenthCents === null ? null : row.costTenthCents / 10,
    attempts: row.attempts,
    provider: row.provider,
    providerMessageId: row.providerMessageId,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    // shown only for messages that will not be retried: the final wording
    reason:
      failed && row.errorCode
        ? reasonFor(row.errorCode, row.errorMessage ?? undefined, { final: true })
        : null,
    sendAfter: iso(row.sendAfter),
    sentAt: iso(row.sentAt),
    deliveredAt: iso(row.deliveredAt),
    createdAt: iso(row.createdAt),
  };
}

export const toDetail = (row: MessageRow): MessageDetail => ({
  ...toSummary(row),
  history: row.history,
});

/** GET /messages: the send log's filters and page, each query parameter given once. */
const logQuerySchema = pagingSchema().extend({
  channel: queryChoice(CHANNELS),
  status: queryChoice(MESSAGE_STATUSES),
  kind: queryChoice(MESSAGE_KINDS),
  client: queryText(),
  appointment: queryText(),
  from: queryDayOrTime(),
  to: queryDayOrTime(),
  q: queryText(100),
});

const APPOINTMENT_WITHOUT_CLIENT = PROBLEMS.other(
  'appointment-without-client',
  'has no client: give to or clientId',
  'Dieser Termin hat keine Akte: bitte einen Empfänger angeben.',
  'This appointment has no client: please give a recipient.'
);

export const messagesService = (strapi: Core.Strapi) => {
  const repository = messagesRepository(strapi);

  /** Checks a manual send and turns it into an outbox draft (throws 400/404/409). */
  async function draftManual(
    practice: string,
    input: unknown,
    headerKey?: string,
    kind: MessageKind = 'manual'
  ): Promise<MessageDraft> {
    const request = parseSendMessage(input, headerKey);
    const { channel, body, appointmentId } = request;
    let clientId = request.clientId;

    // A message about an appointment goes to its client and shows in its log.
    let appointmentDocumentId: string | null = null;
    let appointmentClientId: string | null = null;
    if (appointmentId !== undefined) {
      const appointment = await hostRepository(strapi).findAppointment(appointmentId, practice);
      if (!appointment) refuse('appointmentId', PROBLEMS.noSuch('appointment', appointmentId));
      appointmentDocumentId = appointmentId;
      appointmentClientId = appointment.client?.documentId ?? null;
      if (clientId === undefined && appointmentClientId) clientId = appointmentClientId;
    }

    // The client, when one is named: it must exist, own the appointment, and own the address given.
    const label =
      channel === 'sms' ? 'mobile number' : channel === 'threema' ? 'Threema ID' : 'e-mail address';
    const germanLabel =
      channel === 'sms'
        ? 'die Handynummer'
        : channel === 'threema'
          ? 'die Threema-ID'
          : 'die E-Mail-Adresse';
    let client: Awaited<ReturnType<ReturnType<typeof hostRepository>['findClient']>> = null;
    if (clientId !== undefined) {
      client = await hostRepository(strapi).findClient(clientId, practice);
      if (!client) refuse('clientId', PROBLEMS.noSuch('client', clientId));
      if (appointmentDocumentId && appointmentClientId !== clientId)
        refuse('appointmentId', PROBLEMS.notYourAppointment(clientId));
    } else if (request.to === undefined) {
      refuse('appointmentId', APPOINTMENT_WITHOUT_CLIENT);
    }
    const clientDocumentId = clientId ?? null;
    const own = client
      ? ((channel === 'sms'
          ? client.mobile
          : channel === 'threema'
            ? client.threemaId
            : client.email) ?? '')
      : null;

    /** The address in the form the provider takes, or the problem with it (named for `field`). */
    const normalized = (
      raw: string,
      field: 'to' | 'clientId'
    ): { address?: string; problem?: Problem } => {
      const value = raw.trim();
      if (channel === 'sms') {
        const phone = normalizeMobile(value, 'DE');
        return phone.ok
          ? { address: phone.e164 }
          : { problem: PROBLEMS.phone(phone.problem, field === 'to' ? '' : 'mobile number ') };
      }
      if (channel === 'threema') {
        const id = normalizeThreemaId(value);
        return id ? { address: id } : { problem: PROBLEMS.threemaId() };
      }
      return isEmailAddress(value) ? { address: value } : { problem: PROBLEMS.email() };
    };

    // The recipient: given directly, or read from the client record.
    let recipient: string;
    if (request.to === undefined) {
      if (!own) refuse('clientId', PROBLEMS.clientLacks(label, germanLabel));
      const theirs = normalized(own, 'clientId');
      if (theirs.problem) refuse('clientId', theirs.problem);
      recipient = theirs.address!;
    } else {
      const given = normalized(request.to, 'to');
      if (given.problem) refuse('to', given.problem);
      recipient = given.address!;
      // logged under a client, a message must go to that client's own address
      if (client) {
        const theirs: { address?: string; problem?: Problem } = own
          ? normalized(own, 'clientId')
          : {};
        const same =
          theirs.address !== undefined &&
          (channel === 'email'
            ? theirs.address.toLowerCase() === recipient.toLowerCase()
            : theirs.address === recipient);
        if (!same)
          refuseAny([
            ['to', PROBLEMS.notClientAddress(label, clientDocumentId!, germanLabel)],
            ...(theirs.problem ? [['clientId', theirs.problem] as const] : []),
          ]);
      }
    }

    const settings = await getService(strapi, 'settings').get(practice);
    if (
      (channel === 'sms' && !settings.smsEnabled) ||
      (channel === 'threema' && !settings.threemaEnabled)
    ) {
      const name = channel === 'sms' ? 'SMS' : 'Threema';
      throw new ConflictError(
        `${name} is switched off for this practice: turn on "Allow ${name} (billed extra)" in Settings → Messaging.`,
        {
          de: `${name} ist für diese Praxis ausgeschaltet: bitte „${name} erlauben (kostenpflichtig)“ unter Einstellungen → Nachrichten einschalten.`,
          en: `${name} is switched off for this practice: turn on "Allow ${name} (billed extra)" in Settings → Messaging.`,
        },
        { path: ['channel'] }
      );
    }
    // the one reachability rule: a recorded withdrawal stops a channel for this client, by hand too
    if (client && !consentAllows(client.consent, channel, MANUAL_CONSENT)) {
      const name = channel === 'sms' ? 'SMS' : channel === 'threema' ? 'Threema' : 'e-mail';
      throw new ConflictError(
        `the client has withdrawn consent to ${name}: no message goes to them on this channel`,
        {
          de: `Die Person hat der Nachricht per ${channel === 'email' ? 'E-Mail' : name} widersprochen; auf diesem Kanal geht nichts an sie.`,
          en: `The client has withdrawn consent to ${name}; nothing goes to them on this channel.`,
        },
        { path: ['channel'] }
      );
    }

    const finalBody = channel === 'sms' && settings.smartEncodeSms ? smartEncode(body) : body;
    const segments = channel === 'sms' ? analyzeSms(finalBody).segments : 1;
    return {
      practice,
      kind: kind === 'manual' && request.kind !== undefined ? request.kind : kind,
      channel,
      appointmentDocumentId,
      idempotencyKey: request.idempotencyKey
        ? `${kind}:${practice}:${request.idempotencyKey}`
        : `${kind}:${randomUUID()}`,
      recipient,
      body: finalBody,
      subject: channel === 'email' ? (request.subject ?? '') : null,
      clientDocumentId,
      segments,
      costTenthCents: estimateCostTenthCents(
        getService(strapi, 'costs').prices(settings),
        channel,
        segments
      ),
    };
  }

  return {
    /** Queues a manual message; `created` is false when the idempotency key was known. */
    async sendManual(
      practice: string,
      input: unknown,
      headerKey?: string
    ): Promise<{ message: MessageDetail; created: boolean }> {
      const draft = await draftManual(practice, input, headerKey);
      const before = await repository.findByKeys([draft.idempotencyKey]);
      const [row] = await getService(strapi, 'outbox').enqueue([draft]);
      return { message: toDetail(row), created: before.length === 0 };
    },

    /** Settings page: "send a test message to me" on one channel, with a fixed text. */
    /**
     * A fixed text: the test needs only settings.update, so nothing in it may
     * be chosen by the sender (not even their name, which they can change).
     */
    async sendTest(practice: string, input: unknown): Promise<MessageDetail> {
      const request = (typeof input === 'object' && input !== null ? input : {}) as Record<
        string,
        unknown
      >;
      const settings = await getService(strapi, 'settings').get(practice);
      const channel = CHANNELS.includes(request.channel as Channel)
        ? String(request.channel).toUpperCase()
        : '';
      const text =
        settings.locale === 'en'
          ? `Test message from your practice software. If you can read this, ${channel} works.`
          : `Testnachricht aus deiner Praxissoftware. Wenn du das liest, funktioniert ${channel}.`;
      const draft = await draftManual(
        practice,
        { channel: request.channel, to: request.to, body: text, subject: 'Testnachricht' },
        undefined,
        'test'
      );
      const [row] = await getService(strapi, 'outbox').enqueue([draft]);
      return toDetail(row);
    },

    /** A test message with a given text (the template editor's "send a test to me"). */
    async queueTest(
      practice: string,
      input: { channel: unknown; to: unknown; body: unknown; subject?: unknown }
    ): Promise<MessageDetail> {
      const draft = await draftManual(practice, input, undefined, 'test');
      const [row] = await getService(strapi, 'outbox').enqueue([draft]);
      return toDetail(row);
    },

    async list(practice: string, query: Record<string, unknown>) {
      const { page, pageSize, from, to, client, appointment, ...choices } = parseInput(
        logQuerySchema,
        query
      );
      const filters: ListFilters = {
        practice,
        ...choices,
        clientDocumentId: client,
        appointmentDocumentId: appointment,
        from: from === undefined ? undefined : dayOrTimestamp(from)!,
        // a day as `to` includes that day
        to:
          to === undefined
            ? undefined
            : new Date(dayOrTimestamp(to)!.getTime() + (isCalendarDay(to) ? 86_400_000 : 0)),
      };

      const { rows, total } = await repository.list(filters, page, pageSize);
      // the log names its clients (and the admin links them and their appointments)
      const names = await hostRepository(strapi).clientNames(
        rows.map((row) => row.clientDocumentId ?? '')
      );
      return {
        data: rows.map((row) => ({
          ...toSummary(row),
          clientName: row.clientDocumentId ? (names.get(row.clientDocumentId) ?? null) : null,
        })),
        meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } },
      };
    },

    async findOne(practice: string, id: number): Promise<MessageDetail> {
      const row = await repository.findById(id);
      if (!row || row.practice !== practice) throw new NotFoundError(`no message with id ${id}`);
      return toDetail(row);
    },

    /** A person decided a needs-review message should go out again. */
    async resend(practice: string, id: number, adminEmail?: string): Promise<MessageDetail> {
      const row = await repository.findById(id);
      if (!row || row.practice !== practice) throw new NotFoundError(`no message with id ${id}`);
      if (row.status !== 'needs-review') {
        throw new ConflictError(
          `message ${id} is ${row.status}; only needs-review messages can be resent`,
          {
            de: 'Nur Nachrichten, die geprüft werden müssen, können erneut gesendet werden.',
            en: 'Only messages that need review can be sent again.',
          }
        );
      }
      const note = `resent by ${adminEmail ?? 'an admin'}`;
      const applied = await repository.updateIf(
        id,
        { status: 'needs-review' },
        {
          status: 'queued',
          sendAfter: new Date(),
          history: [...row.history, historyEntry('queued', new Date(), note)],
        }
      );
      if (!applied)
        throw new ConflictError(`message ${id} changed meanwhile; reload it`, {
          de: 'Die Nachricht hat sich inzwischen geändert; bitte neu laden.',
          en: 'The message has changed meanwhile; please reload.',
        });
      getService(strapi, 'dispatcher').kick();
      return toDetail((await repository.findById(id))!);
    },
  };
};
