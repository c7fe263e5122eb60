/**
 * A client's automatic-notice switches ("Benachrichtigungen" in the Akte):
 * per notice kind, which channels are on, and for reminders how many hours
 * before the appointment. The record type holds the defaults, copied into
 * each new client record. Shared by the server (validation, planning) and
 * the admin (the editor in the client's edit view).
 */
import { isJsonObject } from './json';
export const NOTICE_KINDS = ['confirmation', 'change', 'reminder', 'cancellation'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_CHANNELS = ['email', 'sms', 'threema'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

export type ChannelSwitches = Record<NoticeChannel, boolean>;
export type NoticeSwitches = Record<Exclude<NoticeKind, 'reminder'>, ChannelSwitches> & {
  reminder: ChannelSwitches & { offsetsHours: number[] };
};

/** The plugin's own defaults, for a client without a record type (and the editor's starting point). */
export const DEFAULT_NOTICE_SWITCHES: NoticeSwitches = {
  confirmation: { email: true, sms: false, threema: true },
  change: { email: true, sms: true, threema: true },
  reminder: { email: true, sms: true, threema: true, offsetsHours: [24] },
  cancellation: { email: true, sms: true, threema: true },
};

/** A reminder more than two weeks ahead is not a reminder; 0 would arrive with the appointment. */
export const MAX_REMINDER_OFFSET_HOURS = 336;
export const MAX_REMINDERS = 3;

export interface SwitchProblem {
  path: string[];
  /** for the API's 400 (names the rule) */
  message: string;
  /** for the person at the editor */
  de: string;
  en: string;
}

const problem = (path: string[], message: string, de: string, en: string): SwitchProblem => ({
  path,
  message,
  de,
  en,
});
const OFFSET_RANGE = {
  de: `Bitte ganze Stunden von 1 bis ${MAX_REMINDER_OFFSET_HOURS} angeben.`,
  en: `Please give whole hours from 1 to ${MAX_REMINDER_OFFSET_HOURS}.`,
};

/** Problems of a stored or submitted value; an empty list means it can be saved. `null` means "the record type's defaults". */
export function checkNoticeSwitches(value: unknown): SwitchProblem[] {
  if (value === null || value === undefined) return [];
  if (!isJsonObject(value))
    return [
      problem(
        [],
        'must be an object with confirmation, change, reminder and cancellation',
        'Die Einstellungen sind unlesbar.',
        'The settings cannot be read.'
      ),
    ];
  const problems: SwitchProblem[] = [];
  for (const key of Object.keys(value)) {
    if (!(NOTICE_KINDS as readonly string[]).includes(key))
      problems.push(
        problem(
          [key],
          `unknown notice kind (known: ${NOTICE_KINDS.join(', ')})`,
          'Unbekannte Benachrichtigungsart.',
          'Unknown kind of notice.'
        )
      );
  }
  for (const kind of NOTICE_KINDS) {
    const entry = value[kind];
    if (entry === undefined) continue; // missing kinds fall back to the record type
    if (!isJsonObject(entry)) {
      problems.push(
        problem(
          [kind],
          'must be an object like { "email": true, "sms": false, "threema": true }',
          'Die Kanäle dieser Benachrichtigung sind unlesbar.',
          "This notice's channels cannot be read."
        )
      );
      continue;
    }
    for (const channel of NOTICE_CHANNELS) {
      if (entry[channel] !== undefined && typeof entry[channel] !== 'boolean')
        problems.push(
          problem(
            [kind, channel],
            'must be true or false',
            'Hier wird „an“ oder „aus“ erwartet.',
            'On or off is expected here.'
          )
        );
    }
    if (kind === 'reminder' && entry.offsetsHours !== undefined) {
      const offsets = entry.offsetsHours;
      if (!Array.isArray(offsets))
        problems.push(
          problem(
            [kind, 'offsetsHours'],
            'must be a list of hours, e.g. [48, 24]',
            'Bitte Stunden angeben, z. B. 48, 24.',
            'Please give hours, e.g. 48, 24.'
          )
        );
      else {
        if (offsets.length > MAX_REMINDERS)
          problems.push(
            problem(
              [kind, 'offsetsHours'],
              `at most ${MAX_REMINDERS} reminders`,
              `Höchstens ${MAX_REMINDERS} Erinnerungen.`,
              `At most ${MAX_REMINDERS} reminders.`
            )
          );
        offsets.forEach((hours, index) => {
          if (
            typeof hours !== 'number' ||
            !Number.isInteger(hours) ||
            hours < 1 ||
            hours > MAX_REMINDER_OFFSET_HOURS
          ) {
            problems.push(
              problem(
                [kind, 'offsetsHours', String(index)],
                `must be a whole number of hours from 1 to ${MAX_REMINDER_OFFSET_HOURS}`,
                OFFSET_RANGE.de,
                OFFSET_RANGE.en
              )
            );
          }
        });
        if (new Set(offsets).size !== offsets.length)
          problems.push(
            problem(
              [kind, 'offsetsHours'],
              'each reminder time only once',
              'Jede Erinnerungszeit nur einmal.',
              'Each reminder time only once.'
            )
          );
      }
    }
  }
  return problems;
}

/** "48, 24 h" -> [48, 24]; what the editor's text box accepts. Unreadable parts come back as NaN for the checker to name. */
export function parseOffsets(text: string): number[] {
  return text
    .split(/[,;\s]+/)
    .map((part) => part.replace(/h$/i, '').trim())
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : Number.NaN));
}

/** A complete value from a partial one: missing kinds and channels from `base`. */
export function completeSwitches(
  value:
    | Partial<Record<NoticeKind, Partial<ChannelSwitches> & { offsetsHours?: number[] }>>
    | null
    | undefined,
  base: NoticeSwitches = DEFAULT_NOTICE_SWITCHES
): NoticeSwitches {
  const out = JSON.parse(JSON.stringify(base)) as NoticeSwitches;
  for (const kind of NOTICE_KINDS) Object.assign(out[kind], value?.[kind] ?? {});
  return out;
}
