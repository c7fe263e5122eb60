import { errors } from '@strapi/utils';
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

/**
 * Every practice the user may act for with the route's action ('*': all):
 * for a view that shows what belongs to any of them (the Content Manager
 * list's bubbles, whose rows span the user's practices).
 */
export function practicesOf(ctx: RequestContext): readonly string[] | '*' {
  const state = ctx.state?.[ACTING_PRACTICE] as ActingPracticeState | undefined;
  if (!state) throw new Error('[messaging] this route has no acting-practice middleware');
  return state.access;
}

/**
 * A route across practices (the operator's page): 403 unless the user acts
 * for every practice with the route's action (a permission without "own
 * practice only"). A PolicyError, so Strapi keeps the reason (see
 * practices/middleware).
 */
export function assertActsForEveryPractice(ctx: RequestContext): void {
  const state = ctx.state?.[ACTING_PRACTICE] as ActingPracticeState | undefined;
  if (state?.access === '*') return;
  throw new errors.PolicyError(
    'this view covers every practice: it needs the permission without "own practice only"',
    {
      reason: {
        de: 'Diese Übersicht umfasst alle Praxen: dafür braucht es die Berechtigung ohne „Nur eigene Praxis“.',
        en: 'This overview covers every practice: it needs the permission without “own practice only”.',
      },
    }
  );
}
