/**
 * The usage ledger's writes and the invoices: charges are inserted once per
 * accepted message and never changed except for the invoice they end up on;
 * invoices are inserted and never changed. Every write here runs inside the
 * billing transaction of services/billing.ts, while it holds the practice's billing lock (leases.holdUntilCommit).
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';
import type { BilledChannel } from '../domain/costs';
import { unitsOf, type AcceptedMessage, type InvoiceLine, type NewCharge } from '../domain/billing';
import {
  dialectOf,
  fromJson,
  newDocumentId,
  table,
  tableName,
  toDate,
  type Knex,
} from '../../kernel/repositories/db';
import type { Invoice } from '../../../../shared/contracts/usage';

const CHUNK = 500;

export interface ChargeTotals {
  channel: BilledChannel;
  unitPriceTenthCents: number;
  units: number;
  freeUnits: number;
  amountTenthCents: number;
}

export interface NewInvoice {
  practice: string;
  number: string;
  kind: 'regular' | 'interim';
  periodStart: string | null;
  periodEnd: string | null;
  lines: InvoiceLine[];
  totalTenthCents: number;
  totalCents: number;
  chargeCount: number;
  issuedAt: Date;
}

/** Which uninvoiced charges an invoice takes: all of them (interim) or those of months before `beforeMonth` (regular). */
export type ChargeSelection = { practice: string; beforeMonth?: string };

export function invoiceFromDb(raw: Record<string, any>): Invoice {
  const date = (value: unknown) => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return value.slice(0, 10);
    const parsed = toDate(value);
    // DATE columns come back as local midnight from pg/mysql drivers
    return parsed
      ? `${parsed.getFullYear()}-${String(parsed.getMonth() + 1).padStart(2, '0')}-${String(parsed.getDate()).padStart(2, '0')}`
      : null;
  };
  return {
    id: Number(raw.id),
    number: raw.number,
    kind: raw.kind,
    practice: raw.practice,
    periodStart: date(raw.period_start),
    periodEnd: date(raw.period_end),
    issuedAt: (toDate(raw.issued_at) ?? new Date(0)).toISOString(),
    lines: fromJson<InvoiceLine[]>(raw.lines, []),
    totalTenthCents: Number(raw.total_tenth_cents),
    totalCents: Number(raw.total_cents),
    charges: Number(raw.charge_count),
  };
}

export const ledgerRepository = (strapi: Core.Strapi, trx: Knex) => {
  const charges = tableName(strapi, UID.charge);
  const invoices = tableName(strapi, UID.invoice);
  const messages = tableName(strapi, UID.message);
  const t = (name: string) => table(strapi, name, trx);

  const uninvoiced = (selection: ChargeSelection) => {
    const query = t(charges).where({ practice: selection.practice }).whereNull('invoice_id');
    return selection.beforeMonth ? query.andWhere('month', '<', selection.beforeMonth) : query;
  };

  return {
    /** Accepted sends of the practice not in the ledger yet, oldest first. */
    async pendingMessages(
      practice: string,
      limit: number
    ): Promise<(AcceptedMessage & { charged: boolean })[]> {
      // With a flag for those already in the ledger: a repeated "pending" must not use free units twice.
      const rows = await t(messages)
        .select(
          `${messages}.id`,
          `${messages}.channel`,
          'segments',
          'sent_at',
          `${messages}.updated_at`,
          { charge_id: `${charges}.id` }
        )
        .leftJoin(charges, `${charges}.message_id`, `${messages}.id`)
        .where({ [`${messages}.practice`]: practice, charge_state: 'pending' })
        .orderBy(`${messages}.id`)
        .limit(limit);
      return rows.map((row: Record<string, unknown>) => {
        const channel = row.channel as BilledChannel;
        return {
          messageId: Number(row.id),
          channel,
          units: unitsOf(channel, row.segments as number | null),
          acceptedAt: toDate(row.sent_at) ?? toDate(row.updated_at) ?? new Date(),
          charged: row.charge_id !== null && row.charge_id !== undefined,
        };
      });
    },

    /** Units charged per "month:channel" for these months. */
    async unitsByMonth(practice: string, months: string[]): Promise<Map<string, number>> {
      const used = new Map<string, number>();
      if (months.length === 0) return used;
      const rows = await t(charges)
        .select('month', 'channel')
        .sum({ units: 'units' })
        .where({ practice })
        .whereIn('month', months)
        .groupBy('month', 'channel');
      for (const row of rows as Array<{ month: string; channel: string; units: unknown }>)
        used.set(`${row.month}:${row.channel}`, Number(row.units ?? 0));
      return used;
    },

    async insertCharges(practice: string, rows: NewCharge[], now: Date): Promise<void> {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await t(charges)
          .insert(
            rows.slice(i, i + CHUNK).map((charge) => ({
              document_id: newDocumentId(),
              practice,
              message_id: charge.messageId,
              channel: charge.channel,
              units: charge.units,
              free_units: charge.freeUnits,
              unit_price_tenth_cents: charge.unitPriceTenthCents,
              amount_tenth_cents: charge.amountTenthCents,
              month: charge.month,
              accepted_at: charge.acceptedAt,
              created_at: now,
              updated_at: now,
              published_at: now,
            }))
          )
          .onConflict('message_id')
          .ignore();
      }
    },

    async markCharged(messageIds: number[]): Promise<void> {
      for (let i = 0; i < messageIds.length; i += CHUNK) {
        await t(messages)
          .whereIn('id', messageIds.slice(i, i + CHUNK))
          .update({ charge_state: 'charged' });
      }
    },

    async uninvoicedTotal(practice: string): Promise<number> {
      const [row] = await uninvoiced({ practice }).sum({ total: 'amount_tenth_cents' });
      return Number((row as { total: unknown })?.total ?? 0);
    },

    /** Months (ascending) that have uninvoiced charges. */
    async uninvoicedMonths(practice: string): Promise<string[]> {
      const rows = await uninvoiced({ practice }).distinct('month').orderBy('month');
      return rows.map((row: { month: string }) => row.month);
    },

    async earliestUninvoicedMonth(selection: ChargeSelection): Promise<string | null> {
      const [row] = await uninvoiced(selection).min({ month: 'month' });
      return (row as { month: string | null })?.month ?? null;
    },

    /** Totals per channel and unit price of the selected uninvoiced charges, and how many there are. */
    async totalsOf(selection: ChargeSelection): Promise<{ totals: ChargeTotals[]; count: number }> {
      const rows = await uninvoiced(selection)
        .select('channel', 'unit_price_tenth_cents')
        .sum({ units: 'units', free: 'free_units', amount: 'amount_tenth_cents' })
        .count({ n: '*' })
        .groupBy('channel', 'unit_price_tenth_cents');
      let count = 0;
      const totals = (rows as Array<Record<string, unknown>>).map((row) => {
        count += Number(row.n);
        return {
          channel: row.channel as BilledChannel,
          unitPriceTenthCents: Number(row.unit_price_tenth_cents),
          units: Number(row.units ?? 0),
          freeUnits: Number(row.free ?? 0),
          amountTenthCents: Number(row.amount ?? 0),
        };
      });
      return { totals, count };
    },

    /** Running number of this practice's invoices in `year`. */
    async invoicesInYear(practice: string, year: number): Promise<number> {
      const [row] = await t(invoices)
        .where({ practice })
        .andWhere('number', 'like', `MSG-${year}-%`)
        .count({ n: '*' });
      return Number((row as { n: unknown }).n);
    },

    /** Inserts the invoice and puts the selected charges on it; returns the invoice. */
    async issue(invoice: NewInvoice, selection: ChargeSelection): Promise<Invoice> {
      const row = {
        document_id: newDocumentId(),
        practice: invoice.practice,
        number: invoice.number,
        kind: invoice.kind,
        period_start: invoice.periodStart,
        period_end: invoice.periodEnd,
        lines: JSON.stringify(invoice.lines),
        total_tenth_cents: invoice.totalTenthCents,
        total_cents: invoice.totalCents,
        charge_count: invoice.chargeCount,
        issued_at: invoice.issuedAt,
        created_at: invoice.issuedAt,
        updated_at: invoice.issuedAt,
        published_at: invoice.issuedAt,
      };
      const inserted =
        dialectOf(strapi) === 'postgres'
          ? await t(invoices).insert(row).returning('id')
          : await t(invoices).insert(row);
      const first = inserted[0] as unknown;
      const id = Number(
        typeof first === 'object' && first !== null ? (first as { id: unknown }).id : first
      );
      const assigned = await uninvoiced(selection).update({ invoice_id: id });
      if (Number(assigned) !== invoice.chargeCount)
        throw new Error(
          `invoice ${invoice.number}: expected ${invoice.chargeCount} charges, assigned ${assigned}`
        );
      return invoiceFromDb({ ...row, id, lines: invoice.lines });
    },

    /** Billed amount of one month (for the budget). */
    async amountInMonth(practice: string, month: string): Promise<number> {
      const [row] = await t(charges)
        .where({ practice, month })
        .sum({ total: 'amount_tenth_cents' });
      return Number((row as { total: unknown })?.total ?? 0);
    },
  };
};
