/**
 * Turns accepted sends into charges and charges into invoices.
 *
 * The dispatcher marks every send a paid provider accepted as "pending" in
 * the same UPDATE that records it as sent. A billing pass (after every
 * dispatcher tick that sent something, and on its own cron for period ends)
 * then, per practice and inside one transaction holding the practice's
 * billing lock:
 *   1. prices the pending sends in order (free units first) and writes one
 *      immutable charge per message (unique per message: never twice),
 *   2. issues an interim invoice over all uninvoiced charges once they
 *      exceed the threshold,
 *   3. issues the regular invoice of every billing period that has ended.
 * Because the lock serializes passes per practice, two instances charging at
 * the same moment can neither hand out the same free unit twice nor both see
 * the threshold crossed. Events and budget e-mails go out after the commit.
 */
import { IDEMPOTENCY } from '../../keys';
import { EVENTS } from '../../constants';
import { getService } from '../../kernel/get-service';
import { messagingLog } from '../../kernel/log';
import type { Core } from '@strapi/strapi';
import type { PracticeSettings } from '../../../../shared/contracts/settings';
import { DateTime } from 'luxon';
import { BILLED_CHANNELS, formatEuro, type BilledChannel } from '../domain/costs';
import {
  budgetLevel,
  interimInvoiceDue,
  billingRunCsv,
  billingRunLines,
  invoiceCsv,
  invoiceLines,
  invoiceNumber,
  monthOf,
  monthResolver,
  periodsDue,
  priceAccepted,
  type BillingPeriod,
} from '../domain/billing';
import { ledgerRepository, type ChargeSelection, type NewInvoice } from '../repositories/ledger';
import { transaction, type Knex } from '../../kernel/repositories/db';
import { usageRepository } from '../repositories/usage';
import { leasesRepository } from '../../kernel/repositories/leases';
import { pluginConfig } from '../../kernel/plugin-config';
import { parseInput, refuse, z } from '../../kernel/validation/schema';
import { pagingSchema, queryMonth } from '../../kernel/validation/fields';
import { PROBLEMS } from '../../kernel/validation/problems';
import { NotFoundError } from '../../kernel/errors';
import type {
  ChannelUsage,
  Invoice,
  MonthUsage,
  OperatorChannel,
  UsageResponse,
} from '../../../../shared/contracts/usage';

/** The event the platform's billing listens to (also offered to Strapi webhooks). */

/** GET /usage's months "YYYY-MM"; both default (to this month, from 11 months before `to`). */
const usageQuerySchema = z.object({ from: queryMonth(), to: queryMonth() });
const operatorQuerySchema = z.object({ month: queryMonth() });
const RANGE_TOO_LONG = PROBLEMS.other(
  'range-too-long',
  'the range may cover at most 60 months',
  'Der Zeitraum darf höchstens 60 Monate umfassen.',
  'The range may cover at most 60 months.'
);

/** Pending sends priced per statement round. */
const PASS_CHUNK = 5000;
/** A period is invoiced this long after it ended, so a send accepted in its last second is charged first. */
const PERIOD_CLOSE_GRACE_MS = 5 * 60_000;

export interface PassResult {
  charged: number;
  invoices: Invoice[];
}

const emptyChannel = (): ChannelUsage => ({
  units: 0,
  freeUnits: 0,
  billedUnits: 0,
  amountTenthCents: 0,
});

export const billingService = (strapi: Core.Strapi) => {
  const config = pluginConfig(strapi);
  const costs = () => getService(strapi, 'costs');
  const lockOwner = `${process.pid}`;

  /** One practice's pass, in one transaction under its lock. */
  async function passForPractice(practice: string, now: Date): Promise<PassResult> {
    const settings = await getService(strapi, 'settings').get(practice);
    // the prices as they are now: each charge keeps the price it was charged at
    const tariff = costs().tariff(settings);
    // Per practice, one pass at a time across instances (leases.holdUntilCommit).
    const lock = `billing:${practice}`;
    await leasesRepository(strapi).ensure(lock, now);
    const result = await transaction(strapi, async ({ trx }) => {
      const ledger = ledgerRepository(strapi, trx as unknown as Knex);
      await leasesRepository(strapi).holdUntilCommit(lock, lockOwner, trx as unknown as Knex, now);
      let charged = 0;
      const monthAt = monthResolver(settings.timeZone);
      for (;;) {
        const pending = await ledger.pendingMessages(practice, PASS_CHUNK);
        if (pending.length === 0) break;
        const fresh = pending.filter((message) => !message.charged);
        const months = [...new Set(fresh.map((message) => monthAt(message.acceptedAt)))];
        const newCharges = priceAccepted(
          fresh,
          await ledger.unitsByMonth(practice, months),
          tariff,
          settings.timeZone
        );
        await ledger.insertCharges(practice, newCharges, now);
        await ledger.markCharged(pending.map((message) => message.messageId));
        charged += newCharges.length;
        if (pending.length < PASS_CHUNK) break;
      }

      const invoices: Invoice[] = [];
      const issue = async (
        kind: NewInvoice['kind'],
        selection: ChargeSelection,
        period: { start: string | null; end: string | null }
      ) => {
        const { totals, count } = await ledger.totalsOf(selection);
        if (count === 0) return;
        const { lines, totalTenthCents, totalCents } = invoiceLines(totals, tariff);
        const year = DateTime.fromJSDate(now, { zone: settings.timeZone }).year;
        const number = invoiceNumber(year, (await ledger.invoicesInYear(practice, year)) + 1);
        invoices.push(
          await ledger.issue(
            {
              practice,
              number,
              kind,
              periodStart: period.start,
              periodEnd: period.end,
              lines,
              totalTenthCents,
              totalCents,
              chargeCount: count,
              issuedAt: now,
            },
            selection
          )
        );
      };

      // Regular invoices first: a period that has ended is billed as such,
      // even when its charges alone would also have crossed the threshold.
      for (const period of periodsDue(
        await ledger.uninvoicedMonths(practice),
        settings.billingPeriod,
        now,
        settings.timeZone,
        PERIOD_CLOSE_GRACE_MS
      )) {
        await issue(
          'regular',
          { practice, beforeMonth: period.firstMonthAfter },
          { start: period.start, end: period.end }
        );
      }
      if (
        interimInvoiceDue(
          await ledger.uninvoicedTotal(practice),
          config.billing.interimThresholdTenthCents
        )
      ) {
        const earliest = await ledger.earliestUninvoicedMonth({ practice });
        const today = DateTime.fromJSDate(now, { zone: settings.timeZone }).toISODate();
        await issue(
          'interim',
          { practice },
          { start: earliest ? `${earliest}-01` : null, end: today }
        );
      }
      const month = monthOf(now, settings.timeZone);
      return { charged, invoices, spent: await ledger.amountInMonth(practice, month), month };
    });

    for (const invoice of result.invoices) {
      messagingLog(strapi).info(
        `[messaging] ${invoice.kind} invoice ${invoice.number} for ${invoice.practice}: ${invoice.charges} charges, ${invoice.totalCents} ct`
      );
      strapi.eventHub?.emit(EVENTS.invoiceCreated, { invoice });
    }
    if (result.charged > 0) await warnAboutBudget(practice, result.month, result.spent, settings);
    return { charged: result.charged, invoices: result.invoices };
  }

  /**
   * At 80 % and at 100 % of the monthly budget: an event, and an e-mail when
   * an address is set. The outbox's idempotency key makes each warning go
   * out once per month and level, however many passes see it.
   */
  async function warnAboutBudget(
    practice: string,
    month: string,
    spent: number,
    settings: PracticeSettings
  ) {
    const level = budgetLevel(spent, settings.monthlyBudgetTenthCents);
    if (level === 0 || !settings.budgetAlertEmail) return;
    const euros = (tenthCents: number) => formatEuro(tenthCents, settings.locale);
    const budget = euros(settings.monthlyBudgetTenthCents ?? 0);
    const text =
      settings.locale === 'de'
        ? `Die SMS- und Threema-Kosten im ${month} liegen bei ${euros(spent)}, das sind ${level === 100 ? 'mindestens 100' : 'über 80'} % des Monatsbudgets von ${budget}. Nachrichten werden weiter versendet; die Übersicht steht im Admin unter Messaging > Nutzung und Kosten.`
        : `SMS and Threema costs in ${month} are ${euros(spent)}, ${level === 100 ? 'at least 100' : 'over 80'} % of the monthly budget of ${budget}. Messages keep going out; see Messaging > Usage and costs in the admin.`;
    const rows = await getService(strapi, 'outbox').enqueue([
      {
        practice,
        kind: 'budget-alert',
        channel: 'email',
        idempotencyKey: IDEMPOTENCY.budgetAlert(practice, month, level),
        recipient: settings.budgetAlertEmail,
        subject:
          settings.locale === 'de'
            ? `Messaging: ${level} % des Monatsbudgets erreicht`
            : `Messaging: ${level} % of the monthly budget reached`,
        body: text,
      },
    ]);
    if (rows[0]?.status === 'queued')
      strapi.eventHub?.emit(EVENTS.budgetReached, {
        practice,
        month,
        level,
        spentTenthCents: spent,
      });
  }

  return {
    /** Charges what was accepted and issues what is due, for every practice. */
    async run(now = new Date()): Promise<PassResult> {
      const total: PassResult = { charged: 0, invoices: [] };
      for (const practice of await usageRepository(strapi).practicesToBill()) {
        const result = await passForPractice(practice, now);
        total.charged += result.charged;
        total.invoices.push(...result.invoices);
      }
      return total;
    },

    runForPractice: passForPractice,

    /** GET /usage: months `from`..`to` ("YYYY-MM", default the last 12), this month, uninvoiced, budget. */
    async usage(
      practice: string,
      query: Record<string, unknown>,
      now = new Date()
    ): Promise<UsageResponse['data']> {
      const settings = await getService(strapi, 'settings').get(practice);
      const current = monthOf(now, settings.timeZone);
      const range = parseInput(usageQuerySchema, query);
      const to = range.to ?? current;
      const from =
        range.from ?? DateTime.fromFormat(to, 'yyyy-MM').minus({ months: 11 }).toFormat('yyyy-MM');
      const span = DateTime.fromFormat(to, 'yyyy-MM').diff(
        DateTime.fromFormat(from, 'yyyy-MM'),
        'months'
      ).months;
      if (span < 0) refuse('from', PROBLEMS.notAfter('to', 'dem Ende'));
      if (span > 59) refuse('from', RANGE_TOO_LONG);

      const usage = usageRepository(strapi);
      // the current month is always read: the page shows it whatever the range
      const rows = await usage.totalsByMonth(
        practice,
        from < current ? from : current,
        to > current ? to : current
      );
      const byMonth = new Map<string, MonthUsage>();
      const monthEntry = (month: string) => {
        const entry = byMonth.get(month) ?? {
          month,
          sms: emptyChannel(),
          threema: emptyChannel(),
          totalTenthCents: 0,
        };
        byMonth.set(month, entry);
        return entry;
      };
      for (const row of rows) {
        const entry = monthEntry(row.month);
        entry[row.channel] = {
          units: row.units,
          freeUnits: row.freeUnits,
          billedUnits: row.units - row.freeUnits,
          amountTenthCents: row.amountTenthCents,
        };
        entry.totalTenthCents += row.amountTenthCents;
      }
      const months: MonthUsage[] = [];
      for (
        let month = DateTime.fromFormat(from, 'yyyy-MM');
        month.toFormat('yyyy-MM') <= to;
        month = month.plus({ months: 1 })
      ) {
        months.push(monthEntry(month.toFormat('yyyy-MM')));
      }
      const thisMonth = monthEntry(current);
      const tariff = costs().tariff(settings);
      const freeUnitsLeft = Object.fromEntries(
        BILLED_CHANNELS.map((channel) => [
          channel,
          Math.max(0, tariff.freeUnitsPerMonth[channel] - thisMonth[channel].units),
        ])
      ) as Record<BilledChannel, number>;
      return {
        practice,
        timeZone: settings.timeZone,
        from,
        to,
        months,
        currentMonth: { ...thisMonth, freeUnitsLeft },
        uninvoicedTenthCents: await usage.uninvoicedTenthCents(practice),
        interimThresholdTenthCents: tariff.interimThresholdTenthCents,
        unitPriceTenthCents: tariff.unitPriceTenthCents,
        freeUnitsPerMonth: tariff.freeUnitsPerMonth,
        billingPeriod: settings.billingPeriod as BillingPeriod,
        budget: {
          monthlyTenthCents: settings.monthlyBudgetTenthCents,
          spentTenthCents: thisMonth.totalTenthCents,
          level: budgetLevel(thisMonth.totalTenthCents, settings.monthlyBudgetTenthCents),
        },
      };
    },

    /**
     * The operator's page (GET /operator/usage): every practice's month per
     * channel, what is not invoiced yet, and the invoices issued in the
     * month (the billing run). Months are the practices' calendar months;
     * the run's window is the month in the installation's time zone.
     */
    async operatorOverview(query: Record<string, unknown>, now = new Date()) {
      const { timeZone } = pluginConfig(strapi);
      const month = parseInput(operatorQuerySchema, query).month ?? monthOf(now, timeZone);
      const usage = usageRepository(strapi);
      const known = await getService(strapi, 'practice-access').known();
      const names = new Map(known.map(({ key, name }) => [key, name]));
      const start = DateTime.fromFormat(month, 'yyyy-MM', { zone: timeZone });
      const invoices = await usage.invoicesIssuedBetween(
        start.toJSDate(),
        start.plus({ months: 1 }).toJSDate()
      );
      const totals = await usage.monthTotalsOfAllPractices(month);
      const uninvoiced = await usage.uninvoicedOfAllPractices();
      const keys = new Set([
        ...known.map(({ key }) => key),
        ...totals.map((row) => row.practice),
        ...uninvoiced.map((row) => row.practice),
      ]);
      // the plugin's prices, and each practice's own where the operator set them
      const standard = costs().tariff({ prices: null });
      const overrides = await getService(strapi, 'settings').priceOverrides();
      const practices = [...keys].map((practice) => {
        const priceOverrides = overrides.get(practice) ?? {
          smsTenthCents: null,
          threemaTenthCents: null,
        };
        const channels = Object.fromEntries(
          BILLED_CHANNELS.map((channel) => {
            const row = totals.find((t) => t.practice === practice && t.channel === channel);
            const open = uninvoiced.find((u) => u.practice === practice && u.channel === channel);
            return [
              channel,
              {
                units: row?.units ?? 0,
                freeUnits: row?.freeUnits ?? 0,
                billedUnits: (row?.units ?? 0) - (row?.freeUnits ?? 0),
                amountTenthCents: row?.amountTenthCents ?? 0,
                uninvoicedTenthCents: open?.amountTenthCents ?? 0,
              },
            ];
          })
        ) as Record<BilledChannel, OperatorChannel>;
        return {
          practice,
          name: names.get(practice) ?? practice,
          unitPriceTenthCents: costs().tariff({ prices: priceOverrides }).unitPriceTenthCents,
          priceOverrides,
          channels,
          totalTenthCents: BILLED_CHANNELS.reduce(
            (sum, c) => sum + channels[c].amountTenthCents,
            0
          ),
          uninvoicedTenthCents: BILLED_CHANNELS.reduce(
            (sum, c) => sum + channels[c].uninvoicedTenthCents,
            0
          ),
        };
      });
      practices.sort(
        (a, b) => a.name.localeCompare(b.name, 'de') || a.practice.localeCompare(b.practice)
      );
      const nameOf = (practice: string) => names.get(practice) ?? practice;
      return {
        month,
        timeZone,
        unitPriceTenthCents: standard.unitPriceTenthCents,
        freeUnitsPerMonth: standard.freeUnitsPerMonth,
        practices,
        invoices: invoices.map((invoice) => ({
          ...invoice,
          practiceName: nameOf(invoice.practice),
        })),
        billingRun: billingRunLines(
          invoices.map((invoice) => ({ ...invoice, issuedAt: new Date(invoice.issuedAt) })),
          nameOf
        ),
      };
    },

    /**
     * PUT /operator/prices?practice=: the operator's unit prices for one
     * practice (null: back to the plugin's). Charges already made keep
     * theirs; the next billing pass, preview and counter use the new ones.
     */
    async setPrices(requested: unknown, practice: string, body: unknown) {
      if (requested === undefined)
        refuse('practice', PROBLEMS.given('the practice whose prices change'));
      const known = await getService(strapi, 'practice-access').known();
      if (!known.some(({ key }) => key === practice))
        refuse(
          'practice',
          PROBLEMS.other(
            'not-found',
            `no practice "${practice}"`,
            `Die Praxis „${practice}“ gibt es nicht.`,
            `There is no practice "${practice}".`
          )
        );
      const settings = await getService(strapi, 'settings').setPrices(practice, body);
      return {
        practice,
        priceOverrides: settings.prices,
        unitPriceTenthCents: costs().tariff(settings).unitPriceTenthCents,
      };
    },

    /** The billing run of a month as CSV: one line per practice and channel. */
    async billingRunCsv(query: Record<string, unknown>, now = new Date()) {
      const overview = await this.operatorOverview(query, now);
      return {
        filename: `billing-run-${overview.month}.csv`,
        body: billingRunCsv(overview.month, overview.billingRun),
      };
    },

    /** GET /invoices: newest first. */
    async invoices(practice: string, query: Record<string, unknown>) {
      const { page, pageSize } = parseInput(pagingSchema(), query);
      const { rows, total } = await usageRepository(strapi).invoices(practice, page, pageSize);
      return { data: rows, pagination: { page, pageSize, total } };
    },

    async invoice(practice: string, id: number): Promise<Invoice> {
      const invoice = await usageRepository(strapi).invoice(practice, id);
      if (!invoice) throw new NotFoundError(`invoice ${id} not found`);
      return invoice;
    },

    async invoiceCsv(practice: string, id: number): Promise<{ filename: string; body: string }> {
      const invoice = await this.invoice(practice, id);
      return {
        filename: `${invoice.number}.csv`,
        body: invoiceCsv({ ...invoice, issuedAt: new Date(invoice.issuedAt) }),
      };
    },
  };
};
