/**
 * A small client for the Threema Gateway HTTP API (protocols.md B): there is
 * no Node SDK. Basic mode posts plain text to send_simple; end-to-end mode
 * encrypts with NaCl box (tweetnacl) to the recipient's public key, fetched
 * once an hour per ID. Credentials travel as form or query parameters, never
 * in logs.
 */
import { createHmac, timingSafeEqual } from 'crypto';
import nacl from 'tweetnacl';
import { parseRetryAfter } from '../domain/retry';
import {
  networkError,
  ProviderError,
  type MessageProvider,
  type OutgoingMessage,
  type SendResult,
} from './types';

export interface ThreemaOptions {
  gatewayId: string;
  secret: string;
  /** hex, 32 bytes; required in e2e mode */
  privateKey?: string;
  mode: 'e2e' | 'basic';
  /** default https://msgapi.threema.ch */
  apiBaseUrl?: string;
  /**
   * Whole-request timeout. Above undici's 10 s connect timeout, a connection
   * that never stands fails as UND_ERR_CONNECT_TIMEOUT (nothing sent, a plain
   * retry); below it, the same hang ends as a timeout, which a send must
   * treat as ambiguous.
   */
  timeoutMs?: number;
  /** how long a fetched public key is trusted */
  publicKeyTtlMs?: number;
  now?: () => number;
}

const DEFAULT_BASE_URL = 'https://msgapi.threema.ch';
const PHONE_HMAC_KEY = Buffer.from(
  '85adf8226953f3d96cfd5d09bf29555eb955fcd8aa5ec4f9fcd869e258370723',
  'hex'
);
const EMAIL_HMAC_KEY = Buffer.from(
  '30a5500fed9701fa6defdb610841900febb8e430881f7ad816826264ec09bad7',
  'hex'
);
const TYPE_TEXT = 0x01;
export const TYPE_DELIVERY_RECEIPT = 0x80;

export const hexToBytes = (hex: string): Uint8Array => {
  if (!/^([0-9a-f]{2})*$/i.test(hex)) throw new Error('not a hex string');
  return new Uint8Array(Buffer.from(hex, 'hex'));
};
export const bytesToHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

export const phoneHash = (e164: string) =>
  createHmac('sha256', PHONE_HMAC_KEY).update(e164.replace(/\D/g, '')).digest('hex');
export const emailHash = (email: string) =>
  createHmac('sha256', EMAIL_HMAC_KEY).update(email.trim().toLowerCase()).digest('hex');

/** PKCS#7-style random padding, at least 32 bytes of padded data (protocols.md B4). */
export function pad(
  data: Uint8Array,
  random: (n: number) => Uint8Array = nacl.randomBytes
): Uint8Array {
  let n = (random(1)[0] % 255) + 1;
  if (data.length + n < 32) n = 32 - data.length;
  const out = new Uint8Array(data.length + n);
  out.set(data);
  out.fill(n, data.length);
  return out;
}

export function unpad(padded: Uint8Array): Uint8Array {
  const n = padded[padded.length - 1];
  if (!n || n >= padded.length) throw new Error('bad padding');
  return padded.subarray(0, padded.length - n);
}

export function encryptText(
  text: string,
  recipientPublicKey: Uint8Array,
  ourPrivateKey: Uint8Array
) {
  const body = Buffer.from(text, 'utf8');
  const plain = new Uint8Array(1 + body.length);
  plain[0] = TYPE_TEXT;
  plain.set(body, 1);
  const nonce = nacl.randomBytes(nacl.box.nonceLength);
  const box = nacl.box(pad(plain), nonce, recipientPublicKey, ourPrivateKey);
  return { nonce: bytesToHex(nonce), box: bytesToHex(box) };
}

export function decrypt(
  boxHex: string,
  nonceHex: string,
  senderPublicKey: Uint8Array,
  ourPrivateKey: Uint8Array
): Uint8Array {
  const opened = nacl.box.open(
    hexToBytes(boxHex),
    hexToBytes(nonceHex),
    senderPublicKey,
    ourPrivateKey
  );
  if (!opened) throw new Error('box cannot be opened');
  return unpad(opened);
}

/** MAC of an incoming callback: HMAC-SHA256 with the API secret over from,to,messageId,date,nonce,box. */
export function callbackMac(secret: string, fields: Record<string, string>): string {
  return createHmac('sha256', secret)
    .update(
      ['from', 'to', 'messageId', 'date', 'nonce', 'box'].map((k) => fields[k] ?? '').join('')
    )
    .digest('hex');
}

export function validCallbackMac(secret: string, fields: Record<string, string>): boolean {
  const given = fields.mac ?? '';
  if (!/^[0-9a-f]{64}$/i.test(given)) return false;
  return timingSafeEqual(
    Buffer.from(callbackMac(secret, fields), 'hex'),
    Buffer.from(given.toLowerCase(), 'hex')
  );
}

/** A delivery receipt's payload: status byte + 8-byte message IDs. */
export function parseDeliveryReceipt(
  data: Uint8Array
): { status: number; messageIds: string[] } | null {
  if (data[0] !== TYPE_DELIVERY_RECEIPT) return null;
  const payload = data.subarray(1);
  if (payload.length < 9 || (payload.length - 1) % 8 !== 0) return null;
  const messageIds: string[] = [];
  for (let offset = 1; offset < payload.length; offset += 8)
    messageIds.push(bytesToHex(payload.subarray(offset, offset + 8)));
  return { status: payload[0], messageIds };
}

const RECIPIENT_STATUSES = new Set([400, 404]);

export function createThreemaClient(options: ThreemaOptions) {
  const baseUrl = (options.apiBaseUrl ?? DEFAULT_BASE_URL).replace(/\/$/, '');
  const timeoutMs = options.timeoutMs ?? 15000;
  const ttl = options.publicKeyTtlMs ?? 60 * 60 * 1000;
  const now = options.now ?? Date.now;
  const keyCache = new Map<string, { key: Uint8Array; until: number }>();
  const privateKey = options.privateKey
    ? hexToBytes(options.privateKey.replace(/^private:/, ''))
    : undefined;

  async function call(
    method: 'GET' | 'POST',
    path: string,
    form?: Record<string, string>
  ): Promise<string> {
    const credentials = { from: options.gatewayId, secret: options.secret };
    const url =
      method === 'GET'
        ? `${baseUrl}${path}?${new URLSearchParams(credentials)}`
        : `${baseUrl}${path}`;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers:
          method === 'POST'
            ? { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }
            : undefined,
        body:
          method === 'POST'
            ? new URLSearchParams({ ...credentials, ...form }).toString()
            : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      // Every POST here sends a message; the GETs only read. There is no way
      // to ask the gateway afterwards whether a send arrived (no lookup).
      throw networkError(error, { sends: method === 'POST' });
    }
    if (response.ok) return text.trim();
    const status = response.status;
    throw new ProviderError(
      `threema:${status}`,
      `Threema Gateway answered HTTP ${status} for ${path.split('/')[1]}`,
      {
        retryable: status === 429 || status >= 500,
        retryAfterMs:
          status === 429 ? parseRetryAfter(response.headers.get('retry-after')) : undefined,
        recipientProblem: RECIPIENT_STATUSES.has(status),
      }
    );
  }

  async function publicKey(id: string): Promise<Uint8Array> {
    const cached = keyCache.get(id);
    if (cached && cached.until > now()) return cached.key;
    const hex = await call('GET', `/pubkeys/${encodeURIComponent(id)}`);
    const key = hexToBytes(hex);
    if (key.length !== 32 || key.every((b) => b === 0)) {
      throw new ProviderError(
        'threema:bad-public-key',
        `Threema returned an unusable public key for ${id}`,
        { retryable: false }
      );
    }
    keyCache.set(id, { key, until: now() + ttl });
    return key;
  }

  return {
    publicKey,
    credits: async () => Number(await call('GET', '/credits')),
    lookupPhone: async (e164: string) => call('GET', `/lookup/phone_hash/${phoneHash(e164)}`),
    lookupEmail: async (email: string) => call('GET', `/lookup/email_hash/${emailHash(email)}`),
    async sendSimple(to: string, text: string): Promise<string> {
      return call('POST', '/send_simple', { to, text });
    },
    async sendE2e(to: string, text: string): Promise<string> {
      if (!privateKey)
        throw new ProviderError(
          'threema:no-private-key',
          'THREEMA_PRIVATE_KEY is needed in e2e mode',
          { retryable: false }
        );
      const { nonce, box } = encryptText(text, await publicKey(to), privateKey);
      return call('POST', '/send_e2e', { to, nonce, box });
    },
    /** Opens an incoming callback's box; the caller has checked the MAC. */
    async openCallback(fields: Record<string, string>): Promise<Uint8Array> {
      if (!privateKey) throw new Error('THREEMA_PRIVATE_KEY is needed to read callbacks');
      return decrypt(fields.box, fields.nonce, await publicKey(fields.from), privateKey);
    },
  };
}

export type ThreemaClient = ReturnType<typeof createThreemaClient>;

export function createThreemaProvider(
  options: ThreemaOptions,
  client: ThreemaClient = createThreemaClient(options)
): MessageProvider {
  return {
    name: 'threema',
    channel: 'threema',
    async send(message: OutgoingMessage): Promise<SendResult> {
      const id =
        options.mode === 'basic'
          ? await client.sendSimple(message.to, message.body)
          : await client.sendE2e(message.to, message.body);
      return { providerMessageId: id.toLowerCase(), status: 'sent' };
    },
  };
}
