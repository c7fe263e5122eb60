/**
 * Cost previews from the ledger: what N more units per channel would cost
 * this month, with the free quota and the interim-invoice threshold.
 */
import type { Core } from '@strapi/strapi';
import { quote, type BilledChannel, type Quote, type Tariff } from '../domain/costs';
import { monthOf } from '../domain/billing';
import { usageRepository } from '../repositories/usage';
import { pluginConfig } from '../../kernel/plugin-config';

export const costsService = (strapi: Core.Strapi) => {
  const config = pluginConfig(strapi);
  const tariff = (): Tariff => ({
    unitPriceTenthCents: {
      sms: config.prices.smsTenthCents,
      threema: config.prices.threemaTenthCents,
    },
    freeUnitsPerMonth: config.billing.freeUnitsPerMonth,
    interimThresholdTenthCents: config.billing.interimThresholdTenthCents,
  });
  return {
    tariff,
    /** "YYYY-MM" of `at` in the practice's time zone: the month a charge belongs to */
    monthOf,
    async quote(
      practice: string,
      units: Record<BilledChannel, number>,
      timeZone: string,
      now = new Date()
    ): Promise<Quote> {
      const usage = usageRepository(strapi);
      const [used, uninvoiced] = await Promise.all([
        usage.unitsInMonth(practice, monthOf(now, timeZone)),
        usage.uninvoicedTenthCents(practice),
      ]);
      return quote(units, used, uninvoiced, tariff());
    },
  };
};
