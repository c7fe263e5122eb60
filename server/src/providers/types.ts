/**
 * One small interface for every way a message leaves: Twilio SMS, the
 * Threema Gateway, Strapi's e-mail plugin and the dry run. Vendor errors are
 * mapped to ProviderError so the dispatcher decides retry or fail on one flag.
 */
import type { Channel } from '../../../shared/vocabulary';
import type { ReportedStatus } from '../domain/outbox';

export interface OutgoingMessage {
  /** outbox row id, used for the status callback URL */
  id: number;
  channel: Channel;
  /** E.164 for SMS, Threema ID for Threema, address for e-mail */
  to: string;
  body: string;
  subject?: string | null;
  html?: string | null;
  /** SMS sender for this practice (alphanumeric ID or number); the provider's default otherwise */
  from?: string;
}

export interface SendResult {
  providerMessageId: string;
  /** what the provider said at once; most say "accepted", which is our "sent" */
  status?: ReportedStatus;
  /** segments the provider counted, when it says */
  segments?: number;
}

/** What a provider knows of a message it may have accepted (a lookup after an unclear send). */
export interface LookupResult {
  found: { providerMessageId: string; status?: ReportedStatus; segments?: number }[];
}

export interface MessageProvider {
  readonly name: string;
  readonly channel: Channel;
  send(message: OutgoingMessage): Promise<SendResult>;
  /**
   * Providers that can list what they accepted (Twilio) say whether a
   * message whose send had an unknown outcome arrived after all.
   */
  lookup?(message: OutgoingMessage, sentAfter: Date): Promise<LookupResult>;
}

export class ProviderError extends Error {
  /** `twilio:21211`, `threema:402`, `network:ECONNREFUSED`, ... */
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  /** the recipient itself cannot be reached this way (opted out, landline, unknown ID) */
  readonly recipientProblem: boolean;
  /** the request may have reached the provider and its outcome is unknown (timeout, reset): never retried blindly */
  readonly ambiguous: boolean;

  constructor(
    code: string,
    message: string,
    options: { retryable: boolean; retryAfterMs?: number; recipientProblem?: boolean; ambiguous?: boolean },
  ) {
    super(message);
    this.name = 'ProviderError';
    this.code = code;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.recipientProblem = options.recipientProblem ?? false;
    this.ambiguous = options.ambiguous ?? false;
  }
}

export const isProviderError = (error: unknown): error is ProviderError => error instanceof ProviderError;

/** Connection-level failures worth another attempt (refused, reset, timed out, DNS hiccup). */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** Wraps anything thrown below a provider that is not already a ProviderError. */
export function networkError(error: unknown): ProviderError {
  if (isProviderError(error)) return error;
  const err = error as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  // fetch's timeout is a DOMException whose numeric `code` means nothing here.
  const timedOut = err?.name === 'AbortError' || err?.name === 'TimeoutError';
  const code = timedOut ? 'ETIMEDOUT' : typeof err?.code === 'string' ? err.code : err?.cause?.code;
  if (code && TRANSIENT_NETWORK_CODES.has(code)) {
    return new ProviderError(`network:${code}`, err?.message ?? code, { retryable: true });
  }
  return new ProviderError('internal', err?.message ?? String(error), { retryable: false });
}
