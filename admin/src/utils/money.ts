import { useIntl } from 'react-intl';
// The server's own formatter (pure, integer maths): the admin shows the same figures the ledger bills.
import { formatEuro } from '../../../server/src/domain/costs';

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
      tenthCents % 10 === 0 ? `${tenthCents / 10} ct` : `${Math.floor(tenthCents / 10)}${decimal}${tenthCents % 10} ct`,
  };
}
