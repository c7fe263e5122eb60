/**
 * Bulk notifications and mass cancellations: which channel reaches each
 * client, and the rules of the request (days, times). Pure.
 */
import {
  chooseChannels,
  type ClientReach,
  type PracticeSwitches,
  type SkipReason,
} from '../../notices/domain';
import type { Channel } from '../../../../shared/vocabulary';
import { isCalendarDay } from '../../kernel/validation/input-rules';
import { PROBLEMS, type Problem } from '../../kernel/validation/problems';

export type BulkChannel = Channel | 'best';
export const BULK_CHANNELS: readonly BulkChannel[] = ['email', 'sms', 'threema', 'best'];

export type BulkReach = { channel: Channel; to: string } | { unreachable: SkipReason[] };

const ALL = { email: true, sms: true, threema: true };
const ONLY = (channel: Channel) => ({
  email: channel === 'email',
  sms: channel === 'sms',
  threema: channel === 'threema',
});

/**
 * One channel per client. "best": Threema where possible (cheapest, end to
 * end encrypted), else SMS, else e-mail. The client's per-notice switches do
 * not apply (a bulk message is not an appointment notice); the practice's
 * switches, consent and contact data do.
 */
export function chooseBulkChannel(
  reach: Omit<ClientReach, 'wants'>,
  practice: PracticeSwitches,
  requested: BulkChannel
): BulkReach {
  // Not spread: `mobile` may be a lazy getter, read only if SMS is in question.
  const client: ClientReach = {
    wants: requested === 'best' ? ALL : ONLY(requested),
    consent: reach.consent,
    get mobile() {
      return reach.mobile;
    },
    threemaId: reach.threemaId,
    email: reach.email,
  };
  const choice = chooseChannels(client, { ...practice, preferThreema: true });
  const usable = new Map(choice.channels.map((c) => [c.channel, c.to] as const));
  if (choice.fallback) usable.set('sms', choice.fallback.to);
  for (const channel of ['threema', 'sms', 'email'] as const) {
    if ((requested === 'best' || requested === channel) && usable.has(channel))
      return { channel, to: usable.get(channel)! };
  }
  const reasons = choice.skipped
    .map((s) => s.reason)
    .filter((reason) => !['not-wanted', 'threema-preferred', 'sms-preferred'].includes(reason));
  return { unreachable: [...new Set(reasons)] };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export interface DayRangeProblem {
  field: string;
  problem: Problem;
}

/** Checks days ("YYYY-MM-DD", none in the past of `today`) and an optional from/to time of day. */
export function checkDays(
  days: unknown,
  from: unknown,
  to: unknown,
  today: string
): DayRangeProblem[] {
  const problems: DayRangeProblem[] = [];
  if (!Array.isArray(days) || days.length === 0)
    problems.push({
      field: 'days',
      problem: PROBLEMS.other(
        'no-days',
        'must name at least one day as "YYYY-MM-DD"',
        'Bitte mindestens einen Tag angeben.',
        'Please give at least one day.'
      ),
    });
  else {
    days.forEach((day, index) => {
      if (!isCalendarDay(day)) problems.push({ field: `days.${index}`, problem: PROBLEMS.day() });
      else if (day < today)
        problems.push({ field: `days.${index}`, problem: PROBLEMS.dayInPast(day) });
    });
    if (days.length > 31)
      problems.push({
        field: 'days',
        problem: PROBLEMS.other(
          'too-many-days',
          'at most 31 days at once',
          'Höchstens 31 Tage auf einmal.',
          'At most 31 days at once.'
        ),
      });
  }
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value !== undefined && value !== null && (typeof value !== 'string' || !TIME.test(value)))
      problems.push({
        field,
        problem: PROBLEMS.other(
          'not-a-time',
          'must be a time as "HH:MM"',
          'Bitte eine Uhrzeit wie 08:30 angeben.',
          'Please give a time like 08:30.'
        ),
      });
  }
  if (
    typeof from === 'string' &&
    typeof to === 'string' &&
    TIME.test(from) &&
    TIME.test(to) &&
    from >= to
  )
    problems.push({ field: 'to', problem: PROBLEMS.mustBeAfter('from', 'dem Beginn') });
  return problems;
}
