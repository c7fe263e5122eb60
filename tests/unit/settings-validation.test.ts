import { parsePricesChanges, parseSettingsChanges } from '../../server/src/settings/validation';

const fieldsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error: any) {
    return error.details.errors.map((e: any) => e.path.join('.'));
  }
  throw new Error('expected a validation error');
};

describe('parseSettingsChanges', () => {
  it('takes the switches and sender settings', () => {
    expect(
      parseSettingsChanges({
        smsEnabled: true,
        threemaEnabled: false,
        smsSenderId: 'Praxis',
        locale: 'en',
      })
    ).toEqual({
      smsEnabled: true,
      threemaEnabled: false,
      smsSenderId: 'Praxis',
      locale: 'en',
    });
  });

  it('accepts a phone number as sender and clears with null', () => {
    expect(parseSettingsChanges({ smsSenderId: '+4915112345678' }).smsSenderId).toBe(
      '+4915112345678'
    );
    expect(parseSettingsChanges({ smsSenderId: null, timeZone: '' })).toEqual({
      smsSenderId: null,
      timeZone: null,
    });
  });

  it('names every bad field at once', () => {
    expect(
      fieldsOf(() =>
        parseSettingsChanges({
          smsEnabled: 1,
          smsSenderId: '12345',
          timeZone: 'Nowhere',
          extra: true,
        })
      )
    ).toEqual(['extra', 'smsEnabled', 'smsSenderId', 'timeZone']);
  });

  it('refuses a body that is not an object', () => {
    expect(fieldsOf(() => parseSettingsChanges([true]))).toEqual(['body']);
    expect(fieldsOf(() => parseSettingsChanges(null))).toEqual(['body']);
  });
});

describe('parsePricesChanges (the operator’s prices of one practice)', () => {
  it('takes whole tenths of a cent from 0 to 10000, and null for the plugin’s price', () => {
    expect(parsePricesChanges({ smsTenthCents: 80, threemaTenthCents: null })).toEqual({
      smsTenthCents: 80,
      threemaTenthCents: null,
    });
    expect(parsePricesChanges({ smsTenthCents: 0 })).toEqual({ smsTenthCents: 0 });
  });

  it('names every bad price at once, in German, and refuses unknown keys', () => {
    expect(
      fieldsOf(() =>
        parsePricesChanges({ smsTenthCents: 10.5, threemaTenthCents: 10_001, free: 3 })
      )
    ).toEqual(['free', 'smsTenthCents', 'threemaTenthCents']);
    let reason = '';
    try {
      parsePricesChanges({ smsTenthCents: -1 });
    } catch (error: any) {
      reason = error.details.errors[0].reason.de;
    }
    expect(reason).toMatch(/^Bitte leer lassen \(Standardpreis\)/);
  });
});
