/**
 * SMS through Twilio's Messages API with the official SDK. Tests point the
 * SDK at a local fake by `apiBaseUrl` (protocols.md A10); the SDK's own
 * request client is wrapped so a 429's Retry-After and 5xx answers become
 * retryable ProviderErrors (the SDK's RestException carries no headers).
 * A send that timed out can be looked up in the Messages list afterwards.
 */
import twilio from 'twilio';
import type { MessageInstance } from 'twilio/lib/rest/api/v2010/account/message';
import { fromTwilioStatus, type ReportedStatus } from '../domain/outbox';
import { parseRetryAfter } from '../domain/retry';
import {
  networkError,
  ProviderError,
  type FoundMessage,
  type LookupResult,
  type MessageProvider,
  type OutgoingMessage,
  type SendResult,
} from './types';

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
const RECIPIENT_CODES = new Set([
  21211, 21408, 21610, 21612, 21614, 21635, 30003, 30005, 30006, 30007,
]);
/** Synchronous codes worth another attempt later. */
const RETRYABLE_CODES = new Set([20429, 21611]);

/**
 * How much earlier than our own clock Twilio's date_created may read. Twilio
 * stamps a message with its clock, we choose `sentAfter` with ours; a host
 * whose clock runs fast would otherwise miss its own message. Two minutes
 * covers an unsynchronised server, not a broken one.
 */
export const LOOKUP_CLOCK_SKEW_MS = 2 * 60 * 1000;
/** Twilio's largest page; one number's history rarely fills one. */
const LOOKUP_PAGE_SIZE = 1000;
/** Past this many pages the lookup gives up rather than claim the message is absent. */
const LOOKUP_MAX_PAGES = 20;

/** The part of the SDK's MessagePage the lookup walks. */
interface ListPage {
  instances: MessageInstance[];
  nextPageUrl?: string;
  nextPage(): Promise<ListPage> | undefined;
}

type RequestOptions<TData> = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0] & {
  data?: TData;
};

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
      throw new ProviderError('twilio:20429', 'Too many requests', {
        retryable: true,
        retryAfterMs: parseRetryAfter(header),
      });
    }
    if (status >= 500) {
      throw new ProviderError(`twilio:${status}`, `Twilio answered HTTP ${status}`, {
        retryable: true,
      });
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
    return new ProviderError(`twilio:${rest.status}`, rest.message ?? `HTTP ${rest.status}`, {
      retryable: rest.status >= 500,
    });
  }
  return networkError(error);
}

/** Twilio's status of an accepted message in our terms: queued, accepted, sending and sent are all "sent" to us. */
function acceptedStatus(twilioStatus: string): ReportedStatus {
  // A canceled message (only scheduled ones can be) never left Twilio.
  if (twilioStatus === 'canceled') return 'failed';
  return fromTwilioStatus(twilioStatus) ?? 'sent';
}

/** Twilio says "0" until a Messaging Service has picked a sender; that is no count. */
function segmentsOf(numSegments: string | null | undefined): { segments?: number } {
  const segments = Number(numSegments);
  return Number.isFinite(segments) && segments > 0 ? { segments } : {};
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
        return {
          providerMessageId: created.sid,
          status: acceptedStatus(created.status),
          ...segmentsOf(created.numSegments),
        };
      } catch (error) {
        throw mapTwilioError(error);
      }
    },

    /**
     * Reads the Messages list for the message's `To` and keeps those with
     * the same body created in the window. The list is filtered by `To`
     * only, on purpose: Twilio's one date filter is DateSent, and date_sent
     * stays null while a message waits in Twilio's queue or for a Messaging
     * Service to pick a sender, exactly the state a message accepted a moment
     * ago is in; a DateSent filter would hide it (the fake leaves such
     * messages out of a DateSent query too). The window is checked on
     * date_created, which Twilio sets on acceptance. Every page is read,
     * because the list is sorted by date_sent and where null dates sort is
     * not documented; one number's history is short.
     */
    async lookup(message: OutgoingMessage, sentAfter: Date): Promise<LookupResult> {
      const windowStart = sentAfter.getTime() - LOOKUP_CLOCK_SKEW_MS;
      const matches = (m: MessageInstance) =>
        m.to === message.to &&
        m.body === message.body &&
        m.dateCreated instanceof Date &&
        m.dateCreated.getTime() >= windowStart;
      const found: FoundMessage[] = [];
      try {
        // next_page_uri is followed through the overridden base URL (protocols.md A4).
        let page: ListPage = await client.messages.page({
          to: message.to,
          pageSize: LOOKUP_PAGE_SIZE,
        });
        for (let pages = 1; ; pages += 1) {
          for (const m of page.instances.filter(matches)) {
            found.push({
              providerMessageId: m.sid,
              status: acceptedStatus(m.status),
              ...segmentsOf(m.numSegments),
              createdAt: m.dateCreated,
            });
          }
          if (!page.nextPageUrl) break;
          if (pages >= LOOKUP_MAX_PAGES) {
            throw new ProviderError(
              'twilio:lookup-incomplete',
              `More than ${LOOKUP_MAX_PAGES} pages of messages to one number; absence not provable`,
              {
                retryable: false,
              }
            );
          }
          page = await page.nextPage()!;
        }
      } catch (error) {
        throw mapTwilioError(error);
      }
      // The list is newest first and its dates have whole seconds: reversed, a tie keeps Twilio's order.
      found.reverse().sort((a, b) => a.createdAt!.getTime() - b.createdAt!.getTime());
      return { found };
    },
  };
}

/** Checks X-Twilio-Signature over the public URL Twilio called and the posted form fields. */
export const validTwilioSignature = (
  authToken: string,
  signature: string | undefined,
  url: string,
  params: Record<string, string>
) => Boolean(signature) && twilio.validateRequest(authToken, signature!, url, params);
