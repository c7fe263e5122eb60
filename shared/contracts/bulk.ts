/**
 * Bulk notifications, mass cancellations and their jobs (batches): the
 * request and answer shapes of the admin routes, as the server builds them
 * (server/src/bulk/services/{bulk,mass-cancellation,batches}.ts).
 * Money is in integer tenths of a cent.
 */
import type { BatchKind, BatchStatus, Channel } from '../vocabulary';

export type BulkChannel = Channel | 'best';
export const BULK_CHANNEL_CHOICES: readonly BulkChannel[] = ['email', 'sms', 'threema', 'best'];

/** `auto`: each client's usual cancellation channels; `none`: cancel without a message. */
export type CancelChannel = BulkChannel | 'auto' | 'none';
export const CANCEL_CHANNEL_CHOICES: readonly CancelChannel[] = [
  'auto',
  'email',
  'sms',
  'threema',
  'best',
  'none',
];

/** Exactly one of these. */
export type BulkRecipients =
  | { all: true }
  | { recordTypes: string[] }
  | { clientIds: string[] }
  | { appointmentsFrom: string; appointmentsTo: string };

export interface BulkRequest {
  recipients: BulkRecipients;
  channel: BulkChannel;
  text: string;
  subject?: string;
}

export interface ChannelQuote {
  units: number;
  freeUnits: number;
  billedUnits: number;
  unitPriceTenthCents: number;
  amountTenthCents: number;
}

export interface CostQuote {
  perChannel: { sms: ChannelQuote; threema: ChannelQuote };
  totalTenthCents: number;
  /** free units of the month still left before these messages */
  freeUnitsLeft: { sms: number; threema: number };
  uninvoicedAfterTenthCents: number;
  /** these messages push the uninvoiced total over the interim-invoice threshold */
  interimInvoice: boolean;
}

export interface BulkPreview {
  total: number;
  perChannel: Record<Channel, number>;
  segments: number;
  reachable: { clientId: string; name: string; channel: Channel }[];
  unreachable: { clientId: string; name: string; reasons: string[] }[];
  cost: CostQuote;
}

export type MassCancellationSelection =
  | { days: string[]; from?: string; to?: string }
  | { appointmentIds: string[] };

export type MassCancellationRequest = MassCancellationSelection & {
  channel?: CancelChannel;
  perClient?: Record<string, CancelChannel>;
  waitlist?: boolean;
  reason?: string;
};

export interface MassCancellationPreview {
  days: string[];
  total: number;
  appointments: {
    appointmentId: string;
    start: string;
    clientId: string | null;
    name: string;
    channel: CancelChannel;
    messages: { channel: Channel; to: string; segments: number; text: string | null }[];
    unreachable: string[];
    /** the single channels this client can receive (expert mode marks the others) */
    reachableChannels: Channel[];
  }[];
  cost: CostQuote;
  waitlist: boolean;
  reason: string | null;
}

/** GET /batches/:id: a job and its messages counted per status. */
export interface BatchProgress {
  id: number;
  kind: BatchKind;
  status: BatchStatus;
  channel: string | null;
  total: number;
  queued: number;
  sending: number;
  /** sent or delivered */
  sent: number;
  delivered: number;
  /** failed, undeliverable or waiting for a person */
  failed: number;
  cancelled: number;
  skipped: number;
  params: Record<string, unknown> | null;
  createdAt: string;
  finishedAt: string | null;
}
