import type { RequestContext } from './context';

/** Where the admin routes' middleware (practices/middleware.ts) leaves the practice a request acts for. */
export const ACTING_PRACTICE = 'messagingPractice';

export interface ActingPracticeState {
  practice: string;
  /** what the user may act for with the route's action: practice keys or '*' */
  access: readonly string[] | '*';
}

/**
 * The practice a request acts for, as the route's middleware decided it
 * from `?practice=` and the user's access (403 before the controller runs
 * when the user may not act for it). A route without that middleware has no
 * practice: a programming error, not a default.
 */
export function practiceOf(_strapi: unknown, ctx: RequestContext): string {
  const state = ctx.state?.[ACTING_PRACTICE] as ActingPracticeState | undefined;
  if (!state) throw new Error('[messaging] this route has no acting-practice middleware');
  return state.practice;
}
