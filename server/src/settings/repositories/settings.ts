import type { Core } from '@strapi/strapi';
import { UID } from '../../constants';
import { SETTINGS_FIELDS, type SettingsChanges } from '../validation';

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
  /** the operator's prices for this practice (null: the plugin's); never in SettingsChanges */
  smsPriceTenthCents: number | null;
  threemaPriceTenthCents: number | null;
}

/** The operator's columns of a settings row: written only by setPrices. */
type PriceColumn = 'smsPriceTenthCents' | 'threemaPriceTenthCents';
const PRICE_COLUMNS: PriceColumn[] = ['smsPriceTenthCents', 'threemaPriceTenthCents'];

export type { SettingsChanges };

/** Every column a settings row is read with: its keys and what the schema lets a practice change. */
const COLUMNS = ['id', 'practice', ...SETTINGS_FIELDS, ...PRICE_COLUMNS];

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
    /** Every practice that has settings, with its name (the practice list of the operator and the switcher). */
    async practices(): Promise<{ practice: string; practiceName: string | null }[]> {
      return (await query().findMany({
        select: ['practice', 'practiceName'],
        orderBy: { practice: 'asc' },
      })) as { practice: string; practiceName: string | null }[];
    },
    /** The operator's prices of every practice that has some (one query for the operator page). */
    async pricesOfAllPractices(): Promise<
      {
        practice: string;
        smsPriceTenthCents: number | null;
        threemaPriceTenthCents: number | null;
      }[]
    > {
      return (await query().findMany({
        select: ['practice', ...PRICE_COLUMNS],
        where: { $or: PRICE_COLUMNS.map((column) => ({ [column]: { $notNull: true } })) },
      })) as {
        practice: string;
        smsPriceTenthCents: number | null;
        threemaPriceTenthCents: number | null;
      }[];
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
    /** The operator's prices for one practice; a key left out stays as it is. */
    async setPrices(
      id: number,
      prices: Partial<Record<PriceColumn, number | null>>
    ): Promise<SettingsRow> {
      return (await query().update({
        where: { id },
        data: prices,
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

// The stored row and the schema name the same settings; a setting added to one only fails to compile.
const rowMatchesSchema: [keyof SettingsChanges] extends [
  Exclude<keyof SettingsRow, 'id' | 'practice' | PriceColumn>,
]
  ? [Exclude<keyof SettingsRow, 'id' | 'practice' | PriceColumn>] extends [keyof SettingsChanges]
    ? true
    : false
  : false = true;
void rowMatchesSchema;
