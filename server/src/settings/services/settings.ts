import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import {
  settingsRepository,
  type SettingsChanges,
  type SettingsRow,
} from '../repositories/settings';
import { pluginConfig } from '../../kernel/plugin-config';
import type { PracticeSettings } from '../../../../shared/contracts/settings';

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
  monthlyBudgetTenthCents:
    row.monthlyBudgetTenthCents === null || row.monthlyBudgetTenthCents === undefined
      ? null
      : Number(row.monthlyBudgetTenthCents),
  budgetAlertEmail: row.budgetAlertEmail ?? null,
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
    async get(practice = config.defaultPractice): Promise<PracticeSettings> {
      const row =
        (await repository.find(practice)) ??
        repository.unsaved(practice, { locale: config.locale });
      return toContract(row, config.timeZone);
    },
    async update(practice: string, changes: SettingsChanges): Promise<PracticeSettings> {
      const row = await setUp(practice);
      return toContract(await repository.update(row.id, changes), config.timeZone);
    },
  };
};
