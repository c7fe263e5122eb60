/**
 * Route middleware of every admin route (kernel/http/guarded): decides the
 * practice the request acts for before any controller reads or writes, from
 * `?practice=` and what the user may act for with the route's action
 * (services/practice-access.ts). A practice the user may not act for is a
 * 403, whatever else the request says; the controllers read the result
 * through kernel/http/practice's practiceOf().
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { RequestContext } from '../kernel/http/context';
import { actionId, type ActionUid } from '../constants';
import { getService } from '../kernel/get-service';
import { pluginConfig } from '../kernel/plugin-config';
import { refuse } from '../kernel/validation/schema';
import { PROBLEMS } from '../kernel/validation/problems';
import { isPracticeKey } from '../host/domain';
import { ACTING_PRACTICE, practiceOf, type ActingPracticeState } from '../kernel/http/practice';
import { actingPractice, mayActFor, type PracticeAccess } from './domain/acting';
import type { PracticeAccessUser } from '../kernel/config';

const BAD_PRACTICE = PROBLEMS.other(
  'bad-practice',
  'must be 1-63 letters, digits, "-" or "_"',
  'Die Praxis-Kennung besteht aus 1–63 Buchstaben, Ziffern, „-“ oder „_“.',
  'A practice key has 1-63 letters, digits, "-" or "_".'
);

/*
 * A PolicyError, not a plain ForbiddenError: Strapi's authorize step wraps
 * the route's middlewares and turns any other ForbiddenError into a bare
 * "Forbidden" without details (core compose-endpoint), and staff must read
 * why in their language.
 */

/** 403: the user may not act for this practice (or for none). */
export function forbiddenPractice(practice: string | undefined): never {
  throw new errors.PolicyError(
    practice
      ? `practice: you may not act for practice "${practice}"`
      : 'practice: you may act for no practice',
    {
      path: ['practice'],
      reason: practice
        ? {
            de: `Sie dürfen nicht für die Praxis „${practice}“ handeln.`,
            en: `You may not act for the practice "${practice}".`,
          }
        : {
            de: 'Ihr Konto ist keiner Praxis zugeordnet. Bitte wenden Sie sich an die Verwaltung der Plattform.',
            en: 'Your account belongs to no practice. Please ask the platform’s administrators.',
          },
    }
  );
}

/**
 * A second action a route needs once it knows what it acts on (cancelling a
 * job takes the permission of the job's kind): 403 unless the user has it
 * for the practice the request acts for.
 */
export async function assertMayAct(
  strapi: Core.Strapi,
  ctx: RequestContext,
  action: ActionUid
): Promise<void> {
  const user = ctx.state?.user as PracticeAccessUser | undefined;
  const practice = practiceOf(strapi, ctx);
  const ability = ctx.state?.userAbility as { can(action: string): boolean } | undefined;
  const access = user ? await getService(strapi, 'practice-access').forAction(user, action) : [];
  if (ability?.can(actionId(action)) && mayActFor(access, practice)) return;
  throw new errors.PolicyError(`this needs the permission ${actionId(action)}`, {
    reason: {
      de: 'Dafür fehlt Ihnen die Berechtigung.',
      en: 'You do not have the permission for this.',
    },
  });
}

export const actingPracticeMiddleware =
  (
    config: { action: ActionUid; record?: 'appointment' | 'client' },
    { strapi }: { strapi: Core.Strapi }
  ) =>
  async (ctx: RequestContext, next: () => Promise<void>) => {
    const requested = ctx.query?.practice;
    if (requested !== undefined && !isPracticeKey(requested)) refuse('practice', BAD_PRACTICE);
    const user = ctx.state?.user as PracticeAccessUser | undefined;
    const access: PracticeAccess = user
      ? await getService(strapi, 'practice-access').forAction(user, config.action)
      : [];
    const practice = actingPractice(
      requested as string | undefined,
      access,
      pluginConfig(strapi).defaultPractice
    );
    if (practice === null) forbiddenPractice(requested as string | undefined);
    // A record's panel is about that record: a user of several practices sees
    // it whichever practice the switcher shows. A record the user may not act
    // for is answered for the acting practice, i.e. 404 like a missing one.
    const documentId = ctx.params?.documentId;
    const own =
      config.record && typeof documentId === 'string'
        ? await getService(strapi, 'practice-access').practiceOfRecord(config.record, documentId)
        : null;
    const acting = own !== null && mayActFor(access, own) ? own : practice;
    ctx.state[ACTING_PRACTICE] = { practice: acting, access } satisfies ActingPracticeState;
    await next();
  };
