/**
 * A local stand-in for Twilio's Messages API on 127.0.0.1 that speaks the
 * real wire protocol (protocols.md A): HTTP Basic auth with the account SID
 * or an API key, form-encoded bodies, JSON answers in Twilio's snake_case
 * shape, classic error bodies. Faults are queued per request; latency is
 * configurable. It also signs status callbacks the way Twilio does.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { randomBytes } from 'crypto';
import twilio from 'twilio';
import { SegmentedMessage } from 'sms-segments-calculator';

/** Plain ASCII letters, digits and punctuation of GSM-7's basic set: one septet each. */
const PLAIN_GSM = /^[A-Za-z0-9 .,:;!?'"()/+\-=<>@#%&*\n]*$/;

/** Segments as Twilio counts them; a cheap path for plain text keeps the fake fast under load. */
const segmentsOf = (text: string): number =>
  PLAIN_GSM.test(text) ? (text.length <= 160 ? 1 : Math.ceil(text.length / 153)) : new SegmentedMessage(text).segmentsCount;

export interface FakeTwilioMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  numSegments: number;
  receivedAt: number;
}

export type TwilioFault =
  | { kind: 'http'; status: number; code?: number; message?: string; retryAfter?: string }
  | { kind: 'hang'; ms: number }
  | { kind: 'destroy' };

export interface FakeTwilioOptions {
  accountSid?: string;
  authToken?: string;
  apiKey?: string;
  apiSecret?: string;
  latencyMs?: number;
}

export class FakeTwilio {
  readonly accountSid: string;
  readonly authToken: string;
  readonly apiKey?: string;
  readonly apiSecret?: string;
  latencyMs: number;
  readonly messages: FakeTwilioMessage[] = [];
  readonly faults: TwilioFault[] = [];
  /** every request that reached the server, accepted or not */
  requests = 0;
  private server?: Server;

  constructor(options: FakeTwilioOptions = {}) {
    this.accountSid = options.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
    this.authToken = options.authToken ?? randomBytes(16).toString('hex');
    this.apiKey = options.apiKey;
    this.apiSecret = options.apiSecret;
    this.latencyMs = options.latencyMs ?? 0;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  /** Environment for the plugin's Twilio provider. */
  env(from = 'Praxis'): Record<string, string> {
    return {
      TWILIO_ACCOUNT_SID: this.accountSid,
      TWILIO_AUTH_TOKEN: this.authToken,
      TWILIO_FROM: from,
      TWILIO_API_BASE_URL: this.url,
      MESSAGING_SMS_PROVIDER: 'twilio',
    };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Messages per To number, to prove exactly-once sending. */
  countBy(key: (message: FakeTwilioMessage) => string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const message of this.messages) counts.set(key(message), (counts.get(key(message)) ?? 0) + 1);
    return counts;
  }

  /**
   * A status callback as Twilio would POST it to the message's StatusCallback:
   * the path with query, the form fields and the X-Twilio-Signature value.
   */
  statusCallback(sid: string, status: string, extra: Record<string, string> = {}) {
    const message = this.messages.find((m) => m.sid === sid);
    if (!message?.statusCallback) throw new Error(`no message ${sid} with a StatusCallback`);
    const params: Record<string, string> = {
      AccountSid: this.accountSid,
      ApiVersion: '2010-04-01',
      From: message.from ?? '',
      MessageSid: sid,
      MessageStatus: status,
      SmsSid: sid,
      SmsStatus: status,
      To: message.to,
      ...extra,
    };
    const signature = twilio.getExpectedTwilioSignature(this.authToken, message.statusCallback, params);
    const url = new URL(message.statusCallback);
    return { path: `${url.pathname}${url.search}`, params, signature };
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private error(res: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}) {
    this.json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);
  }

  private authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Basic ')) return false;
    const [user, password] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
    if (user === this.accountSid && password === this.authToken) return true;
    return Boolean(this.apiKey) && user === this.apiKey && password === this.apiSecret;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const arrived = performance.now();
    this.requests += 1;
    if (req.url === '/__fake/messages' && req.method === 'GET') {
      // for a benchmark that runs this fake in another process
      return this.json(res, 200, { requests: this.requests - 1, messages: this.messages.map(({ sid, to, body }) => ({ sid, to, body })) });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    // The provider's own latency, counted from the request's arrival.
    const wait = this.latencyMs - (performance.now() - arrived);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));

    const fault = this.faults.shift();
    if (fault?.kind === 'destroy') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') {
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      if (!res.writableEnded) this.error(res, 500, 20500, 'late');
      return;
    }
    if (fault?.kind === 'http') {
      const headers: Record<string, string> = fault.retryAfter ? { 'retry-after': fault.retryAfter } : {};
      this.error(res, fault.status, fault.code ?? fault.status * 100, fault.message ?? `fake fault ${fault.status}`, headers);
      return;
    }

    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? '');
    if (!match || req.method !== 'POST') return this.error(res, 404, 20404, 'The requested resource was not found');
    if (!this.authorized(req) || match[1] !== this.accountSid) return this.error(res, 401, 20003, 'Authenticate');
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return this.error(res, 400, 21604, 'request is not formatted as application/x-www-form-urlencoded');
    }
    const form = new URLSearchParams(body);
    const to = form.get('To') ?? '';
    const text = form.get('Body') ?? '';
    if (!to) return this.error(res, 400, 21604, "A 'To' phone number is required.");
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return this.error(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!form.get('From') && !form.get('MessagingServiceSid')) return this.error(res, 400, 21603, "A 'From' phone number is required.");
    if (!text) return this.error(res, 400, 21602, 'Message body is required.');
    if (text.length > 1600) return this.error(res, 400, 21617, 'The concatenated message body exceeds the 1600 character limit.');

    const sid = `SM${randomBytes(16).toString('hex')}`;
    const numSegments = segmentsOf(text);
    this.messages.push({
      sid,
      to,
      from: form.get('From'),
      messagingServiceSid: form.get('MessagingServiceSid'),
      body: text,
      statusCallback: form.get('StatusCallback'),
      numSegments,
      receivedAt: Date.now(),
    });
    const now = new Date().toUTCString().replace('GMT', '+0000');
    this.json(res, 201, {
      sid,
      account_sid: this.accountSid,
      messaging_service_sid: form.get('MessagingServiceSid'),
      api_version: '2010-04-01',
      from: form.get('From'),
      to,
      body: text,
      direction: 'outbound-api',
      status: form.get('MessagingServiceSid') ? 'accepted' : 'queued',
      num_segments: String(numSegments),
      num_media: '0',
      price: null,
      price_unit: 'USD',
      error_code: null,
      error_message: null,
      date_created: now,
      date_updated: now,
      date_sent: null,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}.json`,
      subresource_uris: { media: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}/Media.json` },
    });
  }
}
