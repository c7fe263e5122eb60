/**
 * A local stand-in for the Threema Gateway (protocols.md B) on 127.0.0.1:
 * form/query credentials, text/plain answers, the real status codes. Its
 * "users" hold NaCl key pairs, so an end-to-end message is really decrypted
 * here, and a delivery receipt is really encrypted back to the gateway ID
 * and MAC'd as Threema's callback would be.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { createHmac, randomBytes } from 'crypto';
import nacl from 'tweetnacl';

export interface FakeThreemaMessage {
  id: string;
  to: string;
  text: string;
  mode: 'basic' | 'e2e';
}

export type ThreemaFault = { status: number; retryAfter?: string } | { hang: number };

const PHONE_KEY = Buffer.from(
  '85adf8226953f3d96cfd5d09bf29555eb955fcd8aa5ec4f9fcd869e258370723',
  'hex'
);

export class FakeThreema {
  readonly gatewayId = '*PRAXIS1';
  readonly secret = randomBytes(12).toString('hex');
  readonly gatewayKeys = nacl.box.keyPair();
  readonly users = new Map<string, { keys: nacl.BoxKeyPair; phone?: string }>();
  readonly messages: FakeThreemaMessage[] = [];
  readonly faults: ThreemaFault[] = [];
  credits = 100;
  latencyMs = 0;
  private server?: Server;

  constructor(userIds: string[] = ['ECHOECHO', 'KLIENT01', 'KLIENT02']) {
    userIds.forEach((id, index) =>
      this.users.set(id, {
        keys: nacl.box.keyPair(),
        phone: `4915112345${String(index).padStart(3, '0')}`,
      })
    );
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  env(mode: 'e2e' | 'basic' = 'e2e'): Record<string, string> {
    return {
      THREEMA_GATEWAY_ID: this.gatewayId,
      THREEMA_SECRET: this.secret,
      THREEMA_PRIVATE_KEY: Buffer.from(this.gatewayKeys.secretKey).toString('hex'),
      THREEMA_MODE: mode,
      THREEMA_API_BASE_URL: this.url,
      MESSAGING_THREEMA_PROVIDER: 'threema',
    };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve()
    );
  }

  /**
   * The callback Threema would POST when `fromUser` acknowledges our
   * message `messageIdHex`: a 0x80 receipt, encrypted to our gateway key, with MAC.
   * `date` (unix seconds, as in the callback form) defaults to now; `secret`
   * to the right one (another one forges the MAC).
   */
  deliveryReceipt(
    fromUser: string,
    messageIdHex: string,
    status = 0x01,
    options: { secret?: string; date?: number } = {}
  ): Record<string, string> {
    const secret = options.secret ?? this.secret;
    const user = this.users.get(fromUser)!;
    const receipt = new Uint8Array([0x80, status, ...Buffer.from(messageIdHex, 'hex')]);
    const padLength = 40;
    const padded = new Uint8Array(receipt.length + padLength);
    padded.set(receipt);
    padded.fill(padLength, receipt.length);
    const nonce = nacl.randomBytes(24);
    const box = nacl.box(padded, nonce, this.gatewayKeys.publicKey, user.keys.secretKey);
    const fields: Record<string, string> = {
      from: fromUser,
      to: this.gatewayId,
      messageId: randomBytes(8).toString('hex'),
      date: String(options.date ?? Math.floor(Date.now() / 1000)),
      nonce: Buffer.from(nonce).toString('hex'),
      box: Buffer.from(box).toString('hex'),
      nickname: 'Klienty',
    };
    fields.mac = createHmac('sha256', secret)
      .update(fields.from + fields.to + fields.messageId + fields.date + fields.nonce + fields.box)
      .digest('hex');
    return fields;
  }

  private send(
    res: ServerResponse,
    status: number,
    text = '',
    headers: Record<string, string> = {}
  ) {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
    res.end(text);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (this.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const url = new URL(req.url ?? '/', 'http://fake');
    const form =
      req.method === 'POST'
        ? new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
        : url.searchParams;

    const fault = this.faults.shift();
    if (fault && 'hang' in fault) {
      await new Promise((resolve) => setTimeout(resolve, fault.hang));
      return this.send(res, 500);
    }
    if (fault)
      return this.send(
        res,
        fault.status,
        '',
        fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}
      );

    if (form.get('from') !== this.gatewayId || form.get('secret') !== this.secret)
      return this.send(res, 401);
    const path = url.pathname;

    if (path === '/credits' && req.method === 'GET')
      return this.send(res, 200, String(this.credits));
    let match = /^\/pubkeys\/([^/]+)$/.exec(path);
    if (match && req.method === 'GET') {
      const user = this.users.get(decodeURIComponent(match[1]));
      return user
        ? this.send(res, 200, Buffer.from(user.keys.publicKey).toString('hex'))
        : this.send(res, 404);
    }
    match = /^\/lookup\/phone_hash\/([^/]+)$/.exec(path);
    if (match && req.method === 'GET') {
      if (match[1].length !== 64) return this.send(res, 400);
      for (const [id, user] of this.users) {
        if (
          user.phone &&
          createHmac('sha256', PHONE_KEY).update(user.phone).digest('hex') === match[1]
        )
          return this.send(res, 200, id);
      }
      return this.send(res, 404);
    }
    if (req.method !== 'POST' || (path !== '/send_simple' && path !== '/send_e2e'))
      return this.send(res, 404);
    if (this.credits <= 0) return this.send(res, 402);

    const to = form.get('to') ?? '';
    const user = this.users.get(to);
    if (!user) return this.send(res, to.length === 8 ? 404 : 400);
    let text: string;
    if (path === '/send_simple') {
      text = form.get('text') ?? '';
      if (Buffer.byteLength(text) > 3500) return this.send(res, 413);
    } else {
      const nonce = Buffer.from(form.get('nonce') ?? '', 'hex');
      const box = Buffer.from(form.get('box') ?? '', 'hex');
      if (nonce.length !== 24) return this.send(res, 400);
      if (box.length > 4000) return this.send(res, 413);
      const opened = nacl.box.open(box, nonce, this.gatewayKeys.publicKey, user.keys.secretKey);
      if (!opened) return this.send(res, 400);
      const padding = opened[opened.length - 1];
      if (opened.length - padding < 1 || opened.length < 32 || opened[0] !== 0x01)
        return this.send(res, 400);
      text = Buffer.from(opened.subarray(1, opened.length - padding)).toString('utf8');
    }
    this.credits -= 1;
    const id = randomBytes(8).toString('hex');
    this.messages.push({ id, to, text, mode: path === '/send_simple' ? 'basic' : 'e2e' });
    return this.send(res, 200, id);
  }
}
