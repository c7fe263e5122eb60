import type { Core } from '@strapi/strapi';
import type { RequestContext } from '../../kernel/http/context';
import { getService } from '../../kernel/get-service';
import { pluginConfig } from '../../kernel/plugin-config';
import type { PracticeAccessUser } from '../../kernel/config';
import { EVERY_PRACTICE, mayActFor } from '../domain/acting';

/** The practice switcher: the practices this user may act for, and which one a request without ?practice= acts for. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async mine(ctx: RequestContext) {
    const user = ctx.state.user as PracticeAccessUser;
    const access = getService(strapi, 'practice-access');
    const allowed = await access.forAnyAction(user);
    const known = await access.known();
    const practices =
      allowed === EVERY_PRACTICE
        ? known
        : allowed.map((key) => known.find((p) => p.key === key) ?? { key, name: key });
    const { defaultPractice } = pluginConfig(strapi);
    // each practice's unit prices: the live counter prices a text the way the ledger will
    const overrides = await getService(strapi, 'settings').priceOverrides();
    const costs = getService(strapi, 'costs');
    ctx.body = {
      data: {
        practices: practices.map((practice) => ({
          ...practice,
          unitPriceTenthCents: costs.tariff({ prices: overrides.get(practice.key) ?? null })
            .unitPriceTenthCents,
        })),
        everyPractice: allowed === EVERY_PRACTICE,
        defaultPractice: mayActFor(allowed, defaultPractice)
          ? defaultPractice
          : (practices[0]?.key ?? null),
      },
    };
  },
});
