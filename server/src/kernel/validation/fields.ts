/**
 * The zod pieces the endpoints' schemas are built from, each worded by a
 * Problem (problems.ts) so a refusal reads the same on every endpoint: a
 * list of ids, a day or a moment, a text of at most n characters, paging.
 * The rules behind them (input-rules.ts) stay plain functions, so domain
 * code and the admin can use them without zod.
 */
import { because, problemMessage, z } from './schema';
import { PROBLEMS, type Problem, type Thing } from './problems';
import { MAX_ID, MAX_PAGE, dayOrTimestamp, wholeNumber } from './input-rules';

/** A non-empty list of ids (texts): record types, clients, appointments. */
export const idList = () =>
  z
    .array(z.string(because(PROBLEMS.idList())), because(PROBLEMS.idList()))
    .min(1, because(PROBLEMS.idList()));

/** "YYYY-MM-DD" (a real day) or an ISO timestamp whose date part is real; stays the text it was. */
export const dayOrTime = () =>
  z
    .string(because(PROBLEMS.dayOrTime()))
    .refine((value) => dayOrTimestamp(value) !== null, because(PROBLEMS.dayOrTime()));

/** A text of at most `limit` characters; `required` refuses one of only spaces. */
export function text(limit: number, { required = false } = {}) {
  const base = z.string(because(required ? PROBLEMS.emptyText() : PROBLEMS.notText()));
  const sized = base.refine(
    (value) => value.length <= limit,
    because((issue) => PROBLEMS.tooLong(String(issue.input ?? ''), limit))
  );
  return required
    ? sized.refine((value) => value.trim() !== '', because(PROBLEMS.emptyText()))
    : sized;
}

/** One of `values`, worded as the list of them. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, because(PROBLEMS.oneOf(values)));

/**
 * A whole number from 1 to `max`, as plain digits in a query or a number in
 * a body (`1e3` is refused); missing or empty is `fallback` where one is given.
 */
export function wholeNumberOf(
  max: number,
  problem: Problem = PROBLEMS.wholeNumber(1, max),
  fallback?: number
) {
  return z
    .unknown()
    .optional()
    .transform((raw, context) => {
      if (fallback !== undefined && (raw === undefined || raw === '')) return fallback;
      const value = wholeNumber(raw, max);
      if (value !== null) return value;
      context.addIssue({ code: 'custom', message: problemMessage(problem), input: raw });
      return z.NEVER;
    });
}

/** A numeric `:id` route parameter of a `thing`. */
export const idParamSchema = (thing: Thing) =>
  z.object({ id: wholeNumberOf(MAX_ID, PROBLEMS.idOf(thing)) });

/**
 * `page` and `pageSize` of a list request; empty or missing takes the
 * default. Other query keys are left to the endpoint.
 */
export const pagingSchema = (defaults = { pageSize: 25, maxPageSize: 100 }) =>
  z.object({
    page: wholeNumberOf(MAX_PAGE, undefined, 1),
    pageSize: wholeNumberOf(defaults.maxPageSize, undefined, defaults.pageSize),
  });

/**
 * A query parameter given once (`?a=1&a=2` arrives as a list and is
 * refused); empty or missing is undefined. `limit` cuts a search text.
 */
export const queryText = (limit?: number) =>
  z
    .string(because(PROBLEMS.once()))
    .optional()
    .transform((value) =>
      value === undefined || value === '' ? undefined : limit ? value.slice(0, limit) : value
    );

/** A query choice given once: one of `values`, or undefined when empty or missing. */
export const queryChoice = <const T extends readonly [string, ...string[]]>(values: T) =>
  queryText().pipe(z.enum(values, because(PROBLEMS.oneOf(values))).optional());

/** A query day or moment given once ("YYYY-MM-DD" or ISO), as the text; undefined when empty. */
export const queryDayOrTime = () => queryText().pipe(dayOrTime().optional());

/** A month "YYYY-MM" in a query; undefined when empty or missing. */
export const queryMonth = () =>
  queryText().pipe(
    z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, because(PROBLEMS.month()))
      .optional()
  );
