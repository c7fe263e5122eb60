/**
 * The values a template sees. Every documented placeholder is always
 * present (null when unknown), because templates render with strict lookups:
 * a typo fails loudly instead of sending an empty gap.
 */
import { DateTime } from 'luxon';
import { PLACEHOLDERS } from '../../../../shared/placeholders';
import { formatDate } from './templates';

export interface ContextInput {
  client?: {
    salutation?: string | null;
    firstName?: string | null;
    lastName?: string | null;
    formalAddress?: boolean;
    recordType?: string | null;
  } | null;
  appointment?: {
    start: string | Date;
    end?: string | Date | null;
    location?: string | null;
    online?: boolean;
    onlineLink?: string | null;
    previousStart?: string | Date | null;
  } | null;
  practice?: { name?: string | null; phone?: string | null; email?: string | null } | null;
  slipLink?: string | null;
  downloadLink?: string | null;
  code?: string | null;
  reason?: string | null;
  text?: string | null;
}

const iso = (value: string | Date | null | undefined) =>
  value ? (value instanceof Date ? value.toISOString() : value) : null;

/** Every placeholder path set to null: the shape strict rendering needs. */
function emptyContext(): Record<string, any> {
  const context: Record<string, any> = {};
  for (const { path } of PLACEHOLDERS) {
    const [head, tail] = path.split('.');
    if (tail) (context[head] ??= {})[tail] = null;
    else context[head] = null;
  }
  return context;
}

export function buildTemplateContext(
  input: ContextInput,
  options: { locale: 'de' | 'en'; timeZone: string }
): Record<string, any> {
  const context = emptyContext();
  const setLocale = options.locale === 'de' ? 'de-DE' : 'en-GB';
  if (input.client) {
    const salutation =
      input.client.salutation && input.client.salutation !== 'none'
        ? input.client.salutation
        : null;
    Object.assign(context.client, {
      salutation,
      firstName: input.client.firstName ?? '',
      lastName: input.client.lastName ?? '',
      fullName: [input.client.firstName, input.client.lastName].filter(Boolean).join(' '),
      formal: input.client.formalAddress !== false,
      recordType: input.client.recordType ?? null,
    });
  }
  if (input.appointment) {
    const start = DateTime.fromISO(iso(input.appointment.start)!)
      .setZone(options.timeZone)
      .setLocale(setLocale);
    const end = input.appointment.end
      ? DateTime.fromISO(iso(input.appointment.end)!).setZone(options.timeZone)
      : null;
    const previous = input.appointment.previousStart
      ? DateTime.fromISO(iso(input.appointment.previousStart)!)
          .setZone(options.timeZone)
          .setLocale(setLocale)
      : null;
    Object.assign(context.appointment, {
      start: iso(input.appointment.start),
      end: iso(input.appointment.end),
      date: formatDate(start, options.locale),
      time: start.toFormat('HH:mm'),
      weekday: start.toFormat('cccc'),
      durationMinutes: end ? Math.round(end.diff(start, 'minutes').minutes) : null,
      location: input.appointment.location ?? null,
      online: Boolean(input.appointment.online),
      onlineLink: input.appointment.onlineLink ?? null,
      previousDate: previous ? formatDate(previous, options.locale) : null,
      previousTime: previous ? previous.toFormat('HH:mm') : null,
    });
  }
  Object.assign(context.practice, {
    name: input.practice?.name ?? '',
    phone: input.practice?.phone ?? null,
    email: input.practice?.email ?? null,
  });
  for (const key of ['slipLink', 'downloadLink', 'code', 'reason', 'text'] as const)
    context[key] = input[key] ?? null;
  return context;
}

/** A context from the documented examples: `typical` values, or the `long` ones for the worst case. */
export function exampleContext(
  which: 'typical' | 'long',
  options: { locale: 'de' | 'en'; timeZone: string }
): Record<string, any> {
  const value = (path: string) => {
    const placeholder = PLACEHOLDERS.find((p) => p.path === path)!;
    return which === 'long' && placeholder.longExample
      ? placeholder.longExample
      : placeholder.example;
  };
  return buildTemplateContext(
    {
      client: {
        salutation: 'Frau',
        firstName: String(value('client.firstName')),
        lastName: String(value('client.lastName')),
        formalAddress: true,
        recordType: String(value('client.recordType')),
      },
      appointment: {
        start: which === 'long' ? '2026-12-30T13:30:00.000Z' : '2026-12-01T13:30:00.000Z',
        end: which === 'long' ? '2026-12-30T14:20:00.000Z' : '2026-12-01T14:20:00.000Z',
        location: String(value('appointment.location')),
        online: false,
        onlineLink: String(value('appointment.onlineLink')),
      },
      practice: {
        name: String(value('practice.name')),
        phone: String(value('practice.phone')),
        email: String(value('practice.email')),
      },
      slipLink: String(value('slipLink')),
      downloadLink: String(value('downloadLink')),
      code: String(value('code')),
      reason: String(value('reason')),
      text: String(value('text')),
    },
    options
  );
}
