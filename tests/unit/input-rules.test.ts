import { MAX_ID, unsafeTextIn, wholeNumber } from '../../server/src/kernel/validation/input-rules';

describe('input rules at the edge', () => {
  it.each([
    ['1', 1],
    ['42', 42],
    [String(MAX_ID), MAX_ID],
    [7, 7],
  ])('takes %p as a whole number', (raw, expected) =>
    expect(wholeNumber(raw, MAX_ID)).toBe(expected)
  );

  it.each([
    '0',
    '-1',
    '1e3',
    '1.0',
    '+1',
    ' 1',
    '0x10',
    '',
    '1e19',
    String(MAX_ID + 1),
    '99999999999999999999',
    1.5,
    NaN,
    Infinity,
  ])('refuses %p', (raw) => expect(wholeNumber(raw, MAX_ID)).toBeNull());

  it('finds NUL and lone surrogates anywhere, with their path, and lets real emoji through', () => {
    expect(unsafeTextIn({ body: 'Hallo 😀', to: '+4915112345678' })).toBeNull();
    expect(unsafeTextIn({ body: 'Hal\u0000lo' })).toEqual({ path: 'body', problem: 'nul' });
    expect(unsafeTextIn({ recipients: { clientIds: ['a', 'b', 'c\uD83D'] } })).toEqual({
      path: 'recipients.clientIds.2',
      problem: 'lone-surrogate',
    });
    expect(unsafeTextIn({ subject: '\uDE00 trailing half' })).toEqual({
      path: 'subject',
      problem: 'lone-surrogate',
    });
    expect(unsafeTextIn({ ['ke\u0000y']: 1 })).toEqual({ path: 'ke\u0000y', problem: 'nul' });
  });
});

describe('calendar days', () => {
  it('takes real days only (no 30 February, no 31 April), and timestamps whose day is real', async () => {
    const { isCalendarDay, dayOrTimestamp } =
      await import('../../server/src/kernel/validation/input-rules');
    expect(['2027-02-28', '2028-02-29', '2026-12-31'].every(isCalendarDay)).toBe(true);
    expect(
      [
        '2027-02-29',
        '2027-02-30',
        '2027-04-31',
        '2026-13-01',
        '2026-1-01',
        'gestern',
        20270101,
      ].some(isCalendarDay)
    ).toBe(false);
    expect(dayOrTimestamp('2027-02-01T10:00:00Z')?.toISOString()).toBe('2027-02-01T10:00:00.000Z');
    expect(dayOrTimestamp('2027-02-30T10:00:00Z')).toBeNull();
    expect(dayOrTimestamp('2027-02-30')).toBeNull();
    expect(dayOrTimestamp('next monday')).toBeNull();
  });
});
