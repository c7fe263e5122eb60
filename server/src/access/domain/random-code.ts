import { randomBytes } from 'crypto';

/** Letters and digits: 62 symbols. */
export const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `length` characters of `alphabet` from a cryptographic source, without
 * modulo bias: a byte at or above the largest multiple of the alphabet's size
 * is drawn again (rejection sampling). `random` is replaceable for tests.
 */
export function randomCode(
  alphabet: string,
  length: number,
  random: (n: number) => Uint8Array = randomBytes
): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of random(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}
