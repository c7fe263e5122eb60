import { useIntl } from 'react-intl';
// The server's own formatter (pure, integer maths): the admin shows the same figures the ledger bills.
import { formatEuro } from '../../../server/src/billing/domain/costs';

/**
 * Money in the admin's language, from integer tenths of a cent, never through floats:
 * `euro(1234)` -> "1,23 €" (de) / "€1.23" (en); `unitPrice(15)` -> "1,5 ct" / "1.5 ct".
 */
export function useFormatMoney() {
  const { locale } = useIntl();
  const language = locale.toLowerCase().startsWith('de') ? 'de' : 'en';
  const decimal = language === 'de' ? ',' : '.';
  return {
    euro: (tenthCents: number) => formatEuro(tenthCents, language),
    unitPrice: (tenthCents: number) =>
      tenthCents % 10 === 0
        ? `${tenthCents / 10} ct`
        : `${Math.floor(tenthCents / 10)}${decimal}${tenthCents % 10} ct`,
  };
}

/** "12,50" or "12.5" -> 12500 tenths of a cent; "" -> null; anything else -> undefined (refused). */
export function parseEuros(text: string): number | null | undefined {
  const trimmed = text.trim().replace(/\s*(€|EUR)$/i, '');
  if (trimmed === '') return null;
  const match = /^(\d{1,6})(?:[.,](\d{1,2}))?$/.exec(trimmed); // up to 999 999 EUR, what the server accepts
  if (!match) return undefined;
  const value = Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(2, '0')) * 10;
  return value > 0 ? value : undefined;
}

/** 12500 -> "12,50" (the budget field's text); null -> "". */
export const eurosText = (tenthCents: number | null): string =>
  tenthCents === null
    ? ''
    : `${Math.floor(tenthCents / 1000)},${String(Math.floor((tenthCents % 1000) / 10)).padStart(2, '0')}`;

/**
 * A unit price as typed, in cents with at most one decimal ("8", "1,5",
 * "1.5 ct") -> tenths of a cent (80, 15); "" -> null (the standard price);
 * anything else, or more than 1000 ct, -> undefined (refused).
 */
export function parseCents(text: string): number | null | undefined {
  const trimmed = text.trim().replace(/\s*ct$/i, '');
  if (trimmed === '') return null;
  const match = /^(\d{1,4})(?:[.,](\d))?$/.exec(trimmed);
  if (!match) return undefined;
  const value = Number(match[1]) * 10 + Number(match[2] ?? '0');
  return value <= 10_000 ? value : undefined;
}

/** 15 -> "1,5" (a price field's text, German decimal comma); null -> "". */
export const centsText = (tenthCents: number | null): string =>
  tenthCents === null
    ? ''
    : tenthCents % 10 === 0
      ? String(tenthCents / 10)
      : `${Math.floor(tenthCents / 10)},${tenthCents % 10}`;
