import type { RequestContext } from './context';
import { FieldErrors } from '../validation/field-errors';
import { MAX_ID, wholeNumber } from '../validation/input-rules';
import { PROBLEMS, type Thing } from '../validation/problems';

/** A numeric `:id` route parameter (plain digits, within the id column's range), or 400 naming it. */
export function idParam(ctx: RequestContext, what: Thing): number {
  const id = wholeNumber(ctx.params.id, MAX_ID);
  if (id === null) {
    const errors = new FieldErrors();
    errors.add('id', PROBLEMS.idOf(what));
    errors.throwIfAny();
  }
  return id as number;
}
