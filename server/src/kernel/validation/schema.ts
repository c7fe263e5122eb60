/**
 * Input checked against a zod schema (Strapi's own zod, through
 * `validateZodSchema`), answered in the plugin's 400 shape: each problem
 * names its field (`path`), a `code` and a `reason` in German and English.
 *
 * zod words an issue as one string, so a schema says which Problem an issue
 * is with `because(problem)`: the Problem travels in the issue's message and
 * `parseInput` turns it back into a field error. A schema part without
 * `because` falls back to `PROBLEMS.invalid()`, so no zod sentence (English
 * only) ever reaches staff.
 */
import { errors, validateZodSchema, z } from '@strapi/utils';
import { FieldErrors } from './field-errors';
import { PROBLEMS, type Problem } from './problems';
import { isJsonObject } from '../../../../shared/json';

export { isJsonObject };

export { z };

const MARK = 'messaging-problem:';

interface Encoded {
  problem: Problem;
  /** the keys an "unknown key" issue is about: each becomes a field error of its own */
  keys?: string[];
}

type Issue = { code?: string; keys?: string[]; input?: unknown };

/** The issue message that carries `problem` (for `context.addIssue` in a transform). */
export const problemMessage = (problem: Problem, keys?: string[]) =>
  MARK + JSON.stringify({ problem, keys } satisfies Encoded);

/**
 * zod's `error` option (for a schema, a check or a refinement): issues of
 * that part are `problem`. A function chooses by the issue, e.g. unknown
 * keys versus a body that is no object.
 */
export function because(problem: Problem | ((issue: Issue) => Problem)) {
  return {
    error: (issue: Issue) =>
      problemMessage(
        typeof problem === 'function' ? problem(issue) : problem,
        issue.code === 'unrecognized_keys' ? issue.keys : undefined
      ),
  };
}

/**
 * For an object-level check (`superRefine(check, checkEvenIfFieldsFail)`):
 * zod skips such checks once a field has failed, but a rule across fields
 * (exactly one choice, days in the past) belongs in the same answer. Not for
 * a body that is no object: that is one problem under "body" on its own.
 */
export const checkEvenIfFieldsFail = {
  when: ({ value }: { value: unknown }) => isJsonObject(value),
};

/**
 * An object of known keys only (a typo is refused, not silently dropped):
 * unknown keys are `unknown`, anything but an object is `PROBLEMS.notObject()`
 * under the field `body`.
 */
export function strictBody<Shape extends z.ZodRawShape>(shape: Shape, unknown: Problem) {
  return z.strictObject(
    shape,
    because((issue) => (issue.code === 'unrecognized_keys' ? unknown : PROBLEMS.notObject()))
  );
}

function decode(message: string): Encoded {
  if (!message.startsWith(MARK)) return { problem: PROBLEMS.invalid() };
  return JSON.parse(message.slice(MARK.length)) as Encoded;
}

/**
 * The parsed value, or one ValidationError naming every bad field. Unknown
 * keys come first: a typo usually explains the rest.
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown
): z.output<Schema> {
  try {
    return validateZodSchema(schema)(input) as z.output<Schema>;
  } catch (error) {
    if (!(error instanceof errors.ValidationError)) throw error;
    const issues = (
      (error.details as { errors?: { path: string[]; message: string }[] }).errors ?? []
    ).map((issue) => ({ path: issue.path, ...decode(issue.message) }));
    const fields = new FieldErrors();
    for (const issue of issues.filter((item) => item.keys))
      for (const key of issue.keys!) fields.add([...issue.path, key].join('.'), issue.problem);
    for (const issue of issues.filter((item) => !item.keys))
      fields.add(issue.path.length > 0 ? issue.path.join('.') : 'body', issue.problem);
    fields.throwIfAny();
    throw error;
  }
}

/**
 * A refusal found after parsing (an id that names nothing, nobody
 * reachable): the same 400 shape, for one field.
 */
export function refuse(field: string, problem: Problem): never {
  refuseAny([[field, problem]]);
  throw new Error('unreachable: refuseAny has thrown');
}

/** Several fields found wrong together after parsing: one 400 naming each; nothing when the list is empty. */
export function refuseAny(problems: readonly (readonly [field: string, problem: Problem])[]): void {
  const fields = new FieldErrors();
  for (const [field, problem] of problems) fields.add(field, problem);
  fields.throwIfAny();
}
