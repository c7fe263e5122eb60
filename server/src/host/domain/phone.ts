/**
 * Phone numbers for SMS: normalised to E.164 with libphonenumber-js's full
 * metadata (only `max` knows mobile from fixed line, protocols.md D1).
 * A landline or an invalid number is refused before anything is queued.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type PhoneProblem = 'empty' | 'invalid' | 'landline' | 'not-mobile';

export type PhoneResult =
  | { ok: true; e164: string; country?: string }
  | { ok: false; problem: PhoneProblem };

const SMS_CAPABLE = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

export function normalizeMobile(
  input: string | null | undefined,
  defaultCountry: CountryCode = 'DE'
): PhoneResult {
  if (!input || !input.trim()) return { ok: false, problem: 'empty' };
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  if (!parsed || !parsed.isValid()) return { ok: false, problem: 'invalid' };
  const type = parsed.getType();
  if (type === 'FIXED_LINE') return { ok: false, problem: 'landline' };
  // A type libphonenumber cannot tell (undefined) is let through: some
  // countries' metadata does not separate mobile ranges.
  if (type && !SMS_CAPABLE.has(type)) return { ok: false, problem: 'not-mobile' };
  return { ok: true, e164: parsed.number, country: parsed.country };
}

export const PHONE_PROBLEM_TEXT: Record<PhoneProblem, string> = {
  empty: 'is empty',
  invalid: 'is not a valid phone number',
  landline: 'is a landline number; SMS needs a mobile number',
  'not-mobile':
    'is not a mobile number (e.g. toll-free or premium rate); SMS needs a mobile number',
};

/** Threema IDs: 8 characters of A-Z, 0-9 and `*` (gateway IDs start with `*`). */
export const isThreemaId = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Z0-9*]{8}$/.test(value);

export const normalizeThreemaId = (value: string | null | undefined): string | null => {
  const upper = value?.trim().toUpperCase();
  return upper && isThreemaId(upper) ? upper : null;
};

/** A deliberately simple e-mail check: one @, something on each side, a dot in the domain, no spaces. */
export const isEmailAddress = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
