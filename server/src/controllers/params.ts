import { FieldErrors } from '../validation/field-errors';

/** A numeric `:id` route parameter, or 400 naming it. */
export function idParam(ctx: any, what: string): number {
  const id = Number(ctx.params.id);
  if (!Number.isInteger(id) || id < 1) {
    const errors = new FieldErrors();
    errors.add('id', `must be a ${what} id`);
    errors.throwIfAny();
  }
  return id;
}
