/**
 * Reads of the usage ledger (`charge` rows) that cost previews need: units
 * used in a month per channel, and what is not invoiced yet.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import type { BilledChannel } from '../domain/costs';
import { ambientTransaction, table, tableName } from './db';

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
  };
};
