/**
 * A local stand-in for Twilio's Messages API on 127.0.0.1 that speaks the
 * real wire protocol (protocols.md A): HTTP Basic auth with the account SID
 * or an API key, form-encoded bodies, JSON answers in Twilio's snake_case
 * shape, classic error bodies. It creates messages (POST) and lists them
 * (GET, filtered and paged as Twilio does). Faults are queued per request,
 * one queue for sends and one for list calls; latency is configurable. It
 * also signs status callbacks the way Twilio does.
 *
 * Clock: date_created is the moment of acceptance. The fake hands a message
 * to the "carrier" at once, so date_sent is the same moment and the listed
 * status is "sent"; the create answer itself is the snapshot Twilio gives
 * (queued or accepted, date_sent null). With `holdInQueue` accepted messages
 * stay queued with date_sent null, as behind a Messaging Service or a busy
 * sender, until releaseQueue().
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
  PLAIN_GSM.test(text)
    ? text.length <= 160
      ? 1
      : Math.ceil(text.length / 153)
    : new SegmentedMessage(text).segmentsCount;

export interface FakeTwilioMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  numSegments: number;
  /** when the message was accepted (Date.now()) */
  receivedAt: number;
  status: string;
  dateCreated: Date;
  /** null while the message waits in Twilio's queue */
  dateSent: Date | null;
}

/** A create request that reached the fake in full, whatever became of it. */
export interface FakeTwilioRequest {
  to: string | null;
  body: string | null;
  statusCallback: string | null;
  /** Date.now() when the last byte of the request had arrived */
  arrivedAt: number;
}

export type TwilioFault =
  | { kind: 'http'; status: number; code?: number; message?: string; retryAfter?: string }
  /** waits, then answers 500 without creating anything */
  | { kind: 'hang'; ms: number }
  /** closes the socket after reading the request, without creating anything */
  | { kind: 'destroy' }
  /** creates the message after `ms` and only then answers: a client that gave up earlier never hears of it */
  | { kind: 'accept-late'; ms: number };

export type TwilioListFault = Exclude<TwilioFault, { kind: 'accept-late' }>;

export interface FakeTwilioOptions {
  accountSid?: string;
  authToken?: string;
  apiKey?: string;
  apiSecret?: string;
  latencyMs?: number;
}

const RFC2822 = (date: Date) => date.toUTCString().replace('GMT', '+0000');
const DEFAULT_PAGE_SIZE = 50;
/** Twilio's largest page */
const MAX_PAGE_SIZE = 1000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export class FakeTwilio {
  readonly accountSid: string;
  readonly authToken: string;
  readonly apiKey?: string;
  readonly apiSecret?: string;
  latencyMs: number;
  /** accepted messages, oldest first */
  readonly messages: FakeTwilioMessage[] = [];
  /** every complete create request, accepted or not, in order of arrival */
  readonly received: FakeTwilioRequest[] = [];
  /** faults for create requests (POST), one per request */
  readonly faults: TwilioFault[] = [];
  /** faults for list requests (GET Messages.json), one per request */
  readonly listFaults: TwilioListFault[] = [];
  /** path and query of every list request, as the client sent them */
  readonly listRequests: string[] = [];
  /** every request that reached the server, accepted or not */
  requests = 0;
  /** PageSize is capped here, as Twilio caps it at 1000; lower it to force paging */
  maxPageSize = MAX_PAGE_SIZE;
  /** keep accepted messages queued (date_sent null) until releaseQueue() */
  holdInQueue = false;
  private server?: Server;
  private readonly inFlight = new Set<Promise<void>>();

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

  /** Listens on a free loopback port, or on `port` again after a stop (a test of refused connections). */
  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      // A client that hangs up while its request is read makes the read throw; nothing to answer then.
      const handled = this.handle(req, res)
        .catch(() => void req.socket.destroy())
        .finally(() => this.inFlight.delete(handled));
      this.inFlight.add(handled);
    });
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve()
    );
  }

  /** Resolves once every request that has arrived is fully handled (a late acceptance included). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** Hands the held messages to the carrier: status sent, date_sent now. */
  releaseQueue(): void {
    for (const message of this.messages) {
      if (message.dateSent) continue;
      message.dateSent = new Date();
      message.status = 'sent';
    }
  }

  /** Messages per To number, to prove exactly-once sending. */
  countBy(key: (message: FakeTwilioMessage) => string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const message of this.messages)
      counts.set(key(message), (counts.get(key(message)) ?? 0) + 1);
    return counts;
  }

  /**
   * A status callback as Twilio would POST it to the message's StatusCallback:
   * the path with query, the form fields and the X-Twilio-Signature value.
   * The listed message takes the status on.
   */
  statusCallback(sid: string, status: string, extra: Record<string, string> = {}) {
    const message = this.messages.find((m) => m.sid === sid);
    if (!message?.statusCallback) throw new Error(`no message ${sid} with a StatusCallback`);
    message.status = status;
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
    const signature = twilio.getExpectedTwilioSignature(
      this.authToken,
      message.statusCallback,
      params
    );
    const url = new URL(message.statusCallback);
    return { path: `${url.pathname}${url.search}`, params, signature };
  }

  private json(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {}
  ) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private error(
    res: ServerResponse,
    status: number,
    code: number,
    message: string,
    headers: Record<string, string> = {}
  ) {
    this.json(
      res,
      status,
      { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
      headers
    );
  }

  private authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Basic ')) return false;
    const [user, password] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
    if (user === this.accountSid && password === this.authToken) return true;
    return Boolean(this.apiKey) && user === this.apiKey && password === this.apiSecret;
  }

  /**
   * The message as Twilio's API shows it (snake_case, RFC 2822 dates, counts
   * as strings); `asCreated`: as the create answer shows it, before sending.
   */
  private resource(message: FakeTwilioMessage, asCreated = false) {
    return {
      sid: message.sid,
      account_sid: this.accountSid,
      messaging_service_sid: message.messagingServiceSid,
      api_version: '2010-04-01',
      from: message.from,
      to: message.to,
      body: message.body,
      direction: 'outbound-api',
      status: asCreated ? queuedStatusOf(message) : message.status,
      num_segments: String(message.numSegments),
      num_media: '0',
      price: null,
      price_unit: 'USD',
      error_code: null,
      error_message: null,
      date_created: RFC2822(message.dateCreated),
      date_updated: RFC2822(message.dateCreated),
      date_sent: asCreated || !message.dateSent ? null : RFC2822(message.dateSent),
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${message.sid}.json`,
      subresource_uris: {
        media: `/2010-04-01/Accounts/${this.accountSid}/Messages/${message.sid}/Media.json`,
      },
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const arrived = performance.now();
    this.requests += 1;
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname === '/__fake/messages' && req.method === 'GET') {
      // for a benchmark or browser test that runs this fake in another process
      return this.json(res, 200, {
        requests: this.requests - 1,
        messages: this.messages.map(({ sid, to, body }) => ({ sid, to, body })),
        received: this.received,
      });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
    const creating = Boolean(match) && req.method === 'POST';
    const listing = Boolean(match) && req.method === 'GET';
    if (creating) {
      // Recorded before any fault: the request reached "Twilio", whether or not it is accepted.
      const form = new URLSearchParams(body);
      this.received.push({
        to: form.get('To'),
        body: form.get('Body'),
        statusCallback: form.get('StatusCallback'),
        arrivedAt: Date.now(),
      });
    }
    if (listing) this.listRequests.push(req.url ?? '');
    // The provider's own latency, counted from the request's arrival.
    const wait = this.latencyMs - (performance.now() - arrived);
    if (wait > 0) await sleep(wait);

    let fault: TwilioFault | undefined;
    if (creating) fault = this.faults.shift();
    else if (listing) fault = this.listFaults.shift();
    if (fault?.kind === 'destroy') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') {
      await sleep(fault.ms);
      if (!res.writableEnded) this.error(res, 500, 20500, 'late');
      return;
    }
    if (fault?.kind === 'http') {
      const headers: Record<string, string> = fault.retryAfter
        ? { 'retry-after': fault.retryAfter }
        : {};
      this.error(
        res,
        fault.status,
        fault.code ?? fault.status * 100,
        fault.message ?? `fake fault ${fault.status}`,
        headers
      );
      return;
    }

    if (!match || !(creating || listing))
      return this.error(res, 404, 20404, 'The requested resource was not found');
    if (!this.authorized(req) || match[1] !== this.accountSid)
      return this.error(res, 401, 20003, 'Authenticate');
    if (listing) return this.list(res, url);

    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return this.error(
        res,
        400,
        21604,
        'request is not formatted as application/x-www-form-urlencoded'
      );
    }
    const form = new URLSearchParams(body);
    const to = form.get('To') ?? '';
    const text = form.get('Body') ?? '';
    if (!to) return this.error(res, 400, 21604, "A 'To' phone number is required.");
    if (!/^\+[1-9]\d{6,14}$/.test(to))
      return this.error(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!form.get('From') && !form.get('MessagingServiceSid'))
      return this.error(res, 400, 21603, "A 'From' phone number is required.");
    if (!text) return this.error(res, 400, 21602, 'Message body is required.');
    if (text.length > 1600)
      return this.error(
        res,
        400,
        21617,
        'The concatenated message body exceeds the 1600 character limit.'
      );

    // Accepted late: the client may have given up by now, the message exists all the same.
    if (fault?.kind === 'accept-late') await sleep(fault.ms);
    const now = new Date();
    const message: FakeTwilioMessage = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      to,
      from: form.get('From'),
      messagingServiceSid: form.get('MessagingServiceSid'),
      body: text,
      statusCallback: form.get('StatusCallback'),
      numSegments: segmentsOf(text),
      receivedAt: now.getTime(),
      status: 'sent',
      dateCreated: now,
      dateSent: this.holdInQueue ? null : now,
    };
    if (this.holdInQueue) message.status = queuedStatusOf(message);
    this.messages.push(message);
    if (res.destroyed) return;
    this.json(res, 201, this.resource(message, true));
  }

  /**
   * GET Messages.json: filters To, From and the DateSent family exactly as
   * twilio-node sends them (`DateSent>`, `DateSent<`, `DateSent` with an
   * ISO date-time, or a bare date as Twilio's docs show), newest first.
   * A message whose date_sent is null matches no DateSent filter. Pages
   * are addressed by Page and PageSize; next_page_uri carries a PageToken
   * (the last sid shown), so a page does not shift when messages arrive.
   */
  private list(res: ServerResponse, url: URL) {
    const query = url.searchParams;
    const to = query.get('To');
    const from = query.get('From');
    const dateFilters: ((sent: Date | null) => boolean)[] = [];
    for (const [key, test] of [
      // `DateSent>` reaches the wire as `DateSent%3E=…`: on or after, and `DateSent<`: on or before.
      ['DateSent', (sent: number, lower: number, upper: number) => sent >= lower && sent < upper],
      ['DateSent>', (sent: number, lower: number) => sent >= lower],
      ['DateSent<', (sent: number, _lower: number, upper: number) => sent < upper],
    ] as const) {
      const value = query.get(key);
      if (value === null) continue;
      const start = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
      if (Number.isNaN(start))
        return this.error(res, 400, 20001, `Invalid value for ${key}: ${value}`);
      // A bare date covers its whole day; a date-time is one second (Twilio's dates have no milliseconds).
      const until = start + (DATE_ONLY.test(value) ? DAY_MS : 1000);
      dateFilters.push(
        (sent) => sent !== null && test(Math.floor(sent.getTime() / 1000) * 1000, start, until)
      );
    }
    const matching = this.messages
      .filter(
        (m) =>
          (to === null || m.to === to) &&
          (from === null || m.from === from) &&
          dateFilters.every((f) => f(m.dateSent))
      )
      .reverse();

    const pageSize = Math.min(
      Math.max(Number(query.get('PageSize') ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE, 1),
      this.maxPageSize
    );
    const page = Math.max(Number(query.get('Page') ?? 0) || 0, 0);
    const token = query.get('PageToken');
    const after = token?.startsWith('PA')
      ? matching.findIndex((m) => m.sid === token.slice(2))
      : -1;
    const start = after >= 0 ? after + 1 : page * pageSize;
    const shown = matching.slice(start, start + pageSize);

    const base = `/2010-04-01/Accounts/${this.accountSid}/Messages.json`;
    const filters = new URLSearchParams(
      [...query].filter(([key]) => !['Page', 'PageSize', 'PageToken'].includes(key))
    );
    const uriOf = (params: Record<string, string>) => {
      const all = new URLSearchParams(filters);
      all.set('PageSize', String(pageSize));
      for (const [key, value] of Object.entries(params)) all.set(key, value);
      return `${base}?${all}`;
    };
    const more = start + shown.length < matching.length;
    this.json(res, 200, {
      messages: shown.map((m) => this.resource(m)),
      page,
      page_size: pageSize,
      start,
      end: shown.length ? start + shown.length - 1 : start,
      uri: `${url.pathname}${url.search}`,
      first_page_uri: uriOf({ Page: '0' }),
      previous_page_uri: page > 0 ? uriOf({ Page: String(page - 1) }) : null,
      next_page_uri: more
        ? uriOf({ Page: String(page + 1), PageToken: `PA${shown.at(-1)!.sid}` })
        : null,
    });
  }
}

/** Twilio's status for a message not yet handed on: a Messaging Service first has to pick a sender. */
const queuedStatusOf = (message: FakeTwilioMessage) =>
  message.messagingServiceSid ? 'accepted' : 'queued';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
