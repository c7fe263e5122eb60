import type { RequestContext } from './context';
import type { Core } from '@strapi/strapi';
import { pluginConfig } from '../plugin-config';
import { refuse } from '../validation/schema';
import { PROBLEMS } from '../validation/problems';

const PRACTICE_KEY = /^[a-z0-9][a-z0-9_-]{0,62}$/i;

/**
 * The practice a request acts for: `?practice=` or the configured default.
 * One Strapi may host several practices; which admin may act for which
 * practice is the host platform's concern (see README).
 */
export function practiceOf(strapi: Core.Strapi, ctx: RequestContext): string {
  const requested = ctx.query?.practice;
  if (requested === undefined) return pluginConfig(strapi).defaultPractice;
  if (typeof requested === 'string' && PRACTICE_KEY.test(requested)) return requested;
  refuse(
    'practice',
    PROBLEMS.other(
      'bad-practice',
      'must be 1-63 letters, digits, "-" or "_"',
      'Die Praxis-Kennung besteht aus 1–63 Buchstaben, Ziffern, „-“ oder „_“.',
      'A practice key has 1-63 letters, digits, "-" or "_".'
    )
  );
}
