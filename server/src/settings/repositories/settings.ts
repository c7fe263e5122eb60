import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';

/** The columns of a settings row, as stored. */
export interface SettingsRow {
  id: number;
  practice: string;
  practiceName: string | null;
  practicePhone: string | null;
  practiceEmail: string | null;
  smsEnabled: boolean;
  threemaEnabled: boolean;
  preferThreema: boolean;
  smartEncodeSms: boolean;
  smsSenderId: string | null;
  timeZone: string | null;
  locale: 'de' | 'en';
  accessCodeDelivery: 'standard' | 'self-service' | null;
  billingPeriod: 'monthly' | 'yearly' | null;
  monthlyBudgetTenthCents: number | null;
  budgetAlertEmail: string | null;
}

export type SettingsChanges = Partial<Omit<SettingsRow, 'id' | 'practice'>>;

const COLUMNS = [
  'id',
  'practice',
  'practiceName',
  'practicePhone',
  'practiceEmail',
  'smsEnabled',
  'threemaEnabled',
  'preferThreema',
  'smartEncodeSms',
  'smsSenderId',
  'timeZone',
  'locale',
  'accessCodeDelivery',
  'billingPeriod',
  'monthlyBudgetTenthCents',
  'budgetAlertEmail',
];

/** The only code that reads or writes settings rows. */
export const settingsRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(UID.settings);
  return {
    async find(practice: string): Promise<SettingsRow | null> {
      return (await query().findOne({
        where: { practice },
        select: COLUMNS,
      })) as SettingsRow | null;
    },
    /** What a practice without a row reads as: the schema's defaults, not stored. */
    unsaved(practice: string, values: SettingsChanges = {}): SettingsRow {
      const attributes = strapi.contentType(UID.settings as never).attributes as Record<
        string,
        { default?: unknown }
      >;
      const defaults = Object.fromEntries(
        Object.entries(attributes)
          .filter(([, attribute]) => attribute.default !== undefined)
          .map(([name, attribute]) => [name, attribute.default])
      );
      return { ...defaults, id: 0, practice, ...values } as SettingsRow;
    },
    async create(practice: string, values: SettingsChanges = {}): Promise<SettingsRow> {
      return (await query().create({
        data: { practice, ...values },
        select: COLUMNS,
      })) as SettingsRow;
    },
    async update(id: number, changes: SettingsChanges): Promise<SettingsRow> {
      return (await query().update({
        where: { id },
        data: changes,
        select: COLUMNS,
      })) as SettingsRow;
    },
  };
};
