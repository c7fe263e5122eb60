/**
 * Delivery reports from the providers. Both endpoints are public (the
 * providers cannot log in); they are protected by the providers' signatures:
 * X-Twilio-Signature (HMAC-SHA1 with the auth token over the public URL and
 * the form) and Threema's MAC (HMAC-SHA256 with the API secret). A report
 * only ever moves a message forward, so repeats and late arrivals are safe.
 */
import type { Core } from '@strapi/strapi';
import { EVENTS } from '../../constants';
import { getService } from '../../kernel/get-service';
import {
  acceptsReport,
  fromThreemaReceipt,
  fromTwilioStatus,
  historyEntry,
  receiptFits,
  type ReportedStatus,
} from '../domain/outbox';
import { readReply } from '../domain/replies';
import { reasonFor } from '../domain/reasons';
import type { ProviderSet } from '../providers';
import { callbackUrlsOf } from '../providers/callback-urls';
import { parseDeliveryReceipt, validCallbackMac } from '../providers/threema-gateway';
import { validTwilioSignature } from '../providers/twilio-sms';
import { messagesRepository, type MessageRow } from '../repositories/messages';
import { hostRepository } from '../../host';
import { normalizeMobile } from '../../host';

export type WebhookOutcome =
  | 'applied'
  | 'ignored'
  | 'unknown-message'
  | 'forbidden'
  | 'bad-request';

/**
 * When a message went out. A report can overtake the dispatcher's record of
 * the send (no sentAt yet): then the claim, which happened just before the
 * send, is the closest we know (updatedAt, set by the claim).
 */
const sentAtOf = (row: MessageRow): Date =>
  row.sentAt ?? row.handedOverAt ?? row.updatedAt ?? row.createdAt ?? new Date();

export const webhooksService = (strapi: Core.Strapi) => {
  const repository = messagesRepository(strapi);
  /** the credentials of the providers in use, from their options (providers/index.ts) */
  const providers = (): ProviderSet | undefined => getService(strapi, 'dispatcher').providers;

  /**
   * Applies a report to a row; tries twice in case another report changed
   * the row in between. A report for a row whose send had an unknown outcome
   * (`checking`) settles it: the provider has the message after all, so its
   * id is recorded and the ledger charges it (Twilio does not bill a message
   * that failed at once).
   */
  async function applyReport(
    row: MessageRow,
    reported: ReportedStatus,
    details: { errorCode?: string; note: string; provider?: { name: string; messageId?: string } }
  ): Promise<boolean> {
    let current: MessageRow | null = row;
    for (let attempt = 0; attempt < 2 && current; attempt += 1) {
      if (!acceptsReport(current.status, reported)) return false;
      const now = new Date();
      const settles =
        current.status === 'checking' && details.provider?.messageId
          ? {
              provider: details.provider.name,
              providerMessageId: details.provider.messageId,
              sentAt: current.sentAt ?? now,
              leaseOwner: null,
              leaseUntil: null,
              ...(reported !== 'failed' &&
              (current.channel === 'sms' || current.channel === 'threema')
                ? { chargeState: 'pending' as const }
                : {}),
            }
          : {};
      const applied = await repository.updateIf(
        current.id,
        { status: current.status },
        {
          ...settles,
          status: reported,
          ...(reported === 'delivered' ? { deliveredAt: now } : {}),
          ...(details.errorCode
            ? { errorCode: details.errorCode, errorMessage: reasonFor(details.errorCode).en }
            : {}),
          history: [...current.history, historyEntry(reported, now, details.note)],
        }
      );
      if (applied) return true;
      current = await repository.findById(current.id);
    }
    return false;
  }

  return {
    async twilio(
      params: Record<string, string>,
      signature: string | undefined,
      querystring: string
    ): Promise<WebhookOutcome> {
      // Twilio signs with the auth token, also when it takes messages with an API key
      const token = providers()?.callbacks.twilio?.authToken;
      const url = `${callbackUrlsOf(strapi).twilioStatus}${querystring ? `?${querystring}` : ''}`;
      if (!token || !validTwilioSignature(token, signature, url, params)) return 'forbidden';

      const sid = params.MessageSid ?? params.SmsSid;
      const reported = fromTwilioStatus(params.MessageStatus ?? params.SmsStatus ?? '');
      const id = Number(new URLSearchParams(querystring).get('m'));
      let row = Number.isInteger(id) && id > 0 ? await repository.findById(id) : null;
      if (row && row.providerMessageId && sid && row.providerMessageId !== sid) row = null;
      if (!row && sid) row = await repository.findByProviderId(sid);
      if (!row) return 'unknown-message';
      if (!reported) return 'ignored';
      const errorCode = params.ErrorCode ? `twilio:${params.ErrorCode}` : undefined;
      const applied = await applyReport(row, reported, {
        errorCode,
        note: `twilio ${params.MessageStatus ?? params.SmsStatus}`,
        provider: { name: 'twilio', messageId: sid },
      });
      // An opt-out counts only with a report that counted (not a replay or a
      // stale one), and only for what was sent after the latest opt-in (the
      // listener decides, with the send time). Awaited: the consent is written
      // before Twilio gets its answer.
      if (applied && params.ErrorCode === '21610') {
        await strapi.eventHub?.emit(EVENTS.optedOut, {
          channel: 'sms',
          recipient: row.recipient,
          clientId: row.clientDocumentId,
          messageId: row.id,
          sentAt: sentAtOf(row).toISOString(),
        });
      }
      return applied ? 'applied' : 'ignored';
    },

    /**
     * An SMS the client sent to the practice's Twilio number. Opt-out
     * keywords (domain/replies.ts: Twilio's STOP, REVOKE, OPTOUT, ... and the
     * German ones) withdraw SMS consent for every client with that number,
     * opt-in ones (START, UNSTOP, YES, ANMELDEN) give it again, as Twilio
     * blocks and unblocks the number on its side. Other texts are not
     * handled yet.
     */
    async twilioInbound(
      params: Record<string, string>,
      signature: string | undefined,
      querystring: string
    ): Promise<WebhookOutcome> {
      const token = providers()?.callbacks.twilio?.authToken;
      const url = `${callbackUrlsOf(strapi).twilioInbound}${querystring ? `?${querystring}` : ''}`;
      if (!token || !validTwilioSignature(token, signature, url, params)) return 'forbidden';
      // Twilio's keywords (and the German ones): Twilio blocks or unblocks the number itself
      const { keyword, consent } = readReply(params.Body ?? '');
      if (!consent) return 'ignored';
      const start = consent === 'given';
      const from = normalizeMobile(params.From ?? '');
      if (!from.ok) return 'ignored';
      const host = hostRepository(strapi);
      const clients = (await host.allClients(null)).filter((client) => {
        const mobile = normalizeMobile(client.mobile);
        return mobile.ok && mobile.e164 === from.e164;
      });
      for (const client of clients) {
        // only a change is recorded: a second STOP (or a START while consent is given) adds nothing
        await host.recordConsent(client.documentId, 'sms', start, `SMS reply "${keyword}"`);
      }
      return clients.length > 0 ? 'applied' : 'ignored';
    },

    async threema(fields: Record<string, string>): Promise<WebhookOutcome> {
      const set = providers();
      const secret = set?.callbacks.threema?.secret;
      const gatewayId = set?.callbacks.threema?.gatewayId;
      const client = set?.threemaClient;
      for (const name of ['from', 'to', 'messageId', 'date', 'nonce', 'box', 'mac']) {
        if (typeof fields[name] !== 'string' || fields[name] === '') return 'bad-request';
      }
      if (!secret || !gatewayId || !client) return 'forbidden';
      if (fields.to !== gatewayId || fields.from.length !== 8) return 'bad-request';
      if (!validCallbackMac(secret, fields)) return 'bad-request';

      let data: Uint8Array;
      try {
        data = await client.openCallback(fields);
      } catch {
        return 'bad-request';
      }
      const receipt = parseDeliveryReceipt(data);
      if (!receipt) return 'ignored'; // a text from the client: not handled (yet)
      const reported = fromThreemaReceipt(receipt.status);
      if (!reported) return 'ignored';
      // unix seconds; the Python SDK's tests send a float, so read it leniently
      const date = new Date(Number.parseFloat(fields.date) * 1000);
      if (Number.isNaN(date.getTime())) return 'bad-request';
      let applied = 0;
      for (const messageId of receipt.messageIds) {
        const row = await repository.findByProviderId(messageId);
        // the MAC proves Threema sent it, not that it is about this message: it must come from its recipient, in time
        if (
          !row ||
          row.channel !== 'threema' ||
          !receiptFits(
            { recipient: row.recipient, sentAt: sentAtOf(row) },
            { from: fields.from, date }
          )
        )
          continue;
        if (await applyReport(row, reported, { note: `threema receipt ${receipt.status}` }))
          applied += 1;
      }
      return applied > 0 ? 'applied' : 'ignored';
    },
  };
};
