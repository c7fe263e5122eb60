/**
 * Usage and invoices: the answer shapes of GET /messaging/usage and
 * /messaging/invoices, as the server builds them (server/src/billing/services/billing.ts).
 * Money is in integer tenths of a cent; invoice totals also in whole cents.
 */
import type { PriceOverrides } from './settings';

export type BillingPeriod = 'monthly' | 'yearly';
export type BilledChannelName = 'sms' | 'threema';

export interface ChannelUsage {
  units: number;
  freeUnits: number;
  billedUnits: number;
  amountTenthCents: number;
}

export interface MonthUsage {
  /** "YYYY-MM" in the practice's time zone */
  month: string;
  sms: ChannelUsage;
  threema: ChannelUsage;
  totalTenthCents: number;
}

export interface UsageResponse {
  data: {
    practice: string;
    timeZone: string;
    from: string;
    to: string;
    /** every month from `from` to `to`, oldest first, zeros where nothing was sent */
    months: MonthUsage[];
    currentMonth: MonthUsage & { freeUnitsLeft: Record<BilledChannelName, number> };
    uninvoicedTenthCents: number;
    interimThresholdTenthCents: number;
    unitPriceTenthCents: Record<BilledChannelName, number>;
    freeUnitsPerMonth: Record<BilledChannelName, number>;
    billingPeriod: BillingPeriod;
    budget: {
      monthlyTenthCents: number | null;
      spentTenthCents: number;
      /** 80: warn, 100: reached */
      level: 0 | 80 | 100;
    };
  };
}

export interface InvoiceLine {
  channel: BilledChannelName;
  unitPriceTenthCents: number;
  units: number;
  freeUnits: number;
  billedUnits: number;
  /** exact */
  amountTenthCents: number;
  /** rounded half up to the cent, what the invoice charges */
  amountCents: number;
}

export interface Invoice {
  id: number;
  number: string;
  kind: 'regular' | 'interim';
  practice: string;
  /** "YYYY-MM-DD" in the practice's calendar */
  periodStart: string | null;
  periodEnd: string | null;
  issuedAt: string;
  lines: InvoiceLine[];
  totalTenthCents: number;
  totalCents: number;
  charges: number;
}

export interface InvoiceListResponse {
  data: Invoice[];
  pagination: { page: number; pageSize: number; total: number };
}

/** One channel of one practice on the operator's page. */
export interface OperatorChannel {
  units: number;
  freeUnits: number;
  billedUnits: number;
  amountTenthCents: number;
  uninvoicedTenthCents: number;
}

/** One practice and channel of a billing run: what its invoices of the month add up to. */
export interface BillingRunLine {
  practice: string;
  name: string;
  channel: 'sms' | 'threema';
  invoices: string[];
  units: number;
  freeUnits: number;
  billedUnits: number;
  amountTenthCents: number;
  amountCents: number;
}

/** GET /operator/usage?month=YYYY-MM: every practice's month, and the month's billing run. */
/** PUT /operator/practices/:practice/prices: a price in tenths of a cent, or null for the plugin's */
export type SetPricesRequest = Partial<PriceOverrides>;
export interface SetPricesResponse {
  data: {
    practice: string;
    priceOverrides: PriceOverrides;
    unitPriceTenthCents: Record<'sms' | 'threema', number>;
  };
}

export interface OperatorOverviewResponse {
  data: {
    month: string;
    timeZone: string;
    unitPriceTenthCents: Record<'sms' | 'threema', number>;
    freeUnitsPerMonth: Record<'sms' | 'threema', number>;
    practices: {
      practice: string;
      name: string;
      /** what this practice pays per unit now: its own prices where set, else the plugin's */
      unitPriceTenthCents: Record<'sms' | 'threema', number>;
      /** what the operator set for it; null: the plugin's price */
      priceOverrides: PriceOverrides;
      channels: Record<'sms' | 'threema', OperatorChannel>;
      totalTenthCents: number;
      uninvoicedTenthCents: number;
    }[];
    invoices: (Invoice & { practiceName: string })[];
    billingRun: BillingRunLine[];
  };
}
