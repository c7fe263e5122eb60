/**
 * When an appointment notice goes out. Pure rules, computed in the
 * practice's time zone with luxon so that daylight-saving changes are right:
 *
 * - confirmation, change, cancellation: after a settle delay (quick edits
 *   become one notice), deferred out of quiet hours;
 * - reminders: at start minus each offset, skipped when already due at
 *   booking time, deferred out of quiet hours;
 * - nothing is ever planned at or after the appointment's start;
 * - quiet hours never push a notice past the start: a cancellation for the
 *   same day goes out at once, anything else that would land after the start
 *   goes out before the quiet window instead.
 */
import { DateTime } from 'luxon';

export type NoticeKind = 'confirmation' | 'change' | 'reminder' | 'cancellation';

export interface QuietHours {
  /** "21:00" */
  start: string;
  /** "08:00"; a window may wrap past midnight */
  end: string;
}

export interface PlanInput {
  kind: NoticeKind;
  now: Date;
  appointmentStart: Date;
  timeZone: string;
  settleSeconds: number;
  quietHours: QuietHours | null;
  /** reminders only */
  offsetHours?: number;
}

export type Plan = { sendAfter: Date } | { skip: 'appointment-started' | 'reminder-already-due' };

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/** Whether a local time falls in the quiet window. */
export function inQuietHours(at: DateTime, quiet: QuietHours): boolean {
  const minute = at.hour * 60 + at.minute;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** The end of the quiet window `at` lies in (the next local `end` time). */
export function endOfQuietHours(at: DateTime, quiet: QuietHours): DateTime {
  const end = minutesOf(quiet.end);
  let candidate = at.set({
    hour: Math.floor(end / 60),
    minute: end % 60,
    second: 0,
    millisecond: 0,
  });
  if (candidate <= at) candidate = candidate.plus({ days: 1 });
  return candidate;
}

/** The start of the quiet window that `at` lies in (the latest local `start` time at or before it). */
export function startOfQuietHours(at: DateTime, quiet: QuietHours): DateTime {
  const start = minutesOf(quiet.start);
  let candidate = at.set({
    hour: Math.floor(start / 60),
    minute: start % 60,
    second: 0,
    millisecond: 0,
  });
  if (candidate > at) candidate = candidate.minus({ days: 1 });
  return candidate;
}

export function planNotice(input: PlanInput): Plan {
  const zone = input.timeZone;
  const now = DateTime.fromJSDate(input.now, { zone });
  const start = DateTime.fromJSDate(input.appointmentStart, { zone });
  if (start <= now) return { skip: 'appointment-started' };

  let at: DateTime;
  if (input.kind === 'reminder') {
    // Offsets are hours of the wall clock: "24 h before 10:00" is 10:00 the day before, also across a DST change.
    const hours = input.offsetHours ?? 24;
    at = hours % 24 === 0 ? start.minus({ days: hours / 24 }) : start.minus({ hours });
    if (at <= now.plus({ seconds: input.settleSeconds })) return { skip: 'reminder-already-due' };
  } else {
    at = now.plus({ seconds: input.settleSeconds });
  }

  if (input.quietHours && inQuietHours(at, input.quietHours)) {
    const sameDayCancellation = input.kind === 'cancellation' && at.hasSame(start, 'day');
    if (!sameDayCancellation) {
      const deferred = endOfQuietHours(at, input.quietHours);
      if (deferred < start) at = deferred;
      else {
        // Deferring would be too late: go out before the quiet window began,
        // if that is still ahead; otherwise at once.
        const before = startOfQuietHours(at, input.quietHours).minus({ minutes: 1 });
        at = before > now ? before : at;
      }
    }
  }
  if (at >= start) return { skip: 'appointment-started' };
  return { sendAfter: at.toJSDate() };
}
