import type { SettingsChanges } from './repositories/settings';
import { LOCALES } from '../constants';
import { FieldErrors } from '../kernel/validation/field-errors';
import { PROBLEMS } from '../kernel/validation/problems';
import { isTimeZone } from '../kernel/validation/input-rules';
import { isEmailAddress } from '../host';

const BOOLEAN_FIELDS = ['smsEnabled', 'threemaEnabled', 'preferThreema', 'smartEncodeSms'] as const;

/**
 * Alphanumeric sender IDs are at most 11 GSM characters, letters and digits
 * (and at least one letter); a number sender is E.164.
 */
const SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const E164 = /^\+[1-9]\d{6,14}$/;

/** Parses a PUT /settings body; unknown keys are refused so typos are not silently lost. */
export function parseSettingsChanges(body: unknown): SettingsChanges {
  const errors = new FieldErrors();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    errors.add('body', PROBLEMS.notObject());
    errors.throwIfAny();
  }
  const input = body as Record<string, unknown>;
  const changes: SettingsChanges = {};
  const known = new Set<string>([
    ...BOOLEAN_FIELDS,
    'smsSenderId',
    'timeZone',
    'locale',
    'accessCodeDelivery',
    'billingPeriod',
    'monthlyBudgetTenthCents',
    'budgetAlertEmail',
    'practiceName',
    'practicePhone',
    'practiceEmail',
  ]);

  for (const key of Object.keys(input)) {
    if (!known.has(key)) errors.add(key, PROBLEMS.unknownSetting());
  }
  for (const key of BOOLEAN_FIELDS) {
    if (key in input) {
      if (typeof input[key] !== 'boolean') errors.add(key, PROBLEMS.notBoolean());
      else changes[key] = input[key] as boolean;
    }
  }
  if ('smsSenderId' in input) {
    const value = input.smsSenderId;
    if (value === null || value === '') changes.smsSenderId = null;
    else if (typeof value !== 'string' || !(SENDER_ID.test(value) || E164.test(value))) {
      errors.add(
        'smsSenderId',
        PROBLEMS.other(
          'sender-id',
          'must be up to 11 letters/digits with at least one letter, or a number like +4915112345678',
          'Bis zu 11 Buchstaben oder Ziffern mit mindestens einem Buchstaben, oder eine Nummer wie +4915112345678.',
          'Up to 11 letters or digits with at least one letter, or a number like +4915112345678.'
        )
      );
    } else changes.smsSenderId = value;
  }
  if ('accessCodeDelivery' in input) {
    const value = input.accessCodeDelivery;
    if (value !== 'standard' && value !== 'self-service')
      errors.add('accessCodeDelivery', PROBLEMS.oneOf(['standard', 'self-service']));
    else changes.accessCodeDelivery = value;
  }
  if ('billingPeriod' in input) {
    const value = input.billingPeriod;
    if (value !== 'monthly' && value !== 'yearly')
      errors.add('billingPeriod', PROBLEMS.oneOf(['monthly', 'yearly']));
    else changes.billingPeriod = value;
  }
  if ('monthlyBudgetTenthCents' in input) {
    const value = input.monthlyBudgetTenthCents;
    // tenths of a cent, like every amount of the API: 50 EUR = 50000; up to 1 million EUR
    if (value === null) changes.monthlyBudgetTenthCents = null;
    else if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < 1 ||
      value > 1_000_000_000
    ) {
      errors.add(
        'monthlyBudgetTenthCents',
        PROBLEMS.other(
          'budget',
          'must be null or a whole number of tenths of a cent from 1 to 1000000000 (50 EUR = 50000)',
          'Bitte leer lassen oder einen Betrag von 0,01 € bis 1.000.000 € angeben.',
          'Leave it empty or give an amount from €0.01 to €1,000,000.'
        )
      );
    } else changes.monthlyBudgetTenthCents = value;
  }
  if ('budgetAlertEmail' in input) {
    const value = input.budgetAlertEmail;
    if (value === null || value === '') changes.budgetAlertEmail = null;
    else if (typeof value !== 'string' || value.length > 120 || !isEmailAddress(value.trim()))
      errors.add('budgetAlertEmail', PROBLEMS.email());
    else changes.budgetAlertEmail = value.trim();
  }
  if ('timeZone' in input) {
    const value = input.timeZone;
    if (value === null || value === '') changes.timeZone = null;
    else if (typeof value !== 'string' || !isTimeZone(value))
      errors.add(
        'timeZone',
        PROBLEMS.other(
          'time-zone',
          'must be an IANA time zone such as Europe/Berlin',
          'Bitte eine Zeitzone wie Europe/Berlin angeben.',
          'Please give a time zone such as Europe/Berlin.'
        )
      );
    else changes.timeZone = value;
  }
  for (const key of ['practiceName', 'practicePhone', 'practiceEmail'] as const) {
    if (!(key in input)) continue;
    const value = input[key];
    if (value === null || value === '') changes[key] = null;
    else if (typeof value !== 'string' || value.length > 120)
      errors.add(key, PROBLEMS.textOfAtMost(120));
    else if (key === 'practiceEmail' && !isEmailAddress(value)) errors.add(key, PROBLEMS.email());
    else changes[key] = value.trim();
  }
  if ('locale' in input) {
    if (!LOCALES.includes(input.locale as 'de')) errors.add('locale', PROBLEMS.oneOf(LOCALES));
    else changes.locale = input.locale as 'de' | 'en';
  }
  errors.throwIfAny();
  return changes;
}
