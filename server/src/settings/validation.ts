import { LOCALES } from '../constants';
import { because, parseInput, strictBody, z } from '../kernel/validation/schema';
import { PROBLEMS } from '../kernel/validation/problems';
import { isTimeZone } from '../kernel/validation/input-rules';
import { isEmailAddress } from '../host';

/**
 * Alphanumeric sender IDs are at most 11 GSM characters, letters and digits
 * (and at least one letter); a number sender is E.164.
 */
const SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const E164 = /^\+[1-9]\d{6,14}$/;

const SENDER_PROBLEM = PROBLEMS.other(
  'sender-id',
  'must be up to 11 letters/digits with at least one letter, or a number like +4915112345678',
  'Bis zu 11 Buchstaben oder Ziffern mit mindestens einem Buchstaben, oder eine Nummer wie +4915112345678.',
  'Up to 11 letters or digits with at least one letter, or a number like +4915112345678.'
);
const BUDGET_PROBLEM = PROBLEMS.other(
  'budget',
  'must be null or a whole number of tenths of a cent from 1 to 1000000000 (50 EUR = 50000)',
  'Bitte leer lassen oder einen Betrag von 0,01 € bis 1.000.000 € angeben.',
  'Leave it empty or give an amount from €0.01 to €1,000,000.'
);
const TIME_ZONE_PROBLEM = PROBLEMS.other(
  'time-zone',
  'must be an IANA time zone such as Europe/Berlin',
  'Bitte eine Zeitzone wie Europe/Berlin angeben.',
  'Please give a time zone such as Europe/Berlin.'
);

const yesNo = () => z.boolean(because(PROBLEMS.notBoolean())).optional();
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, because(PROBLEMS.oneOf(values))).optional();

/** A text that may be cleared: `null` or `''` store null; otherwise `text` decides. */
function clearable<Out>(
  text: (value: z.ZodString) => z.ZodType<Out>,
  problem: typeof SENDER_PROBLEM
) {
  const rule = because(problem);
  return z
    .union([z.null(rule), z.literal('', rule), text(z.string(rule))], rule)
    .transform((value) => (value === '' || value === null ? null : (value as Out)))
    .optional();
}

/** A practice's contact line, shown on slips and in texts: up to 120 characters, trimmed. */
const contact = (check: (value: string) => boolean = () => true, problem = PROBLEMS.email()) =>
  clearable(
    (text) =>
      text
        .max(120, because(PROBLEMS.textOfAtMost(120)))
        .refine(check, because(problem))
        .transform((value) => value.trim()),
    PROBLEMS.textOfAtMost(120)
  );

/**
 * A PUT /settings body, and with it the one list of settings a practice can
 * change (the repository reads and writes exactly these columns).
 */
export const settingsChangesSchema = strictBody(
  {
    practiceName: contact(),
    practicePhone: contact(),
    practiceEmail: contact((value) => isEmailAddress(value)),
    smsEnabled: yesNo(),
    threemaEnabled: yesNo(),
    preferThreema: yesNo(),
    smartEncodeSms: yesNo(),
    smsSenderId: clearable(
      (text) =>
        text.refine((value) => SENDER_ID.test(value) || E164.test(value), because(SENDER_PROBLEM)),
      SENDER_PROBLEM
    ),
    timeZone: clearable(
      (text) => text.refine(isTimeZone, because(TIME_ZONE_PROBLEM)),
      TIME_ZONE_PROBLEM
    ),
    locale: oneOf(LOCALES),
    accessCodeDelivery: oneOf(['standard', 'self-service']),
    billingPeriod: oneOf(['monthly', 'yearly']),
    // tenths of a cent, like every amount of the API: 50 EUR = 50000; up to 1 million EUR
    monthlyBudgetTenthCents: z
      .number(because(BUDGET_PROBLEM))
      .int(because(BUDGET_PROBLEM))
      .min(1, because(BUDGET_PROBLEM))
      .max(1_000_000_000, because(BUDGET_PROBLEM))
      .nullable()
      .optional(),
    budgetAlertEmail: clearable(
      (text) =>
        text
          .max(120, because(PROBLEMS.email()))
          .refine((value) => isEmailAddress(value.trim()), because(PROBLEMS.email()))
          .transform((value) => value.trim()),
      PROBLEMS.email()
    ),
  },
  PROBLEMS.unknownSetting()
);

export type SettingsChanges = z.output<typeof settingsChangesSchema>;

/** The settings a practice can change, in the schema's order. */
export const SETTINGS_FIELDS = Object.keys(
  settingsChangesSchema.shape
) as (keyof SettingsChanges)[];

const PRICE_PROBLEM = PROBLEMS.other(
  'price',
  'must be null (the plugin price) or a whole number of tenths of a cent from 0 to 10000 (10 ct = 100)',
  'Bitte leer lassen (Standardpreis) oder einen Preis von 0 bis 10 € angeben, in Zehntelcent (10 ct = 100).',
  'Leave it empty (the standard price) or give a price from 0 to €10, in tenths of a cent (10 ct = 100).'
);
const price = () =>
  z
    .number(because(PRICE_PROBLEM))
    .int(because(PRICE_PROBLEM))
    .min(0, because(PRICE_PROBLEM))
    .max(10_000, because(PRICE_PROBLEM))
    .nullable()
    .optional();

/**
 * A PUT /operator/practices/:practice/prices body: the operator's unit
 * prices for one practice (null: back to the plugin's). Not part of the
 * settings a practice changes: staff never set their own prices.
 */
export const pricesChangesSchema = strictBody(
  { smsTenthCents: price(), threemaTenthCents: price() },
  PROBLEMS.unknownSetting()
);
export type PricesChanges = z.output<typeof pricesChangesSchema>;
export const parsePricesChanges = (body: unknown): PricesChanges =>
  parseInput(pricesChangesSchema, body);

/** Parses a PUT /settings body; unknown keys are refused so typos are not silently lost. */
export const parseSettingsChanges = (body: unknown): SettingsChanges =>
  parseInput(settingsChangesSchema, body);
