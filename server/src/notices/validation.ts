/**
 * The body of POST /messages (and the test sends built on it): one zod
 * schema. Whether the client and appointment exist, own each other and the
 * address is the service's part (it needs the database).
 */
import {
  because,
  checkEvenIfFieldsFail,
  isJsonObject,
  parseInput,
  problemMessage,
  z,
} from '../kernel/validation/schema';
import { oneOf, text } from '../kernel/validation/fields';
import { PROBLEMS } from '../kernel/validation/problems';
import { CHANNELS, type Channel } from '../constants';
import { TEXT_LIMITS } from '../../../shared/text-limits';
import { threemaLengthProblem } from '../../../shared/sms';
import type { SendMessageRequest } from '../../../shared/contracts/messages';

/** The kinds a manual message may be logged as (a confirmation sent again by hand, say). */
export const LINKED_KINDS = ['manual', 'confirmation', 'reminder', 'slip'] as const;

const IDEMPOTENCY_KEY = PROBLEMS.other(
  'idempotency-key',
  'must be 8-200 characters of letters, digits and . _ : -',
  'Der Schlüssel hat 8–200 Zeichen aus Buchstaben, Ziffern und . _ : -.',
  'The key has 8-200 characters of letters, digits and . _ : -.'
);
const NO_RECIPIENT = PROBLEMS.other(
  'no-recipient',
  'or clientId is required',
  'Bitte einen Empfänger oder eine Akte angeben.',
  'Please give a recipient or a client.'
);

const nonEmpty = (problem: ReturnType<typeof PROBLEMS.emptyText>) =>
  z.string(because(problem)).refine((value) => value.trim() !== '', because(problem));

/** The longest text a channel takes, or the problem with `body` (SMS and e-mail in characters, Threema in bytes). */
function bodyLengthProblem(channel: Channel, body: string) {
  if (channel === 'threema') {
    const problem = threemaLengthProblem(body);
    return problem
      ? PROBLEMS.other(
          'threema-too-long',
          `is ${problem.bytes} bytes; Threema allows at most ${problem.limit}`,
          problem.reason.de,
          problem.reason.en
        )
      : null;
  }
  const limit = TEXT_LIMITS.body[channel];
  if (body.length <= limit) return null;
  return channel === 'sms'
    ? {
        ...PROBLEMS.tooLong(body, limit),
        message: `is ${body.length} characters; SMS allows at most ${limit}`,
      }
    : PROBLEMS.tooLong(body, limit);
}

export const sendMessageSchema = z
  .object(
    {
      channel: oneOf(CHANNELS),
      // Windows line ends count as one character, as the phone shows them
      body: nonEmpty(PROBLEMS.emptyText()).transform((value) => value.replace(/\r\n/g, '\n')),
      to: nonEmpty(PROBLEMS.emptyText()).optional(),
      clientId: nonEmpty(PROBLEMS.documentIdOf('client')).optional(),
      appointmentId: z
        .string(because(PROBLEMS.documentIdOf('appointment')))
        .min(1, because(PROBLEMS.documentIdOf('appointment')))
        .optional(),
      subject: text(TEXT_LIMITS.subject).optional(),
      kind: oneOf(LINKED_KINDS).optional(),
      idempotencyKey: z
        .string(because(IDEMPOTENCY_KEY))
        .regex(/^[A-Za-z0-9._:-]{8,200}$/, because(IDEMPOTENCY_KEY))
        .optional(),
    },
    because(PROBLEMS.notObject())
  )
  .superRefine((request, context) => {
    if (
      request.to === undefined &&
      request.clientId === undefined &&
      request.appointmentId === undefined
    )
      context.addIssue({ code: 'custom', path: ['to'], message: problemMessage(NO_RECIPIENT) });
  }, checkEvenIfFieldsFail)
  .superRefine(({ channel, body }, context) => {
    const problem = bodyLengthProblem(channel, body);
    if (problem)
      context.addIssue({ code: 'custom', path: ['body'], message: problemMessage(problem) });
  });

export type SendMessageInput = z.output<typeof sendMessageSchema>;
// the published request type and the schema describe the same body
({}) as SendMessageInput satisfies SendMessageRequest;

/** The request, with an `Idempotency-Key` header standing in for a key the body does not give. */
export function parseSendMessage(input: unknown, headerKey?: string): SendMessageInput {
  const withKey =
    headerKey !== undefined && isJsonObject(input) && input.idempotencyKey === undefined
      ? { ...input, idempotencyKey: headerKey }
      : input;
  return parseInput(sendMessageSchema, withKey);
}
