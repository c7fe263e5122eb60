/**
 * Money for messages, in integer tenths of a cent (never floating point).
 * SMS are billed per segment, Threema per message; the first units of each
 * channel in a calendar month are free; once uninvoiced charges exceed the
 * threshold an interim invoice is due. Pure: the callers read the month's
 * usage and the uninvoiced total from the ledger.
 */
import type { ChannelQuote } from '../../../../shared/contracts/bulk';
import type { PriceOverrides } from '../../../../shared/contracts/settings';

export type BilledChannel = 'sms' | 'threema';
export const BILLED_CHANNELS: readonly BilledChannel[] = ['sms', 'threema'];

export interface Tariff {
  unitPriceTenthCents: Record<BilledChannel, number>;
  freeUnitsPerMonth: Record<BilledChannel, number>;
  interimThresholdTenthCents: number;
}

/** One channel's share of a quote; the admin reads the same shape (shared/contracts/bulk.ts). */
export type { ChannelQuote };

export interface Quote {
  perChannel: Record<BilledChannel, ChannelQuote>;
  totalTenthCents: number;
  /** free units of the month still left before these messages */
  freeUnitsLeft: Record<BilledChannel, number>;
  /** uninvoiced charges after these messages */
  uninvoicedAfterTenthCents: number;
  /** true when these messages push the uninvoiced total over the threshold */
  interimInvoice: boolean;
}

/** Unit prices in tenths of a cent: an SMS segment, a Threema message. */
export interface Prices {
  smsTenthCents: number;
  threemaTenthCents: number;
}

export type { PriceOverrides };

/** The prices a practice pays: the operator's own for it where set, else the plugin config's. */
export function practicePrices(
  defaults: Prices,
  overrides: PriceOverrides | null | undefined
): Prices {
  return {
    smsTenthCents: overrides?.smsTenthCents ?? defaults.smsTenthCents,
    threemaTenthCents: overrides?.threemaTenthCents ?? defaults.threemaTenthCents,
  };
}

/** The same prices keyed by channel, as the tariff and quotes read them. */
export const unitPrices = (prices: Prices): Record<BilledChannel, number> => ({
  sms: prices.smsTenthCents,
  threema: prices.threemaTenthCents,
});

/** What one message costs at a practice's prices: SMS per segment, Threema per message, e-mail nothing. */
export function estimateCostTenthCents(
  prices: Prices,
  channel: 'sms' | 'threema' | 'email',
  segments: number
): number {
  if (channel === 'sms') return segments * prices.smsTenthCents;
  if (channel === 'threema') return prices.threemaTenthCents;
  return 0;
}

/** More than the threshold (not equal to it) makes an interim invoice due. */

export const interimInvoiceDue = (
  uninvoicedTenthCents: number,
  thresholdTenthCents: number
): boolean => uninvoicedTenthCents > thresholdTenthCents;

/** The cost of `units` more units per channel, given what the month has used and what is not invoiced yet. */
export function quote(
  units: Record<BilledChannel, number>,
  usedThisMonth: Record<BilledChannel, number>,
  uninvoicedTenthCents: number,
  tariff: Tariff
): Quote {
  const perChannel = {} as Record<BilledChannel, ChannelQuote>;
  const freeUnitsLeft = {} as Record<BilledChannel, number>;
  let total = 0;
  for (const channel of BILLED_CHANNELS) {
    const left = Math.max(0, tariff.freeUnitsPerMonth[channel] - usedThisMonth[channel]);
    const freeUnits = Math.min(left, units[channel]);
    const billedUnits = units[channel] - freeUnits;
    const amount = billedUnits * tariff.unitPriceTenthCents[channel];
    perChannel[channel] = {
      units: units[channel],
      freeUnits,
      billedUnits,
      unitPriceTenthCents: tariff.unitPriceTenthCents[channel],
      amountTenthCents: amount,
    };
    freeUnitsLeft[channel] = left;
    total += amount;
  }
  const uninvoicedAfter = uninvoicedTenthCents + total;
  return {
    perChannel,
    totalTenthCents: total,
    freeUnitsLeft,
    uninvoicedAfterTenthCents: uninvoicedAfter,
    interimInvoice:
      !interimInvoiceDue(uninvoicedTenthCents, tariff.interimThresholdTenthCents) &&
      interimInvoiceDue(uninvoicedAfter, tariff.interimThresholdTenthCents),
  };
}

/** 1234 tenths of a cent -> "1,23 €" / "€1.23" (rounded half up to the cent only for display). */
export function formatEuro(tenthCents: number, locale: 'de' | 'en' = 'de'): string {
  const cents = Math.floor((tenthCents + 5) / 10);
  const euros = Math.floor(cents / 100);
  const rest = String(cents % 100).padStart(2, '0');
  return locale === 'de' ? `${euros},${rest} €` : `€${euros}.${rest}`;
}
