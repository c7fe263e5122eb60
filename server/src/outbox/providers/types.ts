/**
 * One small interface for every way a message leaves: Twilio SMS, the
 * Threema Gateway, Strapi's e-mail plugin and the dry run. Vendor errors are
 * mapped to ProviderError so the dispatcher decides retry or fail on one flag.
 */
import type { Channel } from '../../../../shared/vocabulary';
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

/** One message the provider holds that matches what we tried to send. */
export interface FoundMessage {
  providerMessageId: string;
  /** what the provider says about it now, in our terms */
  status?: ReportedStatus;
  segments?: number;
  /** when the provider created it */
  createdAt?: Date;
}

/**
 * What a lookup found, oldest first. An empty list is the provider's word
 * that no such message exists; a lookup that cannot say for sure throws.
 */
export interface LookupResult {
  found: FoundMessage[];
}

export interface MessageProvider {
  readonly name: string;
  readonly channel: Channel;
  send(message: OutgoingMessage): Promise<SendResult>;
  /**
   * The messages the provider holds that match `message` and were created
   * no earlier than `sentAfter` (less the provider's clock-skew allowance).
   * Only for providers whose API can list what they accepted; without it an
   * ambiguous send cannot be reconciled. Throws a ProviderError when the
   * lookup itself fails.
   */
  lookup?(message: OutgoingMessage, sentAfter: Date): Promise<LookupResult>;
}

export interface ProviderErrorOptions {
  retryable: boolean;
  retryAfterMs?: number;
  recipientProblem?: boolean;
  ambiguous?: boolean;
}

export class ProviderError extends Error {
  /** `twilio:21211`, `threema:402`, `network:ECONNREFUSED`, ... */
  readonly code: string;
  /** another attempt may succeed; for an ambiguous error only once the message is known not to exist */
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  /** the recipient itself cannot be reached this way (opted out, landline, unknown ID) */
  readonly recipientProblem: boolean;
  /**
   * The request may have reached the provider and its outcome is unknown (a
   * timeout or a dropped connection after the request was written). Such a
   * message may exist at the provider: sending again can deliver it twice,
   * so `ambiguous` overrides `retryable`. Never true for an HTTP answer.
   */
  readonly ambiguous: boolean;

  constructor(code: string, message: string, options: ProviderErrorOptions) {
    super(message);
    this.name = 'ProviderError';
    this.code = code;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.recipientProblem = options.recipientProblem ?? false;
    this.ambiguous = options.ambiguous ?? false;
  }
}

export const isProviderError = (error: unknown): error is ProviderError =>
  error instanceof ProviderError;

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

/**
 * Failures that happen before a single byte of the request leaves: no
 * connection (refused, unreachable, connect timeout) or no address. The
 * provider cannot have seen such a request.
 */
const NOTHING_WRITTEN_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_INVALID_URL',
]);

type TransportError = {
  code?: unknown;
  name?: string;
  message?: string;
  syscall?: string;
  cause?: { code?: unknown; syscall?: string };
  /** axios: the Node ClientRequest, set once the request was created */
  request?: { writableFinished?: boolean };
  isAxiosError?: boolean;
};

/**
 * Whether a transport error proves the request never reached the provider.
 * Anything else, a timeout above all, leaves open that it arrived.
 */
function provablyNotWritten(err: TransportError, code: string | undefined): boolean {
  if (code && NOTHING_WRITTEN_CODES.has(code)) return true;
  // Node names the failing step: connect() and DNS failures happen before writing.
  const syscall = err.syscall ?? err.cause?.syscall;
  if (syscall === 'connect' || syscall === 'getaddrinfo') return true;
  // axios hands over Node's ClientRequest. It has not flushed its request to
  // the socket until the connection stands, so a timeout that strikes while
  // connecting (the peer drops SYNs) leaves writableFinished false. Once the
  // request is flushed the provider may have it, however soon the error came.
  if (err.isAxiosError && (!err.request || err.request.writableFinished === false)) return true;
  return false;
}

/**
 * Wraps anything thrown below a provider that is not already a ProviderError.
 * `sends`: the request asks the provider to do something (send a message);
 * only such a request can be ambiguous, a failed read is simply a failure.
 */
export function networkError(
  error: unknown,
  { sends = false }: { sends?: boolean } = {}
): ProviderError {
  if (isProviderError(error)) return error;
  const err = (error ?? {}) as TransportError;
  // fetch's timeout is a DOMException whose numeric `code` means nothing here.
  const timedOut = err.name === 'AbortError' || err.name === 'TimeoutError';
  const ownCode = typeof err.code === 'string' ? err.code : undefined;
  const causeCode = typeof err.cause?.code === 'string' ? err.cause.code : undefined;
  const code = timedOut ? 'ETIMEDOUT' : (ownCode ?? causeCode);
  const ambiguous = sends && !provablyNotWritten(err, code);
  const message = err.message ?? code ?? String(error);
  if (code && TRANSIENT_NETWORK_CODES.has(code)) {
    return new ProviderError(`network:${code}`, message, { retryable: true, ambiguous });
  }
  // An unknown failure while the answer was read (an aborted stream, a
  // broken encoding) is ambiguous as well; it stays non-retryable.
  return new ProviderError(code && ambiguous ? `network:${code}` : 'internal', message, {
    retryable: false,
    ambiguous,
  });
}
