import type { RequestContext } from './context';
import { parseInput } from '../validation/schema';
import { idParamSchema } from '../validation/fields';
import type { Thing } from '../validation/problems';

/** A numeric `:id` route parameter (plain digits, within the id column's range), or 400 naming it. */
export function idParam(ctx: RequestContext, what: Thing): number {
  return parseInput(idParamSchema(what), ctx.params ?? {}).id;
}
