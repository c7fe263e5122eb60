/**
 * Cost previews from the ledger: what N more units per channel would cost
 * this month, with the free quota and the interim-invoice threshold.
 */
import type { Core } from '@strapi/strapi';
import {
  practicePrices,
  quote,
  unitPrices,
  type BilledChannel,
  type Prices,
  type Quote,
  type Tariff,
} from '../domain/costs';
import type { PracticeSettings } from '../../../../shared/contracts/settings';
import { monthOf } from '../domain/billing';
import { usageRepository } from '../repositories/usage';
import { pluginConfig } from '../../kernel/plugin-config';

export const costsService = (strapi: Core.Strapi) => {
  const config = pluginConfig(strapi);
  /** What this practice pays per unit: the operator's prices for it, else the config's. */
  const prices = (settings: { prices: PracticeSettings['prices'] | null }): Prices =>
    practicePrices(config.prices, settings.prices);
  const tariff = (settings: { prices: PracticeSettings['prices'] | null }): Tariff => ({
    unitPriceTenthCents: unitPrices(prices(settings)),
    freeUnitsPerMonth: config.billing.freeUnitsPerMonth,
    interimThresholdTenthCents: config.billing.interimThresholdTenthCents,
  });
  return {
    prices,
    tariff,
    /** "YYYY-MM" of `at` in the practice's time zone: the month a charge belongs to */
    monthOf,
    async quote(
      practice: string,
      units: Record<BilledChannel, number>,
      settings: Pick<PracticeSettings, 'prices' | 'timeZone'>,
      now = new Date()
    ): Promise<Quote> {
      const usage = usageRepository(strapi);
      const [used, uninvoiced] = await Promise.all([
        usage.unitsInMonth(practice, monthOf(now, settings.timeZone)),
        usage.uninvoicedTenthCents(practice),
      ]);
      return quote(units, used, uninvoiced, tariff(settings));
    },
  };
};
