/**
 * A client's consent per channel, from the host's consent entries
 * ({ channel, granted, date, source }, appended in the order they happened),
 * and when a new event changes it. Twilio's callbacks come late, twice and
 * out of order, so an opt-out counts only for a message sent after the
 * client's latest opt-in, and an entry is only added when it changes the
 * state: a replayed report or a second STOP adds nothing.
 *
 * How events of one day are ordered: the plugin writes the exact moment
 * into `date` when the host's attribute can hold it (a datetime, or a json
 * consent list) and only the day when it is a date (a host's schema is the
 * host's; we do not hide a timestamp in `source`, which people read and
 * edit). Entries are therefore ordered by day, and within a day by their
 * moment when every entry of that day has one, else in the order they were
 * added (the plugin only ever appends, and so does the Content Manager).
 * A message sent on the same day as an opt-in known only by its day cannot
 * be placed before or after it; its opt-out is not taken then: wrongly
 * keeping consent costs nothing (Twilio itself refuses every send to an
 * opted-out number, answers 21610, and the next such send, on a later day,
 * records it), wrongly withdrawing it silently stops the notices a client
 * has just asked for again.
 */
import { DateTime } from 'luxon';
import type { Channel } from '../../constants';

export interface ConsentEntry {
  channel: string;
  granted?: boolean | null;
  /** a day (YYYY-MM-DD), an ISO timestamp, a Date, or nothing */
  date?: unknown;
  source?: string | null;
}

export type ConsentState = Partial<Record<Channel, boolean>>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CHANNELS: readonly string[] = ['sms', 'threema', 'email'];

/** The day (in `timeZone`) and, when known, the moment of an entry's date. */
export function consentMoment(
  date: unknown,
  timeZone: string
): { day: string | null; at: number | null } {
  if (typeof date === 'string' && DAY.test(date)) return { day: date, at: null };
  const at =
    date instanceof Date
      ? date.getTime()
      : typeof date === 'string'
        ? Date.parse(date)
        : Number.NaN;
  if (Number.isNaN(at)) return { day: null, at: null };
  return { day: dayIn(new Date(at), timeZone), at };
}

export const dayIn = (moment: Date, timeZone: string): string =>
  DateTime.fromJSDate(moment).setZone(timeZone).toISODate()!;

/** Entries oldest first (see the module comment); entries without a usable date count as the oldest. */
export function orderedConsent<T extends ConsentEntry>(
  entries: readonly T[],
  timeZone: string
): T[] {
  const byDay = new Map<string, { entry: T; at: number | null }[]>();
  for (const entry of entries) {
    const { day, at } = consentMoment(entry?.date, timeZone);
    const key = day ?? '';
    if (!byDay.has(key)) byDay.set(key, []);
    byDay.get(key)!.push({ entry, at });
  }
  return [...byDay.keys()]
    .sort()
    .flatMap((day) => {
      const group = byDay.get(day)!;
      // Array.prototype.sort is stable: equal moments keep the order they were added in
      return group.every((item) => item.at !== null)
        ? [...group].sort((a, b) => a.at! - b.at!)
        : group;
    })
    .map((item) => item.entry);
}

/** The latest entry per channel wins; an entry without `granted: false` grants. */
export function currentConsent(entries: readonly ConsentEntry[], timeZone: string): ConsentState {
  const state: ConsentState = {};
  for (const entry of orderedConsent(
    entries.filter((entry) => entry && CHANNELS.includes(entry.channel)),
    timeZone
  )) {
    state[entry.channel as Channel] = entry.granted !== false;
  }
  return state;
}

/** Whether recording `granted` for `channel` changes anything (a second STOP does not). */
export const changesConsent = (
  entries: readonly ConsentEntry[],
  channel: Channel,
  granted: boolean,
  timeZone: string
): boolean => currentConsent(entries, timeZone)[channel] !== granted;

/**
 * Whether a provider's opt-out about a message sent at `sentAt` (Twilio
 * 21610) withdraws the consent: only when consent is not withdrawn already
 * and the message went out after the client's latest opt-in.
 */
export function optOutWithdraws(
  entries: readonly ConsentEntry[],
  channel: Channel,
  sentAt: Date,
  timeZone: string
): boolean {
  if (!changesConsent(entries, channel, false, timeZone)) return false;
  const optIn = orderedConsent(
    entries.filter((entry) => entry?.channel === channel && entry.granted !== false),
    timeZone
  ).at(-1);
  if (!optIn) return true;
  const { day, at } = consentMoment(optIn.date, timeZone);
  if (at !== null) return sentAt.getTime() > at;
  if (day === null) return true; // an opt-in of unknown date is older than any send we know of
  return dayIn(sentAt, timeZone) > day; // the same day: cannot tell, see the module comment
}
