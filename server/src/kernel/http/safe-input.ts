/**
 * Route middleware of every admin route: a NUL character or a lone UTF-16
 * surrogate anywhere in the query, the route parameters or the JSON body is
 * a 400 naming where, before any controller or database sees it.
 */
import type { RequestContext } from './context';
import { refuse } from '../validation/schema';
import { UNSAFE_TEXT_REASONS, unsafeTextIn } from '../validation/input-rules';

export const safeInput = () => async (ctx: RequestContext, next: () => Promise<void>) => {
  for (const [source, value] of [
    ['query', ctx.query],
    // the named parameters only: the router also keeps the whole matched path under "0"
    [
      'params',
      Object.fromEntries(Object.entries(ctx.params ?? {}).filter(([name]) => !/^\d+$/.test(name))),
    ],
    ['body', ctx.request?.body],
  ] as const) {
    const found = unsafeTextIn(value);
    if (found) refuse(found.path || source, UNSAFE_TEXT_REASONS[found.problem]);
  }
  await next();
};
