/**
 * The bodies of POST /bulk(/preview) and POST /mass-cancellation(/preview):
 * one zod schema each. Whether the ids name real clients and appointments
 * is the services' part (it needs the database).
 */
import {
  because,
  checkEvenIfFieldsFail,
  parseInput,
  problemMessage,
  z,
} from '../kernel/validation/schema';
import { dayOrTime, idList, oneOf, text } from '../kernel/validation/fields';
import { PROBLEMS } from '../kernel/validation/problems';
import { dayOrTimestamp } from '../kernel/validation/input-rules';
import { TEXT_LIMITS } from '../../../shared/text-limits';
import { BULK_CHANNELS, checkDays, type BulkChannel } from './domain/bulk';

const RECIPIENTS = PROBLEMS.other(
  'recipients',
  'must be { all: true } | { recordTypes: [...] } | { clientIds: [...] } | { appointmentsFrom, appointmentsTo }',
  'Bitte wählen, wer die Nachricht bekommt.',
  'Please choose who gets the message.'
);
const EXACTLY_ONE = PROBLEMS.other(
  'recipients',
  'must name exactly one of all, recordTypes, clientIds, appointmentsFrom/appointmentsTo',
  'Bitte genau eine Auswahl treffen: alle, Akten-Typen, einzelne Akten oder Termine eines Zeitraums.',
  'Please make exactly one choice: all, record types, single clients or the appointments of a period.'
);
const NOT_TRUE = PROBLEMS.other(
  'not-true',
  'must be true',
  'Hier ist nur „ja“ möglich.',
  'Only yes is possible here.'
);
const DAYS_OR_APPOINTMENTS = PROBLEMS.other(
  'days-or-appointments',
  'give either days (with optional from/to) or appointmentIds',
  'Bitte entweder Tage oder einzelne Termine wählen.',
  'Please choose either days or single appointments.'
);

const SELECTIONS = ['all', 'recordTypes', 'clientIds', 'appointmentsFrom'] as const;

const recipientsSchema = z
  .object(
    {
      all: z.literal(true, because(NOT_TRUE)).optional(),
      recordTypes: idList().optional(),
      clientIds: idList().optional(),
      appointmentsFrom: dayOrTime().optional(),
      appointmentsTo: dayOrTime().optional(),
    },
    because(RECIPIENTS)
  )
  .superRefine((spec, context) => {
    if (SELECTIONS.filter((key) => spec[key] !== undefined).length !== 1)
      context.addIssue({ code: 'custom', message: problemMessage(EXACTLY_ONE) });
    if (spec.appointmentsFrom === undefined && spec.appointmentsTo === undefined) return;
    for (const key of ['appointmentsFrom', 'appointmentsTo'] as const)
      if (spec[key] === undefined)
        context.addIssue({
          code: 'custom',
          path: [key],
          message: problemMessage(PROBLEMS.dayOrTime()),
        });
    const from = dayOrTimestamp(spec.appointmentsFrom)?.getTime();
    const to = dayOrTimestamp(spec.appointmentsTo)?.getTime();
    if (from !== undefined && to !== undefined && to < from)
      context.addIssue({
        code: 'custom',
        path: ['appointmentsTo'],
        message: problemMessage(PROBLEMS.notBefore('appointmentsFrom', 'dem Beginn')),
      });
  });

/** A bulk notice: who, on which channel, what. */
export const bulkRequestSchema = z.object(
  {
    recipients: recipientsSchema,
    channel: oneOf(BULK_CHANNELS as [BulkChannel, ...BulkChannel[]]),
    text: text(TEXT_LIMITS.body.sms, { required: true }),
    subject: text(TEXT_LIMITS.subject).optional(),
  },
  because(PROBLEMS.notObject())
);

export type BulkRequest = z.output<typeof bulkRequestSchema>;
export type RecipientSpec = BulkRequest['recipients'];

export const parseBulkRequest = (body: unknown): BulkRequest => parseInput(bulkRequestSchema, body);

export type CancelChannel = BulkChannel | 'auto' | 'none';
export const CANCEL_CHANNELS = ['auto', 'none', ...BULK_CHANNELS] as [
  CancelChannel,
  ...CancelChannel[],
];

/**
 * A mass cancellation: days (in the practice's zone, none before `today`,
 * optionally only from/to a time of day) or single appointments; the
 * channel for everyone and per client, the waitlist, a reason for the text.
 */
export const massCancellationSchema = (today: string) =>
  z
    .object(
      {
        // checked as a whole by checkDays (the same rule the admin's calendar uses)
        days: z.unknown().optional(),
        from: z.unknown().optional(),
        to: z.unknown().optional(),
        appointmentIds: idList().optional(),
        channel: oneOf(CANCEL_CHANNELS).default('auto'),
        perClient: z
          .record(z.string(), oneOf(CANCEL_CHANNELS), because(PROBLEMS.notObject()))
          .default({}),
        waitlist: z
          .boolean(because(PROBLEMS.notBoolean()))
          .optional()
          .transform((value) => value === true),
        reason: z
          .string(because(PROBLEMS.textOfAtMost(200)))
          .max(200, because(PROBLEMS.textOfAtMost(200)))
          .nullable()
          .optional()
          .transform((value) => (value?.trim() ? value.trim() : null)),
      },
      because(PROBLEMS.notObject())
    )
    .superRefine((body, context) => {
      const byIds = body.appointmentIds !== undefined;
      if (byIds === (body.days !== undefined))
        context.addIssue({
          code: 'custom',
          path: ['days'],
          message: problemMessage(DAYS_OR_APPOINTMENTS),
        });
      if (byIds || body.days === undefined) return;
      for (const problem of checkDays(body.days, body.from, body.to, today))
        context.addIssue({
          code: 'custom',
          path: problem.field.split('.'),
          message: problemMessage(problem.problem),
        });
      // `when`: the days are named even when another field is wrong too
    }, checkEvenIfFieldsFail)
    .transform(({ days, from, to, appointmentIds, ...choices }) => ({
      ...(appointmentIds
        ? { appointmentIds }
        : {
            days: [...new Set(days as string[])].sort(),
            from: from as string | undefined,
            to: to as string | undefined,
          }),
      ...choices,
    }));

export type MassCancellationRequest = z.output<ReturnType<typeof massCancellationSchema>> & {
  days?: string[];
  from?: string;
  to?: string;
  appointmentIds?: string[];
};

export const parseMassCancellation = (body: unknown, today: string): MassCancellationRequest =>
  parseInput(massCancellationSchema(today), body);
