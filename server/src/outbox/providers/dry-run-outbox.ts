/**
 * The demo's "Dry-run outbox": the latest messages the dry run "sent", as the
 * client would have received them (access codes and links included, which the
 * send log hides). Kept in this instance's memory only and only when
 * `dryRun.outbox` is on: a person trying the demo reads the code there and
 * opens the download. Nothing of it is stored or shared between instances.
 */
import type { Channel } from '../../../../shared/vocabulary';
import type { OutgoingMessage } from './types';

export interface DryRunDelivery {
  /** the send log's row */
  messageId: number;
  channel: Channel;
  to: string;
  subject: string | null;
  body: string;
  sentAt: string;
}

/** Enough for a demo session; older ones drop out. */
const KEEP = 100;

export interface DryRunOutbox {
  record(message: OutgoingMessage): void;
  /** newest first */
  list(): DryRunDelivery[];
}

export function createDryRunOutbox(now: () => Date = () => new Date()): DryRunOutbox {
  const deliveries: DryRunDelivery[] = [];
  return {
    record(message) {
      deliveries.unshift({
        messageId: message.id,
        channel: message.channel,
        to: message.to,
        subject: message.subject ?? null,
        body: message.body,
        sentAt: now().toISOString(),
      });
      deliveries.length = Math.min(deliveries.length, KEEP);
    },
    list: () => deliveries.map((delivery) => ({ ...delivery })),
  };
}
