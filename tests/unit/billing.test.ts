import {
  billingRunCsv,
  billingRunLines,
  budgetLevel,
  euroDecimal,
  interimInvoiceDue,
  invoiceCsv,
  invoiceLines,
  invoiceNumber,
  monthOf,
  monthResolver,
  periodOfMonth,
  periodsDue,
  priceAccepted,
  roundToCents,
  unitsOf,
  usageKey,
  type AcceptedMessage,
} from '../../server/src/billing/domain/billing';
import {
  estimateCostTenthCents,
  practicePrices,
  unitPrices,
  type Tariff,
} from '../../server/src/billing/domain/costs';

const zone = 'Europe/Berlin';
const tariff: Tariff = {
  unitPriceTenthCents: { sms: 100, threema: 15 },
  freeUnitsPerMonth: { sms: 5, threema: 5 },
  interimThresholdTenthCents: 20000,
};
let nextId = 1;
const accepted = (channel: 'sms' | 'threema', units: number, at: string): AcceptedMessage => ({
  messageId: nextId++,
  channel,
  units,
  acceptedAt: new Date(at),
});

describe('the month a charge belongs to (practice time zone)', () => {
  it('puts the last second of January (Berlin, UTC+1) into January and the next second into February', () => {
    expect(monthOf(new Date('2026-01-31T22:59:59.999Z'), zone)).toBe('2026-01');
    expect(monthOf(new Date('2026-01-31T23:00:00.000Z'), zone)).toBe('2026-02');
    // in UTC both would be January
    expect(monthOf(new Date('2026-01-31T23:00:00.000Z'), 'UTC')).toBe('2026-01');
  });
  it('crosses the year at Berlin midnight, not UTC midnight', () => {
    expect(monthOf(new Date('2026-12-31T22:59:59Z'), zone)).toBe('2026-12');
    expect(monthOf(new Date('2026-12-31T23:00:00Z'), zone)).toBe('2027-01');
  });
  it('follows summer time (UTC+2 at the end of March)', () => {
    expect(monthOf(new Date('2026-03-31T21:59:59Z'), zone)).toBe('2026-03');
    expect(monthOf(new Date('2026-03-31T22:00:00Z'), zone)).toBe('2026-04');
  });
});

describe('pricing accepted messages', () => {
  it('gives the first 5 units of each channel free, independently per channel', () => {
    const messages = [
      ...Array.from({ length: 6 }, (_, n) => accepted('sms', 1, `2026-05-0${n + 1}T10:00:00Z`)),
      ...Array.from({ length: 6 }, (_, n) => accepted('threema', 1, `2026-05-0${n + 1}T11:00:00Z`)),
    ];
    const charges = priceAccepted(messages, new Map(), tariff, zone);
    const sum = (channel: string, key: 'freeUnits' | 'amountTenthCents') =>
      charges.filter((c) => c.channel === channel).reduce((s, c) => s + c[key], 0);
    expect(sum('sms', 'freeUnits')).toBe(5);
    expect(sum('sms', 'amountTenthCents')).toBe(100);
    expect(sum('threema', 'freeUnits')).toBe(5);
    expect(sum('threema', 'amountTenthCents')).toBe(15);
    // the sixth of each is the billed one (order of acceptance)
    expect(
      charges.filter((c) => c.amountTenthCents > 0).map((c) => c.acceptedAt.getUTCDate())
    ).toEqual([6, 6]);
  });

  it('charges the part of a long SMS that no longer fits into the free units', () => {
    const [charge] = priceAccepted(
      [accepted('sms', 3, '2026-05-10T10:00:00Z')],
      new Map([[usageKey('2026-05', 'sms'), 4]]),
      tariff,
      zone
    );
    expect(charge).toMatchObject({
      units: 3,
      freeUnits: 1,
      amountTenthCents: 200,
      unitPriceTenthCents: 100,
      month: '2026-05',
    });
  });

  it('counts the free units per month in Berlin time: a new month starts free again', () => {
    const used = new Map([[usageKey('2026-01', 'sms'), 5]]);
    const charges = priceAccepted(
      [accepted('sms', 1, '2026-01-31T22:30:00Z'), accepted('sms', 1, '2026-01-31T23:30:00Z')],
      used,
      tariff,
      zone
    );
    expect(charges.map((c) => [c.month, c.freeUnits, c.amountTenthCents])).toEqual([
      ['2026-01', 0, 100],
      ['2026-02', 1, 0],
    ]);
  });

  it('prices in the order the provider accepted, not the order given', () => {
    const late = accepted('sms', 1, '2026-05-02T10:00:00Z');
    const early = accepted('sms', 1, '2026-05-01T10:00:00Z');
    const charges = priceAccepted(
      [late, early],
      new Map([[usageKey('2026-05', 'sms'), 4]]),
      tariff,
      zone
    );
    expect(charges.find((c) => c.messageId === early.messageId)?.freeUnits).toBe(1);
    expect(charges.find((c) => c.messageId === late.messageId)?.freeUnits).toBe(0);
  });

  it('counts SMS per segment and Threema per message', () => {
    expect([
      unitsOf('sms', 3),
      unitsOf('sms', null),
      unitsOf('sms', 0),
      unitsOf('threema', 4),
    ]).toEqual([3, 1, 1, 1]);
  });

  it('honours a configured quota of zero', () => {
    const [charge] = priceAccepted(
      [accepted('threema', 1, '2026-05-01T10:00:00Z')],
      new Map(),
      { ...tariff, freeUnitsPerMonth: { sms: 5, threema: 0 } },
      zone
    );
    expect(charge.amountTenthCents).toBe(15);
  });
});

describe('invoice lines and rounding', () => {
  const charge = (
    channel: 'sms' | 'threema',
    units: number,
    freeUnits: number,
    unitPriceTenthCents = tariff.unitPriceTenthCents[channel]
  ) => ({
    channel,
    units,
    freeUnits,
    unitPriceTenthCents,
    amountTenthCents: (units - freeUnits) * unitPriceTenthCents,
  });

  it('rounds each line half up to the cent and adds the rounded lines', () => {
    expect([
      roundToCents(45),
      roundToCents(44),
      roundToCents(15),
      roundToCents(0),
      roundToCents(20100),
    ]).toEqual([5, 4, 2, 0, 2010]);
    const { lines, totalTenthCents, totalCents } = invoiceLines(
      [charge('sms', 3, 1), charge('threema', 8, 5)],
      tariff
    );
    expect(
      lines.map((l) => [
        l.channel,
        l.units,
        l.freeUnits,
        l.billedUnits,
        l.amountTenthCents,
        l.amountCents,
      ])
    ).toEqual([
      ['sms', 3, 1, 2, 200, 20],
      ['threema', 8, 5, 3, 45, 5], // 4.5 ct -> 5 ct
    ]);
    expect(totalTenthCents).toBe(245);
    expect(totalCents).toBe(25);
  });

  it('always shows an SMS and a Threema line', () => {
    const { lines } = invoiceLines([charge('threema', 2, 0)], tariff);
    expect(lines.map((l) => [l.channel, l.units, l.amountCents])).toEqual([
      ['sms', 0, 0],
      ['threema', 2, 3],
    ]);
  });

  it('gives a price change within the period its own line', () => {
    const { lines, totalCents } = invoiceLines(
      [charge('sms', 2, 0, 100), charge('sms', 1, 0, 90)],
      tariff
    );
    expect(
      lines
        .filter((l) => l.channel === 'sms')
        .map((l) => [l.unitPriceTenthCents, l.units, l.amountCents])
    ).toEqual([
      [90, 1, 9],
      [100, 2, 20],
    ]);
    expect(totalCents).toBe(29);
  });
});

describe('the interim threshold', () => {
  it('is crossed only above the threshold: 20.00 EUR is not, one more SMS unit is', () => {
    expect(interimInvoiceDue(20000, 20000)).toBe(false);
    expect(interimInvoiceDue(20000 + 100, 20000)).toBe(true);
    expect(interimInvoiceDue(20000 + 15, 20000)).toBe(true);
    expect(interimInvoiceDue(19999, 20000)).toBe(false);
  });
});

describe('billing periods', () => {
  const grace = 5 * 60_000;
  it('knows the period of a month', () => {
    expect(periodOfMonth('2026-02', 'monthly')).toEqual({
      key: '2026-02',
      start: '2026-02-01',
      end: '2026-02-28',
      firstMonthAfter: '2026-03',
    });
    expect(periodOfMonth('2028-02', 'monthly').end).toBe('2028-02-29');
    expect(periodOfMonth('2026-07', 'yearly')).toEqual({
      key: '2026',
      start: '2026-01-01',
      end: '2026-12-31',
      firstMonthAfter: '2027-01',
    });
  });

  it('closes January at Berlin midnight plus the grace, not earlier', () => {
    // Berlin midnight Feb 1 = 2026-01-31T23:00Z
    expect(
      periodsDue(['2026-01'], 'monthly', new Date('2026-01-31T23:04:59Z'), zone, grace)
    ).toEqual([]);
    expect(
      periodsDue(['2026-01'], 'monthly', new Date('2026-01-31T23:05:00Z'), zone, grace).map(
        (p) => p.key
      )
    ).toEqual(['2026-01']);
    expect(
      periodsDue(['2026-02'], 'monthly', new Date('2026-01-31T23:05:00Z'), zone, grace)
    ).toEqual([]);
  });

  it('closes a yearly period at the turn of the year in Berlin', () => {
    expect(
      periodsDue(['2026-03', '2026-12'], 'yearly', new Date('2026-12-31T22:00:00Z'), zone, grace)
    ).toEqual([]);
    const due = periodsDue(
      ['2026-03', '2026-12'],
      'yearly',
      new Date('2026-12-31T23:10:00Z'),
      zone,
      grace
    );
    expect(due.map((p) => [p.key, p.start, p.end, p.firstMonthAfter])).toEqual([
      ['2026', '2026-01-01', '2026-12-31', '2027-01'],
    ]);
  });

  it('lists several missed periods oldest first', () => {
    expect(
      periodsDue(
        ['2026-03', '2026-01', '2026-04'],
        'monthly',
        new Date('2026-04-15T10:00:00Z'),
        zone,
        grace
      ).map((p) => p.key)
    ).toEqual(['2026-01', '2026-03']);
  });
});

describe('numbers, budget and CSV', () => {
  it('numbers invoices per year', () => {
    expect(invoiceNumber(2026, 7)).toBe('MSG-2026-0007');
  });

  it('warns at 80 % and 100 % of the budget, never without one', () => {
    expect([
      budgetLevel(39_999, 50_000),
      budgetLevel(40_000, 50_000),
      budgetLevel(49_999, 50_000),
      budgetLevel(50_000, 50_000),
      budgetLevel(90_000, null),
    ]).toEqual([0, 80, 80, 100, 0]);
  });

  it('writes euros with three decimals for the exact amounts', () => {
    expect([euroDecimal(15), euroDecimal(20100), euroDecimal(0), euroDecimal(1005)]).toEqual([
      '0.015',
      '20.100',
      '0.000',
      '1.005',
    ]);
  });

  it('exports an invoice as CSV with a line per channel and a total', () => {
    const { lines, totalTenthCents, totalCents } = invoiceLines(
      [
        {
          channel: 'sms',
          units: 206,
          freeUnits: 5,
          unitPriceTenthCents: 100,
          amountTenthCents: 20100,
        },
        {
          channel: 'threema',
          units: 8,
          freeUnits: 5,
          unitPriceTenthCents: 15,
          amountTenthCents: 45,
        },
      ],
      tariff
    );
    const csv = invoiceCsv({
      number: 'MSG-2026-0001',
      kind: 'interim',
      practice: 'Praxis, Nord',
      periodStart: '2026-05-01',
      periodEnd: '2026-05-20',
      issuedAt: new Date('2026-05-20T08:00:00Z'),
      lines,
      totalTenthCents,
      totalCents,
    });
    const rows = csv.trim().split('\r\n');
    expect(rows[0]).toBe(
      'invoice,kind,practice,issued_at,period_start,period_end,channel,units,free_units,billed_units,unit_price_eur,amount_exact_eur,amount_eur'
    );
    expect(rows[1]).toBe(
      'MSG-2026-0001,interim,"Praxis, Nord",2026-05-20T08:00:00.000Z,2026-05-01,2026-05-20,sms,206,5,201,0.100,20.100,20.10'
    );
    expect(rows[2]).toBe(
      'MSG-2026-0001,interim,"Praxis, Nord",2026-05-20T08:00:00.000Z,2026-05-01,2026-05-20,threema,8,5,3,0.015,0.045,0.05'
    );
    expect(rows[3]).toBe(
      'MSG-2026-0001,interim,"Praxis, Nord",2026-05-20T08:00:00.000Z,2026-05-01,2026-05-20,total,214,10,204,,20.145,20.15'
    );
    expect(rows).toHaveLength(4);
  });
});

describe('the month resolver of a billing pass', () => {
  it('agrees with monthOf across month, year and summer-time boundaries, in any order', () => {
    const resolve = monthResolver(zone);
    const instants = [
      '2026-01-31T22:59:59.999Z',
      '2026-01-31T23:00:00.000Z',
      '2026-03-29T00:59:59Z',
      '2026-03-29T01:00:00Z',
      '2026-03-31T21:59:59Z',
      '2026-03-31T22:00:00Z',
      '2026-10-25T00:30:00Z',
      '2026-12-31T22:59:59Z',
      '2026-12-31T23:00:00Z',
      '2026-01-15T12:00:00Z',
    ].map((iso) => new Date(iso));
    for (const at of [...instants, ...instants.reverse()])
      expect(resolve(at)).toBe(monthOf(at, zone));
  });
});

describe('the operator’s billing run', () => {
  const invoice = (number: string, practice: string, sms: number[], threema: number[]) => ({
    number,
    kind: 'regular' as const,
    practice,
    periodStart: '2026-11-01',
    periodEnd: '2026-11-30',
    issuedAt: new Date('2026-12-01T00:06:00Z'),
    lines: [
      {
        channel: 'sms' as const,
        units: sms[0],
        freeUnits: sms[1],
        billedUnits: sms[0] - sms[1],
        unitPriceTenthCents: 100,
        amountTenthCents: (sms[0] - sms[1]) * 100,
        amountCents: (sms[0] - sms[1]) * 10,
      },
      {
        channel: 'threema' as const,
        units: threema[0],
        freeUnits: threema[1],
        billedUnits: threema[0] - threema[1],
        unitPriceTenthCents: 15,
        amountTenthCents: (threema[0] - threema[1]) * 15,
        amountCents: Math.round(((threema[0] - threema[1]) * 15) / 10),
      },
    ],
    totalTenthCents: 0,
    totalCents: 0,
  });
  const names: Record<string, string> = { nord: 'Praxis Nord', see: 'Praxis am See' };

  it('adds a practice’s invoices of the month per channel, practices by name', () => {
    const lines = billingRunLines(
      [
        invoice('MSG-2026-0003', 'nord', [40, 5], [10, 5]),
        invoice('MSG-2026-0001', 'see', [6, 5], [0, 0]),
        invoice('MSG-2026-0004', 'nord', [210, 0], [3, 0]), // an interim of the same month
      ],
      (key) => names[key] ?? key
    );
    expect(
      lines.map((l) => [
        l.practice,
        l.channel,
        l.invoices.join(' '),
        l.units,
        l.billedUnits,
        l.amountCents,
      ])
    ).toEqual([
      ['see', 'sms', 'MSG-2026-0001', 6, 1, 10],
      ['see', 'threema', 'MSG-2026-0001', 0, 0, 0],
      ['nord', 'sms', 'MSG-2026-0003 MSG-2026-0004', 250, 245, 2450],
      // the sum of what each invoice billed (8 + 5 cents), not the exact 12.0 rounded once
      ['nord', 'threema', 'MSG-2026-0003 MSG-2026-0004', 13, 8, 13],
    ]);
    const csv = billingRunCsv('2026-12', lines).split('\r\n');
    expect(csv[0]).toBe(
      'month,practice,practice_name,channel,invoices,units,free_units,billed_units,amount_exact_eur,amount_eur'
    );
    expect(csv[3]).toBe(
      '2026-12,nord,Praxis Nord,sms,MSG-2026-0003 MSG-2026-0004,250,5,245,24.500,24.50'
    );
    expect(billingRunCsv('2026-12', [])).toBe(csv[0] + '\r\n');
  });
});

describe('a practice’s own prices', () => {
  const defaults = { smsTenthCents: 100, threemaTenthCents: 15 };

  it('takes the operator’s price where set and the plugin’s where not', () => {
    expect(practicePrices(defaults, { smsTenthCents: 80, threemaTenthCents: null })).toEqual({
      smsTenthCents: 80,
      threemaTenthCents: 15,
    });
    expect(practicePrices(defaults, null)).toEqual(defaults);
    // 0 is a price (a practice that is not charged), not "unset"
    expect(practicePrices(defaults, { smsTenthCents: 0, threemaTenthCents: 0 })).toEqual({
      smsTenthCents: 0,
      threemaTenthCents: 0,
    });
  });

  it('prices a message at the practice’s prices: SMS per segment, Threema per message, e-mail free', () => {
    const own = practicePrices(defaults, { smsTenthCents: 80, threemaTenthCents: 12 });
    expect(estimateCostTenthCents(own, 'sms', 3)).toBe(240);
    expect(estimateCostTenthCents(own, 'threema', 1)).toBe(12);
    expect(estimateCostTenthCents(own, 'email', 1)).toBe(0);
    expect(unitPrices(own)).toEqual({ sms: 80, threema: 12 });
  });
});
