import type { Core } from '@strapi/strapi';
import { UID } from '../constants';

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

const COLUMNS = ['id', 'practice', 'practiceName', 'practicePhone', 'practiceEmail', 'smsEnabled', 'threemaEnabled', 'preferThreema', 'smartEncodeSms', 'smsSenderId', 'timeZone', 'locale', 'accessCodeDelivery', 'billingPeriod', 'monthlyBudgetTenthCents', 'budgetAlertEmail'];

/** The only code that reads or writes settings rows. */
export const settingsRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(UID.settings);
  return {
    async find(practice: string): Promise<SettingsRow | null> {
      return (await query().findOne({ where: { practice }, select: COLUMNS })) as SettingsRow | null;
    },
    async create(practice: string, values: SettingsChanges = {}): Promise<SettingsRow> {
      return (await query().create({ data: { practice, ...values }, select: COLUMNS })) as SettingsRow;
    },
    async update(id: number, changes: SettingsChanges): Promise<SettingsRow> {
      return (await query().update({ where: { id }, data: changes, select: COLUMNS })) as SettingsRow;
    },
  };
};
