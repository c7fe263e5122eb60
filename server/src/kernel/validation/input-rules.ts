/**
 * The rules every value from outside meets before a service sees it, in one
 * place: ids and paging are whole numbers in range (`1e3` is not 1000, and
 * `page=1e19` is no 500), and no text holds a NUL character (PostgreSQL
 * refuses it with a 500, SQLite stores it and sends it on) or half of a
 * UTF-16 pair (sent as U+FFFD while its cost was counted on the original).
 */
import { PROBLEMS, type Problem } from './problems';

/** The largest id the plugin's tables hand out (a 32-bit integer column on every database). */
export const MAX_ID = 2_147_483_647;
/** Paging beyond this is no real page of any log (25 × 1,000,000 rows). */
export const MAX_PAGE = 1_000_000;

const DIGITS = /^[1-9][0-9]{0,15}$/;

/** A whole number written as plain digits (or a safe integer), from 1 to `max`; null otherwise. */
export function wholeNumber(raw: unknown, max: number): number | null {
  const value =
    typeof raw === 'number' ? raw : typeof raw === 'string' && DIGITS.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(value) && value >= 1 && value <= max ? value : null;
}

/** A real calendar day as "YYYY-MM-DD" (2027-02-30 is none: Date.parse would roll it over to March). */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A day ("YYYY-MM-DD", a real one) or an ISO timestamp whose date part is real; the moment, or null. */
export function dayOrTimestamp(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value))
    return isCalendarDay(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || !isCalendarDay(value.slice(0, 10))) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

// eslint-disable-next-line no-control-regex -- finding the NUL character is the point
const NUL = /\u0000/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface UnsafeText {
  path: string;
  problem: 'nul' | 'lone-surrogate';
}

/** The first text (or key) in `value` that breaks the rule, with its path (`recipients.clientIds.2`). */
export function unsafeTextIn(value: unknown, path = '', depth = 0): UnsafeText | null {
  if (typeof value === 'string') {
    if (NUL.test(value)) return { path, problem: 'nul' };
    if (LONE_SURROGATE.test(value)) return { path, problem: 'lone-surrogate' };
    return null;
  }
  if (depth > 32 || typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    const innerPath = path ? `${path}.${key}` : key;
    const inKey = unsafeTextIn(key, innerPath, depth + 1);
    if (inKey) return inKey;
    const found = unsafeTextIn(inner, innerPath, depth + 1);
    if (found) return found;
  }
  return null;
}

export const UNSAFE_TEXT_REASONS: Record<UnsafeText['problem'], Problem> = {
  nul: PROBLEMS.other(
    'nul',
    'must not contain the NUL character',
    'Der Text enthält ein unzulässiges Steuerzeichen (NUL).',
    'The text contains a control character that is not allowed (NUL).'
  ),
  'lone-surrogate': PROBLEMS.other(
    'lone-surrogate',
    'must not contain half of a UTF-16 surrogate pair',
    'Der Text enthält ein unvollständiges Zeichen.',
    'The text contains an incomplete character.'
  ),
};

/** An IANA time zone the runtime knows (Europe/Berlin), as luxon and Intl will use it. */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
