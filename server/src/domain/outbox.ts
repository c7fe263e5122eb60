/**
 * The outbox state machine. A message moves forward only:
 *
 *   queued ──claim──> sending ──accepted──> sent ──receipt──> delivered
 *     │                  │ └─transient failure─> queued (retry, later send time)
 *     │                  ├─permanent failure──> failed
 *     │                  └─lease expired──────> needs-review ──person──> queued | cancelled
 *     ├─reason gone──> cancelled                sent ──receipt──> undeliverable | failed
 *     └─channel off / no consent──> skipped
 *
 * The one step back, sending -> queued, is a retry of an attempt that did not
 * reach the provider (or that the provider refused transiently); it is never
 * taken for a status reported by a provider.
 */
import type { MessageStatus } from '../../../shared/vocabulary';

const TRANSITIONS: Record<MessageStatus, readonly MessageStatus[]> = {
  queued: ['sending', 'cancelled', 'skipped'],
  sending: ['sent', 'delivered', 'failed', 'undeliverable', 'queued', 'needs-review', 'skipped', 'cancelled'],
  'needs-review': ['queued', 'cancelled', 'sent', 'delivered', 'failed', 'undeliverable'],
  sent: ['delivered', 'failed', 'undeliverable'],
  delivered: [],
  failed: [],
  undeliverable: [],
  cancelled: [],
  skipped: [],
};

export const FINAL_STATUSES: readonly MessageStatus[] = ['delivered', 'failed', 'undeliverable', 'cancelled', 'skipped'];

/**
 * What log retention may delete once a row is old enough: an allow-list of
 * states in which the message has been decided (sent, or settled as not to
 * be sent). Everything else stays, whatever its age: queued (a reminder
 * planned far ahead), sending, needs-review (perhaps never sent; a person
 * must decide) and any state added later (e.g. claimed, checking) until
 * someone decides it belongs here.
 */
export const RETENTION_DELETABLE_STATUSES = ['delivered', 'failed', 'undeliverable', 'cancelled', 'skipped', 'sent'] as const satisfies readonly MessageStatus[];

export const retentionMayDelete = (status: string): boolean => (RETENTION_DELETABLE_STATUSES as readonly string[]).includes(status);

export const canTransition = (from: MessageStatus, to: MessageStatus): boolean => TRANSITIONS[from].includes(to);

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
  receipt: { from: string; date: Date },
): boolean {
  if (!message.recipient || receipt.from.toUpperCase() !== message.recipient.toUpperCase()) return false;
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
