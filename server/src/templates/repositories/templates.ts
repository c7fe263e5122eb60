/** The only code that reads and writes template rows. */
import type { Core } from '@strapi/strapi';
import {
  UID,
  type AddressForm,
  type Channel,
  type Locale,
  type TemplateKind,
} from '../../constants';

export interface TemplateRow {
  id: number;
  practice: string;
  kind: TemplateKind;
  channel: Channel;
  addressForm: AddressForm;
  locale: Locale;
  name: string | null;
  subject: string | null;
  body: string;
  isDefault: boolean;
  updatedAt: string | Date | null;
}

export type TemplateValues = Omit<TemplateRow, 'id' | 'practice' | 'updatedAt'>;

const FIELDS = [
  'id',
  'practice',
  'kind',
  'channel',
  'addressForm',
  'locale',
  'name',
  'subject',
  'body',
  'isDefault',
  'updatedAt',
];

export const templatesRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(UID.template);
  return {
    async list(
      practice: string,
      filters: Partial<Pick<TemplateRow, 'kind' | 'channel' | 'locale' | 'addressForm'>> = {}
    ): Promise<TemplateRow[]> {
      return (await query().findMany({
        where: { practice, ...filters },
        select: FIELDS,
        orderBy: [{ kind: 'asc' }, { channel: 'asc' }, { locale: 'asc' }, { addressForm: 'asc' }],
      })) as TemplateRow[];
    },
    async count(practice: string): Promise<number> {
      return query().count({ where: { practice } });
    },
    async find(id: number): Promise<TemplateRow | null> {
      return (await query().findOne({ where: { id }, select: FIELDS })) as TemplateRow | null;
    },
    async findVariant(
      practice: string,
      kind: TemplateKind,
      channel: Channel,
      addressForm: AddressForm,
      locale: Locale
    ): Promise<TemplateRow | null> {
      return (await query().findOne({
        where: { practice, kind, channel, addressForm, locale },
        select: FIELDS,
      })) as TemplateRow | null;
    },
    async createMany(practice: string, rows: TemplateValues[]): Promise<void> {
      await query().createMany({ data: rows.map((row) => ({ ...row, practice })) });
    },
    async create(practice: string, values: TemplateValues): Promise<TemplateRow> {
      return (await query().create({
        data: { ...values, practice },
        select: FIELDS,
      })) as TemplateRow;
    },
    async update(id: number, values: Partial<TemplateValues>): Promise<TemplateRow> {
      return (await query().update({ where: { id }, data: values, select: FIELDS })) as TemplateRow;
    },
    async delete(id: number): Promise<void> {
      await query().delete({ where: { id } });
    },
  };
};
