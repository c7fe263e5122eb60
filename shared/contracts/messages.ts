import type { Channel, MessageKind, MessageStatus } from '../vocabulary';

/** POST /messaging/messages */
export interface SendMessageRequest {
  channel: Channel;
  /** phone number (SMS), Threema ID or e-mail address; or give clientId */
  to?: string;
  /** the host's client documentId: its number, Threema ID or e-mail is used */
  clientId?: string;
  body: string;
  /** e-mail only */
  subject?: string;
  /** repeat a request safely: the same key never queues a second message */
  idempotencyKey?: string;
}

export interface MessageHistoryEntry {
  status: MessageStatus;
  at: string;
  note?: string;
}

export interface MessageSummary {
  id: number;
  kind: MessageKind;
  channel: Channel;
  status: MessageStatus;
  recipient: string | null;
  clientId: string | null;
  /** the client's name, in send-log lists */
  clientName?: string | null;
  appointmentId: string | null;
  subject: string | null;
  /** null once the text was redacted (access codes) */
  body: string | null;
  segments: number | null;
  /** estimated price of this message in cents (decimal, from tenths of a cent) */
  costCents: number | null;
  attempts: number;
  provider: string | null;
  providerMessageId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** readable reason in both languages for failures */
  reason: { de: string; en: string } | null;
  sendAfter: string | null;
  sentAt: string | null;
  deliveredAt: string | null;
  createdAt: string | null;
}

export interface MessageDetail extends MessageSummary {
  history: MessageHistoryEntry[];
}

export interface MessageListResponse {
  data: MessageSummary[];
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
}

export interface MessageResponse {
  data: MessageDetail;
}
