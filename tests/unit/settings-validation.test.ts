import { parseSettingsChanges } from '../../server/src/settings/validation';

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
