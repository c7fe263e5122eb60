import { centsText, eurosText, parseCents, parseEuros } from '../../admin/src/utils/money';

describe('the budget field (euros typed by staff)', () => {
  it('reads euros with comma or dot into tenths of a cent', () => {
    expect(['50', '12,50', '12.5', '0,80', '1 €', '7 EUR', '999999'].map(parseEuros)).toEqual([
      50_000, 12_500, 12_500, 800, 1_000, 7_000, 999_999_000,
    ]);
  });
  it('takes empty for "no budget" and refuses what it cannot read', () => {
    expect(parseEuros('  ')).toBeNull();
    expect(['zehn', '12,505', '-5', '0', '1.000,00', '1000000'].map(parseEuros)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
  it('writes the stored value back the way staff type it', () => {
    expect([eurosText(12_500), eurosText(800), eurosText(50_000), eurosText(null)]).toEqual([
      '12,50',
      '0,80',
      '50,00',
      '',
    ]);
    for (const text of ['12,50', '0,80', '50,00']) expect(eurosText(parseEuros(text)!)).toBe(text);
  });
});

describe('a price field (cents typed by the operator)', () => {
  it('reads cents with at most one decimal into tenths of a cent', () => {
    expect(['8', '1,5', '1.5', '10 ct', '0', '1000'].map(parseCents)).toEqual([
      80, 15, 15, 100, 0, 10_000,
    ]);
  });
  it('takes empty for "the standard price" and refuses what it cannot read', () => {
    expect(parseCents(' ')).toBeNull();
    expect(['acht', '1,55', '-1', '1001', '1.000'].map(parseCents)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
  it('writes the stored value back the way it is typed', () => {
    expect([80, 15, 0, null].map(centsText)).toEqual(['8', '1,5', '0', '']);
    for (const value of [80, 15, 0, 125]) expect(parseCents(centsText(value))).toBe(value);
  });
});
