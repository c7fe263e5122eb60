/**
 * SMS through Twilio's Messages API with the official SDK. Tests point the
 * SDK at a local fake by `apiBaseUrl` (protocols.md A10); the SDK's own
 * request client is wrapped so a 429's Retry-After and 5xx answers become
 * retryable ProviderErrors (the SDK's RestException carries no headers).
 */
import twilio from 'twilio';
import { parseRetryAfter } from '../domain/retry';
import { networkError, ProviderError, type MessageProvider, type OutgoingMessage, type SendResult } from './types';

export interface TwilioOptions {
  accountSid: string;
  authToken?: string;
  apiKey?: string;
  apiSecret?: string;
  /** alphanumeric sender ID (max 11) or E.164 number */
  from?: string;
  messagingServiceSid?: string;
  /** e.g. http://127.0.0.1:PORT for the test fake; default https://api.twilio.com */
  apiBaseUrl?: string;
  /** builds the StatusCallback URL for a message id; none = no callbacks */
  statusCallbackUrl?: (messageId: number) => string | undefined;
  timeoutMs?: number;
}

/** Twilio error codes that are about the recipient, not about us (protocols.md A6). */
const RECIPIENT_CODES = new Set([21211, 21408, 21610, 21612, 21614, 21635, 30003, 30005, 30006, 30007]);
/** Synchronous codes worth another attempt later. */
const RETRYABLE_CODES = new Set([20429, 21611]);

type RequestOptions<TData> = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0] & { data?: TData };

class RetryAwareRequestClient extends twilio.RequestClient {
  async request<TData>(opts: RequestOptions<TData>) {
    let response;
    try {
      response = await super.request<TData>(opts);
    } catch (error) {
      // Only a POST creates (or changes) a message; a failed GET is just a failed read.
      throw networkError(error, { sends: String(opts.method).toLowerCase() === 'post' });
    }
    const status = response.statusCode;
    if (status === 429) {
      const header = (response.headers as Record<string, string | undefined>)?.['retry-after'];
      throw new ProviderError('twilio:20429', 'Too many requests', { retryable: true, retryAfterMs: parseRetryAfter(header) });
    }
    if (status >= 500) {
      throw new ProviderError(`twilio:${status}`, `Twilio answered HTTP ${status}`, { retryable: true });
    }
    return response;
  }
}

export function mapTwilioError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const rest = error as { status?: number; code?: number; message?: string };
  if (typeof rest?.status === 'number' && typeof rest.code === 'number') {
    return new ProviderError(`twilio:${rest.code}`, rest.message ?? `Twilio error ${rest.code}`, {
      retryable: RETRYABLE_CODES.has(rest.code),
      recipientProblem: RECIPIENT_CODES.has(rest.code),
    });
  }
  if (typeof rest?.status === 'number') {
    return new ProviderError(`twilio:${rest.status}`, rest.message ?? `HTTP ${rest.status}`, { retryable: rest.status >= 500 });
  }
  return networkError(error);
}

export function createTwilioSms(options: TwilioOptions): MessageProvider {
  const username = options.apiKey ?? options.accountSid;
  const password = options.apiKey ? options.apiSecret : options.authToken;
  const timeout = options.timeoutMs ?? 15000;
  const client = twilio(username, password, {
    accountSid: options.accountSid,
    autoRetry: false,
    httpClient: new RetryAwareRequestClient({ timeout }),
  });
  if (options.apiBaseUrl) client.api.baseUrl = options.apiBaseUrl.replace(/\/$/, '');

  return {
    name: 'twilio',
    channel: 'sms',
    async send(message: OutgoingMessage): Promise<SendResult> {
      try {
        const statusCallback = options.statusCallbackUrl?.(message.id);
        const created = await client.messages.create({
          to: message.to,
          body: message.body,
          ...(options.messagingServiceSid && !message.from
            ? { messagingServiceSid: options.messagingServiceSid }
            : { from: message.from ?? options.from }),
          ...(statusCallback ? { statusCallback } : {}),
        });
        const segments = Number(created.numSegments);
        return {
          providerMessageId: created.sid,
          status: created.status === 'failed' ? 'failed' : 'sent',
          ...(Number.isFinite(segments) && segments > 0 ? { segments } : {}),
        };
      } catch (error) {
        throw mapTwilioError(error);
      }
    },
  };
}

/** Checks X-Twilio-Signature over the public URL Twilio called and the posted form fields. */
export const validTwilioSignature = (authToken: string, signature: string | undefined, url: string, params: Record<string, string>) =>
  Boolean(signature) && twilio.validateRequest(authToken, signature!, url, params);
