/**
 * The outbox state machine. A message moves forward only:
 *
 *   queued ──claim──> claimed ──hand over──> sending ──accepted──> sent ──receipt──> delivered
 *     │                 │                      │ ├─refused / 429 / 5xx──> queued (retry, later send time)
 *     │                 │                      │ ├─permanent failure────> failed
 *     │                 │                      │ └─timeout, reset or lease expired (outcome unknown)
 *     │                 │                      │      ──> checking (provider can be asked) | needs-review
 *     │                 │                      │
 *     │                 ├─lease expired──> queued (it never left: safe to send)
 *     │                 ├─cancelled / reason gone──> cancelled
 *     │                 └─channel off──> skipped          checking ──found──> sent
 *     ├─reason gone──> cancelled                          checking ──provably absent──> queued
 *     └─channel off / no consent──> skipped               checking ──cannot tell──> needs-review ──person──> queued | cancelled
 *
 * `claimed` and `sending` are the line the outbox's promise rests on: a
 * claimed row sits in one instance's buffer and has not been handed to a
 * provider, so giving it back or cancelling it can never lose or double a
 * message; a row becomes `sending` in the one conditional UPDATE that hands
 * it over, under a live lease, just before the request is written.
 */
import type { MessageStatus } from '../../../../shared/vocabulary';

const TRANSITIONS: Record<MessageStatus, readonly MessageStatus[]> = {
  queued: ['claimed', 'cancelled', 'skipped'],
  claimed: ['sending', 'queued', 'cancelled', 'skipped', 'failed'],
  sending: ['sent', 'delivered', 'failed', 'undeliverable', 'queued', 'checking', 'needs-review'],
  checking: ['sent', 'delivered', 'failed', 'undeliverable', 'queued', 'needs-review'],
  'needs-review': ['queued', 'cancelled', 'sent', 'delivered', 'failed', 'undeliverable'],
  sent: ['delivered', 'failed', 'undeliverable'],
  delivered: [],
  failed: [],
  undeliverable: [],
  cancelled: [],
  skipped: [],
};

export const FINAL_STATUSES: readonly MessageStatus[] = [
  'delivered',
  'failed',
  'undeliverable',
  'cancelled',
  'skipped',
];

/** Not handed to a provider yet: what a cancel still stops (a job, an appointment's notices). */
export const NOT_HANDED_OVER: readonly MessageStatus[] = ['queued', 'claimed'];

/** Not final yet, for the outbox: a job with any of these is still running. */
export const PENDING_STATUSES: readonly MessageStatus[] = [
  'queued',
  'claimed',
  'sending',
  'checking',
];

/**
 * What log retention may delete once a row is old enough: an allow-list of
 * states in which the message has been decided (sent, or settled as not to
 * be sent). Everything else stays, whatever its age: queued (a reminder
 * planned far ahead), sending, needs-review (perhaps never sent; a person
 * must decide) and any state added later (e.g. claimed, checking) until
 * someone decides it belongs here.
 */
export const RETENTION_DELETABLE_STATUSES = [
  'delivered',
  'failed',
  'undeliverable',
  'cancelled',
  'skipped',
  'sent',
] as const satisfies readonly MessageStatus[];

export const retentionMayDelete = (status: string): boolean =>
  (RETENTION_DELETABLE_STATUSES as readonly string[]).includes(status);

export const canTransition = (from: MessageStatus, to: MessageStatus): boolean =>
  TRANSITIONS[from].includes(to);

/** Statuses a provider's delivery report may set; anything else in a report is ignored. */
export type ReportedStatus = 'sent' | 'delivered' | 'undeliverable' | 'failed';

/**
 * Whether a delivery report may be applied. Reports come late, twice, or out
 * of order (a "sent" after a "delivered"); only a report that moves the
 * message forward counts.
 */
export const acceptsReport = (current: MessageStatus, reported: ReportedStatus): boolean =>
  current !== reported && canTransition(current, reported);

/** Maps Twilio's MessageStatus values (protocols.md A7) onto ours; null = no change for us. */
export function fromTwilioStatus(status: string): ReportedStatus | null {
  switch (status) {
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
      return 'undeliverable';
    case 'failed':
      return 'failed';
    default:
      // queued, accepted, sending, scheduled, canceled, partially_delivered...: nothing new for the log
      return null;
  }
}

/** Threema delivery receipt status bytes (protocols.md B5). */
export function fromThreemaReceipt(statusByte: number): ReportedStatus | null {
  return statusByte === 0x01 || statusByte === 0x02 || statusByte === 0x03 ? 'delivered' : null;
}

/**
 * A receipt's `date` is set by the recipient's phone when it sends the
 * receipt: phone clocks run a few minutes off, hence the skew before the
 * send. Read receipts may come days later (a phone that was off, a chat
 * opened late), but the send log only keeps 28 days (retention), so a
 * receipt dated more than 30 days after the send is a replay or a forgery,
 * not news.
 */
export const RECEIPT_CLOCK_SKEW_MS = 5 * 60 * 1000;
export const RECEIPT_MAX_DELAY_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Whether a Threema delivery receipt may count for a message: it comes from
 * the message's recipient, and is dated from shortly before the send to 30
 * days after it.
 */
export function receiptFits(
  message: { recipient: string | null; sentAt: Date },
  receipt: { from: string; date: Date }
): boolean {
  if (!message.recipient || receipt.from.toUpperCase() !== message.recipient.toUpperCase())
    return false;
  const delay = receipt.date.getTime() - message.sentAt.getTime();
  return delay >= -RECEIPT_CLOCK_SKEW_MS && delay <= RECEIPT_MAX_DELAY_MS;
}

export interface HistoryEntry {
  status: MessageStatus;
  at: string;
  note?: string;
}

export const historyEntry = (status: MessageStatus, at: Date, note?: string): HistoryEntry =>
  note ? { status, at: at.toISOString(), note } : { status, at: at.toISOString() };
