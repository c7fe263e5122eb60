/**
 * The billing rules, pure: how accepted messages become charges (free units
 * first, per channel and calendar month in the practice's time zone), which
 * billing periods are over, what an invoice's lines and totals are, when an
 * interim invoice is due and how far the month's budget is spent.
 *
 * Money is integer tenths of a cent throughout (an SMS segment costs 100, a
 * Threema message 15). Rounding to whole cents happens once, per invoice
 * line, half up ("kaufmännisch"); the exact tenths stay on the invoice.
 */
import { DateTime } from 'luxon';
import { BILLED_CHANNELS, interimInvoiceDue, type BilledChannel, type Tariff } from './costs';
import type {
  BillingPeriod,
  BillingRunLine,
  InvoiceLine,
} from '../../../../shared/contracts/usage';

export type { BillingPeriod, InvoiceLine };

/** A message the provider accepted and that is not charged yet. */
export interface AcceptedMessage {
  messageId: number;
  channel: BilledChannel;
  /** SMS segments; a Threema message is one unit whatever its length */
  units: number;
  acceptedAt: Date;
}

/** One row of the ledger, as written (immutable). */
export interface NewCharge {
  messageId: number;
  channel: BilledChannel;
  units: number;
  freeUnits: number;
  unitPriceTenthCents: number;
  amountTenthCents: number;
  month: string;
  acceptedAt: Date;
}

/** "YYYY-MM" of `at` in `timeZone`: the month a charge belongs to. */
export function monthOf(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat('yyyy-MM');
}

/**
 * monthOf for many instants in one time zone: remembers the last month's
 * bounds, so a pass over thousands of sends of the same month asks the
 * time-zone database once instead of per message (luxon: ~25 µs a call).
 */
export function monthResolver(timeZone: string): (at: Date) => string {
  let start = 0;
  let end = -1;
  let month = '';
  return (at) => {
    const ms = at.getTime();
    if (ms >= start && ms < end) return month;
    const local = DateTime.fromMillis(ms, { zone: timeZone }).startOf('month');
    start = local.toMillis();
    end = local.plus({ months: 1 }).toMillis();
    month = local.toFormat('yyyy-MM');
    return month;
  };
}

/** The units a message costs: SMS per segment (at least one), Threema one per message. */
export function unitsOf(channel: BilledChannel, segments: number | null | undefined): number {
  if (channel === 'threema') return 1;
  return Math.max(1, Math.floor(Number(segments) || 1));
}

export const usageKey = (month: string, channel: BilledChannel) => `${month}:${channel}`;

/**
 * Prices accepted messages in the order the provider accepted them. `used`
 * holds the units already charged per month and channel (usageKey); a
 * message that only partly fits into the free units left is charged for the
 * rest. `used` is not changed.
 */
export function priceAccepted(
  accepted: readonly AcceptedMessage[],
  used: ReadonlyMap<string, number>,
  tariff: Tariff,
  timeZone: string
): NewCharge[] {
  const consumed = new Map(used);
  const monthAt = monthResolver(timeZone);
  const ordered = [...accepted].sort(
    (a, b) => a.acceptedAt.getTime() - b.acceptedAt.getTime() || a.messageId - b.messageId
  );
  return ordered.map((message) => {
    const month = monthAt(message.acceptedAt);
    const key = usageKey(month, message.channel);
    const before = consumed.get(key) ?? 0;
    consumed.set(key, before + message.units);
    const freeLeft = Math.max(0, tariff.freeUnitsPerMonth[message.channel] - before);
    const freeUnits = Math.min(freeLeft, message.units);
    const unitPriceTenthCents = tariff.unitPriceTenthCents[message.channel];
    return {
      messageId: message.messageId,
      channel: message.channel,
      units: message.units,
      freeUnits,
      unitPriceTenthCents,
      amountTenthCents: (message.units - freeUnits) * unitPriceTenthCents,
      month,
      acceptedAt: message.acceptedAt,
    };
  });
}

/** Tenths of a cent to whole cents, half up: 45 -> 5, 44 -> 4, 15 -> 2. */
export function roundToCents(tenthCents: number): number {
  return Math.floor((tenthCents + 5) / 10);
}

export { interimInvoiceDue };

/**
 * An invoice's lines: one per channel and unit price (a price change within
 * the period gives two lines), SMS and Threema always shown, each line
 * rounded to cents on its own; the total is the sum of the rounded lines, so
 * the invoice adds up as printed.
 */
export function invoiceLines(
  charges: readonly Omit<NewCharge, 'messageId' | 'month' | 'acceptedAt'>[],
  tariff: Pick<Tariff, 'unitPriceTenthCents'>
): { lines: InvoiceLine[]; totalTenthCents: number; totalCents: number } {
  const byKey = new Map<string, InvoiceLine>();
  for (const charge of charges) {
    const key = `${charge.channel}:${charge.unitPriceTenthCents}`;
    const line = byKey.get(key) ?? {
      channel: charge.channel,
      unitPriceTenthCents: charge.unitPriceTenthCents,
      units: 0,
      freeUnits: 0,
      billedUnits: 0,
      amountTenthCents: 0,
      amountCents: 0,
    };
    line.units += charge.units;
    line.freeUnits += charge.freeUnits;
    line.billedUnits += charge.units - charge.freeUnits;
    line.amountTenthCents += charge.amountTenthCents;
    byKey.set(key, line);
  }
  for (const channel of BILLED_CHANNELS) {
    if (![...byKey.values()].some((line) => line.channel === channel)) {
      byKey.set(`${channel}:none`, {
        channel,
        unitPriceTenthCents: tariff.unitPriceTenthCents[channel],
        units: 0,
        freeUnits: 0,
        billedUnits: 0,
        amountTenthCents: 0,
        amountCents: 0,
      });
    }
  }
  const lines = [...byKey.values()].sort(
    (a, b) =>
      BILLED_CHANNELS.indexOf(a.channel) - BILLED_CHANNELS.indexOf(b.channel) ||
      a.unitPriceTenthCents - b.unitPriceTenthCents
  );
  for (const line of lines) line.amountCents = roundToCents(line.amountTenthCents);
  return {
    lines,
    totalTenthCents: lines.reduce((sum, line) => sum + line.amountTenthCents, 0),
    totalCents: lines.reduce((sum, line) => sum + line.amountCents, 0),
  };
}

export interface Period {
  /** "2026-03" (monthly) or "2026" (yearly) */
  key: string;
  /** first and last day, "YYYY-MM-DD" in the practice's calendar */
  start: string;
  end: string;
  /** the month after the period, "YYYY-MM": charges of earlier months belong to it or before */
  firstMonthAfter: string;
}

/** The billing period a month ("YYYY-MM") falls into. */
export function periodOfMonth(month: string, period: BillingPeriod): Period {
  const first = DateTime.fromFormat(month, 'yyyy-MM', { zone: 'UTC' });
  const start = period === 'monthly' ? first.startOf('month') : first.startOf('year');
  const end = period === 'monthly' ? start.endOf('month') : start.endOf('year');
  return {
    key: period === 'monthly' ? start.toFormat('yyyy-MM') : start.toFormat('yyyy'),
    start: start.toISODate()!,
    end: end.toISODate()!,
    firstMonthAfter: end.plus({ days: 1 }).toFormat('yyyy-MM'),
  };
}

/**
 * The periods whose regular invoice is due at `now`, oldest first: those of
 * months with uninvoiced charges that ended (midnight in the practice's time
 * zone) at least `graceMs` ago. The grace lets a send accepted in the last
 * second of a period be charged before the period is invoiced.
 */
export function periodsDue(
  uninvoicedMonths: readonly string[],
  period: BillingPeriod,
  now: Date,
  timeZone: string,
  graceMs: number
): Period[] {
  const due = new Map<string, Period>();
  for (const month of uninvoicedMonths) {
    const candidate = periodOfMonth(month, period);
    const endsAt = DateTime.fromFormat(candidate.firstMonthAfter, 'yyyy-MM', {
      zone: timeZone,
    }).startOf('month');
    if (endsAt.toMillis() + graceMs <= now.getTime()) due.set(candidate.key, candidate);
  }
  return [...due.values()].sort((a, b) => a.start.localeCompare(b.start));
}

/** "MSG-2026-0007": the year of issue and a running number per practice and year. */
export function invoiceNumber(year: number, sequence: number): string {
  return `MSG-${year}-${String(sequence).padStart(4, '0')}`;
}

/** How much of the monthly budget is spent: 0, 80 (warn) or 100 (reached). No budget, no warning. */
export function budgetLevel(
  spentTenthCents: number,
  budgetTenthCents: number | null
): 0 | 80 | 100 {
  if (!budgetTenthCents || budgetTenthCents <= 0) return 0;
  if (spentTenthCents >= budgetTenthCents) return 100;
  if (spentTenthCents * 10 >= budgetTenthCents * 8) return 80;
  return 0;
}

/** Tenths of a cent as a plain decimal in euros for machines: 15 -> "0.015", 20100 -> "20.100". */
export function euroDecimal(tenthCents: number): string {
  const sign = tenthCents < 0 ? '-' : '';
  const abs = Math.abs(tenthCents);
  return `${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
}

/** Whole cents as euros: 2010 -> "20.10". */
export function centsDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export interface InvoiceForCsv {
  number: string;
  kind: 'regular' | 'interim';
  practice: string;
  periodStart: string | null;
  periodEnd: string | null;
  issuedAt: Date;
  lines: InvoiceLine[];
  totalTenthCents: number;
  totalCents: number;
}

const csvField = (value: string | number) => {
  const text = String(value);
  return /[",;\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * An invoice as CSV (RFC 4180, comma separated, dot decimals, UTF-8): one
 * row per line and a total row, each row repeating the invoice's head so any
 * spreadsheet filter keeps the context.
 */
export function invoiceCsv(invoice: InvoiceForCsv): string {
  const header = [
    'invoice',
    'kind',
    'practice',
    'issued_at',
    'period_start',
    'period_end',
    'channel',
    'units',
    'free_units',
    'billed_units',
    'unit_price_eur',
    'amount_exact_eur',
    'amount_eur',
  ];
  const head = [
    invoice.number,
    invoice.kind,
    invoice.practice,
    invoice.issuedAt.toISOString(),
    invoice.periodStart ?? '',
    invoice.periodEnd ?? '',
  ];
  const rows = invoice.lines.map((line) => [
    ...head,
    line.channel,
    line.units,
    line.freeUnits,
    line.billedUnits,
    euroDecimal(line.unitPriceTenthCents),
    euroDecimal(line.amountTenthCents),
    centsDecimal(line.amountCents),
  ]);
  const units = invoice.lines.reduce((sum, line) => sum + line.units, 0);
  const free = invoice.lines.reduce((sum, line) => sum + line.freeUnits, 0);
  rows.push([
    ...head,
    'total',
    units,
    free,
    units - free,
    '',
    euroDecimal(invoice.totalTenthCents),
    centsDecimal(invoice.totalCents),
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** One practice and channel of a billing run (the shape the operator's page reads). */
export type { BillingRunLine };

/**
 * The operator's billing run: every invoice issued in the month, one line
 * per practice and channel (practices by name, SMS before Threema), so the
 * platform bills each practice once per channel.
 */
export function billingRunLines(
  invoices: readonly InvoiceForCsv[],
  nameOf: (practice: string) => string
): BillingRunLine[] {
  const lines = new Map<string, BillingRunLine>();
  for (const invoice of invoices) {
    for (const line of invoice.lines) {
      const key = `${invoice.practice}\u0000${line.channel}`;
      const entry = lines.get(key) ?? {
        practice: invoice.practice,
        name: nameOf(invoice.practice),
        channel: line.channel as BillingRunLine['channel'],
        invoices: [],
        units: 0,
        freeUnits: 0,
        billedUnits: 0,
        amountTenthCents: 0,
        amountCents: 0,
      };
      if (!entry.invoices.includes(invoice.number)) entry.invoices.push(invoice.number);
      entry.units += line.units;
      entry.freeUnits += line.freeUnits;
      entry.billedUnits += line.billedUnits;
      entry.amountTenthCents += line.amountTenthCents;
      entry.amountCents += line.amountCents;
      lines.set(key, entry);
    }
  }
  return [...lines.values()].sort(
    (a, b) =>
      a.name.localeCompare(b.name, 'de') ||
      a.practice.localeCompare(b.practice) ||
      a.channel.localeCompare(b.channel)
  );
}

/** The billing run as CSV (RFC 4180, euros with a dot), one row per practice and channel. */
export function billingRunCsv(month: string, lines: readonly BillingRunLine[]): string {
  const header = [
    'month',
    'practice',
    'practice_name',
    'channel',
    'invoices',
    'units',
    'free_units',
    'billed_units',
    'amount_exact_eur',
    'amount_eur',
  ];
  const rows = lines.map((line) => [
    month,
    line.practice,
    line.name,
    line.channel,
    line.invoices.join(' '),
    line.units,
    line.freeUnits,
    line.billedUnits,
    euroDecimal(line.amountTenthCents),
    centsDecimal(line.amountCents),
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
