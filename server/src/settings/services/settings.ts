import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import {
  settingsRepository,
  type SettingsChanges,
  type SettingsRow,
} from '../repositories/settings';
import { pluginConfig } from '../../kernel/plugin-config';
import type { PracticeSettings } from '../../../../shared/contracts/settings';
import { parsePricesChanges } from '../validation';

// Integer columns come back as strings from some drivers; absent is null.
const nullableNumber = (value: number | string | null | undefined): number | null =>
  value === null || value === undefined ? null : Number(value);

const toContract = (row: SettingsRow, fallbackTimeZone: string): PracticeSettings => ({
  practice: row.practice,
  practiceName: row.practiceName ?? null,
  practicePhone: row.practicePhone ?? null,
  practiceEmail: row.practiceEmail ?? null,
  smsEnabled: Boolean(row.smsEnabled),
  threemaEnabled: Boolean(row.threemaEnabled),
  preferThreema: Boolean(row.preferThreema),
  smartEncodeSms: Boolean(row.smartEncodeSms),
  smsSenderId: row.smsSenderId ?? null,
  timeZone: row.timeZone || fallbackTimeZone,
  locale: row.locale ?? 'de',
  accessCodeDelivery: row.accessCodeDelivery === 'self-service' ? 'self-service' : 'standard',
  billingPeriod: row.billingPeriod === 'yearly' ? 'yearly' : 'monthly',
  monthlyBudgetTenthCents: nullableNumber(row.monthlyBudgetTenthCents),
  budgetAlertEmail: row.budgetAlertEmail ?? null,
  prices: {
    smsTenthCents: nullableNumber(row.smsPriceTenthCents),
    threemaTenthCents: nullableNumber(row.threemaPriceTenthCents),
  },
});

/**
 * Per-practice switches. Reading never writes: a practice without a row
 * reads as the schema's defaults (channels off). Its first save sets the
 * practice up: the row, and the shipped templates (the bootstrap does the
 * same for the default practice).
 */
export const settingsService = (strapi: Core.Strapi) => {
  const repository = settingsRepository(strapi);
  const config = pluginConfig(strapi);

  // Two first requests for a new practice may race; the unique index lets one
  // create the row and the other read it.
  const ensureRow = async (practice: string) => {
    const existing = await repository.find(practice);
    if (existing) return existing;
    try {
      return await repository.create(practice, { locale: config.locale });
    } catch (error) {
      const raced = await repository.find(practice);
      if (raced) return raced;
      throw error;
    }
  };

  /** The row and the shipped templates of a practice (idempotent). */
  const setUp = async (practice: string) => {
    const row = await ensureRow(practice);
    await getService(strapi, 'templates').ensureDefaults(practice);
    return row;
  };

  return {
    /** Sets the practice up (bootstrap: the default practice). */
    async ensure(practice = config.defaultPractice): Promise<PracticeSettings> {
      return toContract(await setUp(practice), config.timeZone);
    },
    /** Every practice with settings, and the name it gave itself. */
    practices() {
      return repository.practices();
    },
    /** The operator's prices per practice, for practices that have their own (else the plugin's apply). */
    async priceOverrides(): Promise<Map<string, PracticeSettings['prices']>> {
      return new Map(
        (await repository.pricesOfAllPractices()).map((row) => [
          row.practice,
          {
            smsTenthCents: nullableNumber(row.smsPriceTenthCents),
            threemaTenthCents: nullableNumber(row.threemaPriceTenthCents),
          },
        ])
      );
    },
    async get(practice = config.defaultPractice): Promise<PracticeSettings> {
      const row =
        (await repository.find(practice)) ??
        repository.unsaved(practice, { locale: config.locale });
      return toContract(row, config.timeZone);
    },
    /** The operator's prices for one practice (sets the practice up like a first save). */
    async setPrices(practice: string, body: unknown): Promise<PracticeSettings> {
      const changes = parsePricesChanges(body);
      const row = await setUp(practice);
      const columns: Partial<
        Record<'smsPriceTenthCents' | 'threemaPriceTenthCents', number | null>
      > = {};
      if (changes.smsTenthCents !== undefined) columns.smsPriceTenthCents = changes.smsTenthCents;
      if (changes.threemaTenthCents !== undefined)
        columns.threemaPriceTenthCents = changes.threemaTenthCents;
      return toContract(await repository.setPrices(row.id, columns), config.timeZone);
    },
    async update(practice: string, changes: SettingsChanges): Promise<PracticeSettings> {
      const row = await setUp(practice);
      return toContract(await repository.update(row.id, changes), config.timeZone);
    },
  };
};
