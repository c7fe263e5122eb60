/**
 * The outbox's idempotency keys, one format each: two paths that mean the
 * same message (the planner and a mass cancellation both cancelling an
 * appointment) build the same key, and the unique index lets only one in.
 */
import { randomBytes } from 'crypto';
import type { Channel } from '../../shared/vocabulary';

export const IDEMPOTENCY = {
  /** an appointment notice: kind, appointment, channel, the start it speaks of, and a reminder's offset */
  notice: (
    kind: string,
    appointmentId: string,
    channel: Channel,
    startIso: string,
    offsetHours?: number
  ) =>
    `notice:${kind}:${appointmentId}:${channel}:${startIso}${offsetHours !== undefined ? `:${offsetHours}h` : ''}`,
  /** the SMS sent when a Threema message failed for good */
  fallbackSms: (failedKey: string) => `${failedKey}:fallback-sms`,
  bulk: (batchId: number, clientId: string) => `bulk:${batchId}:${clientId}`,
  /** every code is a new message (staff may ask for a new one at any time) */
  accessCode: (releaseId: number) =>
    `access-code:${releaseId}:${Date.now()}:${randomBytes(3).toString('hex')}`,
  downloadLink: (releaseId: number) => `download-link:${releaseId}`,
  budgetAlert: (practice: string, month: string, level: number) =>
    `budget-alert:${practice}:${month}:${level}`,
} as const;
