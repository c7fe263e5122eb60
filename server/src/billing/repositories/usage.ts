/**
 * Reads of the usage ledger and the invoices: what cost previews, the usage
 * page and the invoice API show. The billing pass writes through
 * repositories/ledger.ts.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';
import type { BilledChannel } from '../domain/costs';
import type { Invoice } from '../../../../shared/contracts/usage';
import { ambientTransaction, table, tableName } from '../../kernel/repositories/db';
import { invoiceFromDb } from './ledger';

/** One month and channel of the ledger, summed. */
export interface MonthChannelTotals {
  month: string;
  channel: BilledChannel;
  units: number;
  freeUnits: number;
  amountTenthCents: number;
}

/** A row of `.sum({ units, free, amount })` grouped by channel (drivers return sums as strings). */
const summed = (row: Record<string, unknown>) => ({
  channel: row.channel as BilledChannel,
  units: Number(row.units ?? 0),
  freeUnits: Number(row.free ?? 0),
  amountTenthCents: Number(row.amount ?? 0),
});

export const usageRepository = (strapi: Core.Strapi) => {
  const name = tableName(strapi, UID.charge);
  // knex builders are thenable: build them only after awaiting the transaction, never return one from an async function
  const tx = () => ambientTransaction(strapi);
  return {
    /** units charged per channel in `month` ("YYYY-MM", practice time zone) */
    async unitsInMonth(practice: string, month: string): Promise<Record<BilledChannel, number>> {
      const rows = await table(strapi, name, await tx())
        .select('channel')
        .sum({ units: 'units' })
        .where({ practice, month })
        .groupBy('channel');
      const out: Record<BilledChannel, number> = { sms: 0, threema: 0 };
      for (const row of rows as Array<{ channel: BilledChannel; units: unknown }>)
        out[row.channel] = Number(row.units ?? 0);
      return out;
    },
    async uninvoicedTenthCents(practice: string): Promise<number> {
      const [row] = await table(strapi, name, await tx())
        .sum({ total: 'amount_tenth_cents' })
        .where({ practice })
        .whereNull('invoice_id');
      return Number((row as { total: unknown })?.total ?? 0);
    },

    /** Sums per month and channel for months `from`..`to` ("YYYY-MM", inclusive). */
    async totalsByMonth(practice: string, from: string, to: string): Promise<MonthChannelTotals[]> {
      const rows = await table(strapi, name, await tx())
        .select('month', 'channel')
        .sum({ units: 'units', free: 'free_units', amount: 'amount_tenth_cents' })
        .where({ practice })
        .andWhere('month', '>=', from)
        .andWhere('month', '<=', to)
        .groupBy('month', 'channel');
      return (rows as Array<Record<string, unknown>>).map((row) => ({
        month: String(row.month),
        ...summed(row),
      }));
    },

    /** Practices with something to bill: sends waiting for the ledger, or uninvoiced charges. */
    async practicesToBill(): Promise<string[]> {
      const trx = await tx();
      const fromMessages = await table(strapi, tableName(strapi, UID.message), trx)
        .distinct('practice')
        .where({ charge_state: 'pending' });
      const fromCharges = await table(strapi, name, trx)
        .distinct('practice')
        .whereNull('invoice_id');
      return [
        ...new Set(
          [...fromMessages, ...fromCharges].map((row: { practice: string }) => row.practice)
        ),
      ];
    },

    /** A page of the practice's invoices, newest first, and how many there are. */
    async invoices(
      practice: string,
      page: number,
      pageSize: number
    ): Promise<{ rows: Invoice[]; total: number }> {
      const invoices = tableName(strapi, UID.invoice);
      const trx = await tx();
      const [count] = await table(strapi, invoices, trx).where({ practice }).count({ n: '*' });
      const rows = await table(strapi, invoices, trx)
        .where({ practice })
        .orderBy([
          { column: 'issued_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      return { rows: rows.map(invoiceFromDb), total: Number((count as { n: unknown }).n) };
    },

    async invoice(practice: string, id: number): Promise<Invoice | null> {
      const row = await table(strapi, tableName(strapi, UID.invoice), await tx())
        .where({ practice, id })
        .first();
      return row ? invoiceFromDb(row) : null;
    },

    /** Every practice's month per channel, summed in one query (the operator's page). */
    async monthTotalsOfAllPractices(
      month: string
    ): Promise<Array<{ practice: string } & Omit<MonthChannelTotals, 'month'>>> {
      const rows = await table(strapi, name, await tx())
        .select('practice', 'channel')
        .sum({ units: 'units', free: 'free_units', amount: 'amount_tenth_cents' })
        .where({ month })
        .groupBy('practice', 'channel');
      return (rows as Array<Record<string, unknown>>).map((row) => ({
        practice: String(row.practice),
        ...summed(row),
      }));
    },

    /** Every practice's charges not invoiced yet, per channel, in one query. */
    async uninvoicedOfAllPractices(): Promise<
      Array<{ practice: string; channel: BilledChannel; amountTenthCents: number }>
    > {
      const rows = await table(strapi, name, await tx())
        .select('practice', 'channel')
        .sum({ amount: 'amount_tenth_cents' })
        .whereNull('invoice_id')
        .groupBy('practice', 'channel');
      return (rows as Array<Record<string, unknown>>).map((row) => ({
        practice: String(row.practice),
        channel: row.channel as BilledChannel,
        amountTenthCents: Number(row.amount ?? 0),
      }));
    },

    /** The invoices of every practice issued in [from, to), oldest first. */
    async invoicesIssuedBetween(from: Date, to: Date): Promise<Invoice[]> {
      const rows = await table(strapi, tableName(strapi, UID.invoice), await tx())
        .where('issued_at', '>=', from)
        .andWhere('issued_at', '<', to)
        .orderBy([
          { column: 'issued_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]);
      return rows.map(invoiceFromDb);
    },
  };
};
