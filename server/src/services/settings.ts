import type { Core } from '@strapi/strapi';
import { settingsRepository, type SettingsChanges, type SettingsRow } from '../repositories/settings';
import { pluginConfig } from '../utils/plugin-config';
import type { PracticeSettings } from '../../../shared/contracts/settings';

const toContract = (row: SettingsRow, fallbackTimeZone: string): PracticeSettings => ({
  practice: row.practice,
  smsEnabled: Boolean(row.smsEnabled),
  threemaEnabled: Boolean(row.threemaEnabled),
  preferThreema: Boolean(row.preferThreema),
  smsSenderId: row.smsSenderId ?? null,
  timeZone: row.timeZone || fallbackTimeZone,
  locale: row.locale ?? 'de',
});

/** Per-practice switches. A practice's row is created on first use, channels off. */
export const settingsService = (strapi: Core.Strapi) => {
  const repository = settingsRepository(strapi);
  const config = pluginConfig(strapi);

  const ensureRow = async (practice: string) =>
    (await repository.find(practice)) ?? (await repository.create(practice, { locale: config.locale }));

  return {
    async ensure(practice = config.defaultPractice): Promise<PracticeSettings> {
      return toContract(await ensureRow(practice), config.timeZone);
    },
    async get(practice = config.defaultPractice): Promise<PracticeSettings> {
      return toContract(await ensureRow(practice), config.timeZone);
    },
    async update(practice: string, changes: SettingsChanges): Promise<PracticeSettings> {
      const row = await ensureRow(practice);
      return toContract(await repository.update(row.id, changes), config.timeZone);
    },
  };
};
