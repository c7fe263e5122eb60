import {
  changesConsent,
  currentConsent,
  optOutWithdraws,
  orderedConsent,
} from '../../server/src/host/domain/consent';

const TZ = 'Europe/Berlin';
const intake = { channel: 'sms', granted: true, date: '2026-01-05', source: 'Anmeldebogen' };
const at = (iso: string) => new Date(iso);

describe('consent entries in order', () => {
  it('orders by day, within a day by the moment when all have one, else as added', () => {
    const stop = {
      channel: 'sms',
      granted: false,
      date: '2026-12-01T09:00:00.000Z',
      source: 'STOP',
    };
    const start = {
      channel: 'sms',
      granted: true,
      date: '2026-12-01T08:00:00.000Z',
      source: 'START',
    };
    expect(orderedConsent([stop, start, intake], TZ).map((e) => e.source)).toEqual([
      'Anmeldebogen',
      'START',
      'STOP',
    ]);
    // a day without a moment on the same day: the order they were added in
    const handwritten = { channel: 'sms', granted: true, date: '2026-12-01', source: 'Telefon' };
    expect(orderedConsent([stop, handwritten, start], TZ).map((e) => e.source)).toEqual([
      'STOP',
      'Telefon',
      'START',
    ]);
    // Date objects (as the query engine returns datetimes) and missing dates (oldest)
    expect(
      orderedConsent(
        [
          { channel: 'sms', date: new Date('2026-03-01T10:00:00Z'), source: 'b' },
          { channel: 'sms', date: null, source: 'a' },
        ],
        TZ
      ).map((e) => e.source)
    ).toEqual(['a', 'b']);
  });

  it('takes the day in the practice’s time zone', () => {
    // 23:30 UTC on 30 Nov is 00:30 on 1 Dec in Berlin: after a handwritten entry of 30 Nov
    const late = {
      channel: 'sms',
      granted: false,
      date: '2026-11-30T23:30:00.000Z',
      source: 'STOP',
    };
    const handwritten = { channel: 'sms', granted: true, date: '2026-11-30', source: 'Telefon' };
    expect(orderedConsent([late, handwritten], TZ).map((e) => e.source)).toEqual([
      'Telefon',
      'STOP',
    ]);
  });

  it('gives the latest state per channel and says whether an entry would change it', () => {
    const entries = [
      intake,
      { channel: 'threema', granted: true, date: '2026-01-05' },
      { channel: 'sms', granted: false, date: '2026-02-01T10:00:00Z' },
    ];
    expect(currentConsent(entries, TZ)).toEqual({ sms: false, threema: true });
    expect(changesConsent(entries, 'sms', false, TZ)).toBe(false); // a second STOP
    expect(changesConsent(entries, 'sms', true, TZ)).toBe(true);
    expect(changesConsent(entries, 'email', false, TZ)).toBe(true); // nothing known yet
    expect(changesConsent([intake], 'sms', true, TZ)).toBe(false); // START while given
  });
});

describe('an opt-out (Twilio 21610) about a message', () => {
  const start = {
    channel: 'sms',
    granted: true,
    date: '2026-12-01T10:00:00.000Z',
    source: 'SMS reply "START"',
  };
  const stop = {
    channel: 'sms',
    granted: false,
    date: '2026-12-01T09:00:00.000Z',
    source: 'SMS reply "STOP"',
  };

  it('withdraws for a message sent after the latest opt-in', () => {
    expect(optOutWithdraws([intake], 'sms', at('2026-12-01T08:00:00Z'), TZ)).toBe(true);
    expect(optOutWithdraws([intake, stop, start], 'sms', at('2026-12-01T10:00:01Z'), TZ)).toBe(
      true
    );
    expect(optOutWithdraws([], 'sms', at('2026-12-01T10:00:01Z'), TZ)).toBe(true);
  });

  it('does not withdraw for a message sent before the latest opt-in (a late or replayed report)', () => {
    expect(optOutWithdraws([intake, stop, start], 'sms', at('2026-12-01T08:59:00Z'), TZ)).toBe(
      false
    );
    expect(optOutWithdraws([intake, stop, start], 'sms', at('2026-12-01T10:00:00Z'), TZ)).toBe(
      false
    );
  });

  it('adds nothing when consent is withdrawn already (a replay)', () => {
    expect(
      optOutWithdraws(
        [intake, { ...stop, date: '2026-12-01T11:00:00Z' }],
        'sms',
        at('2026-12-02T08:00:00Z'),
        TZ
      )
    ).toBe(false);
  });

  it('does not withdraw when the opt-in is known only by the same day as the send; does the day after', () => {
    const byDay = { channel: 'sms', granted: true, date: '2026-12-01', source: 'Telefon' };
    expect(optOutWithdraws([byDay], 'sms', at('2026-12-01T20:00:00Z'), TZ)).toBe(false);
    expect(optOutWithdraws([byDay], 'sms', at('2026-11-30T20:00:00Z'), TZ)).toBe(false);
    expect(optOutWithdraws([byDay], 'sms', at('2026-12-01T23:30:00Z'), TZ)).toBe(true); // 00:30 on 2 Dec in Berlin
  });

  it('looks only at the channel it is about', () => {
    const threemaLater = { channel: 'threema', granted: true, date: '2026-12-05T00:00:00Z' };
    expect(optOutWithdraws([intake, threemaLater], 'sms', at('2026-12-01T08:00:00Z'), TZ)).toBe(
      true
    );
  });
});
