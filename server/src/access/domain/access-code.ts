/**
 * Secrets of the secure download: the link token, the access code, and the
 * sealed text of a code message. Pure functions over node:crypto.
 *
 * - The token in `/d/<token>` has 32 characters from 62 (about 190 bits);
 *   only its SHA-256 is stored, so a database copy does not open any link.
 * - The access code has 6-8 characters from an alphabet without look-alikes
 *   (no 0/O, no 1/I): 32 symbols, so one random byte gives one symbol without
 *   modulo bias. Stored as a salted scrypt hash; five wrong tries lock it.
 * - A queued code message keeps its real text only sealed (AES-256-GCM with a
 *   key derived from the app's keys); the log's body has the code redacted.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  hkdfSync,
  randomBytes,
  scryptSync,
  timingSafeEqual,
} from 'crypto';
import { ALPHANUMERIC, randomCode } from './random-code';

export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // 32: no 0/O, no 1/I
export const TOKEN_PATTERN = /^[A-Za-z0-9]{32}$/;

export const newDownloadToken = (): string => randomCode(ALPHANUMERIC, 32);
export const hashToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

export function newAccessCode(length = 6): string {
  if (!Number.isInteger(length) || length < 6 || length > 8)
    throw new RangeError('access codes have 6 to 8 characters');
  return randomCode(CODE_ALPHABET, length);
}

/** What people type: lower case, spaces and dashes ("abc-def") are forgiven. */
export const normalizeEnteredCode = (entered: unknown): string =>
  typeof entered === 'string' ? entered.toUpperCase().replace(/[\s-]/g, '') : '';

const SCRYPT = { N: 16384, r: 8, p: 1 } as const;

export function hashAccessCode(code: string): { hash: string; salt: string } {
  const salt = randomBytes(16).toString('hex');
  return { hash: scryptSync(code, salt, 32, SCRYPT).toString('hex'), salt };
}

export function accessCodeMatches(
  entered: string,
  stored: { hash: string; salt: string }
): boolean {
  const candidate = scryptSync(normalizeEnteredCode(entered), stored.salt, 32, SCRYPT);
  const expected = Buffer.from(stored.hash, 'hex');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

/** The text as the log keeps it: the code replaced by as many `*` (a GSM-7 character, so the segment count stays true). */
export const redactCode = (text: string, code: string): string =>
  text.split(code).join('*'.repeat(code.length));

/** A 32-byte key for sealing, derived from the app's secret keys (APP_KEYS). */
export const sealingKey = (secret: string): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, 'strapi-plugin-messaging', 'sealed-message-body', 32));

export function seal(text: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64')).join('.');
}

export function unseal(sealed: string, key: Buffer): string {
  const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64'));
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}
