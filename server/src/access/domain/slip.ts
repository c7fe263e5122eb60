/**
 * Express appointment slips: a short unguessable code per version of an
 * appointment, and what its public page may show. Pure.
 */
import { ALPHANUMERIC, randomCode } from './random-code';
import { DateTime } from 'luxon';

/**
 * `length` characters from 62, from a cryptographic source, without modulo
 * bias. 8 characters: 62^8 ≈ 2.2 × 10^14.
 */
export const newSlipCode = (length = 8, random?: (n: number) => Uint8Array): string =>
  randomCode(ALPHANUMERIC, length, random);

export const SLIP_CODE = /^[A-Za-z0-9]{7,16}$/;

export type SlipView = 'valid' | 'moved' | 'cancelled' | 'gone';

export function slipView(
  slip: { state: 'active' | 'moved' | 'cancelled'; expiresAt: Date } | null,
  now: Date
): SlipView {
  if (!slip || slip.expiresAt.getTime() <= now.getTime()) return 'gone';
  if (slip.state === 'moved') return 'moved';
  if (slip.state === 'cancelled') return 'cancelled';
  return 'valid';
}

/**
 * TEXT as RFC 5545 3.3.11 wants it: backslash, semicolon and comma escaped,
 * every line break (CRLF, a bare CR or LF) as \n, other control characters
 * (which a TEXT value may not hold) dropped.
 */
const icsEscape = (text: string) =>
  text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    // eslint-disable-next-line no-control-regex -- dropping control characters is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');

/** A content line folded at 75 octets (RFC 5545 3.1): CRLF and a space, never inside a UTF-8 sequence. */
function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // the first line holds 75 octets, every continuation 74 after its leading space
    if (octets + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** The link if it is an absolute http(s) URL, else null: a `javascript:` or `data:` link is never rendered. */
export function httpLink(value: string | null | undefined): string | null {
  const trimmed = (value ?? '').trim();
  if (!/^https?:\/\/[^\s/]/i.test(trimmed)) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? trimmed : null;
  } catch {
    return null;
  }
}
const icsDate = (date: Date) =>
  DateTime.fromJSDate(date, { zone: 'utc' }).toFormat("yyyyLLdd'T'HHmmss'Z'");

/** An iCalendar file for the appointment (RFC 5545, UTC times, CRLF lines). */
export function icsFor(input: {
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  location?: string | null;
  url?: string | null;
  now?: Date;
}): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//strapi-plugin-messaging//slip//DE',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${input.uid}`,
    `DTSTAMP:${icsDate(input.now ?? new Date())}`,
    `DTSTART:${icsDate(input.start)}`,
    `DTEND:${icsDate(input.end)}`,
    `SUMMARY:${icsEscape(input.summary)}`,
    ...(input.location ? [`LOCATION:${icsEscape(input.location)}`] : []),
    ...(input.url ? [`URL:${input.url}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
