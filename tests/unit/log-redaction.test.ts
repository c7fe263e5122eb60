import { withoutPersonalData } from '../../server/src/kernel/log';

describe('log lines without personal data', () => {
  it('masks phone numbers and e-mail addresses, keeping the last three digits', () => {
    expect(withoutPersonalData("The 'To' number +4915112345678 is not a valid phone number")).toBe(
      "The 'To' number •••678 is not a valid phone number"
    );
    expect(withoutPersonalData('insert ... values (0171 1234567, anna.mueller@example.org)')).toBe(
      'insert ... values (•••567, •••@•••)'
    );
  });

  it('leaves dates, times, ids and amounts alone', () => {
    const line =
      '[messaging] sms message 1234 failed (21211) at 2026-12-02T03:47:36.000Z; next at 2026-12-02 08:00, 20.00 EUR';
    expect(withoutPersonalData(line)).toBe(line);
  });
});
