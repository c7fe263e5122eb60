import { DateTime } from 'luxon';
import {
  endOfQuietHours,
  inQuietHours,
  planNotice,
  type PlanInput,
} from '../../server/src/notices/domain/scheduling';
import {
  chooseChannels,
  type ClientReach,
  type PracticeSwitches,
} from '../../server/src/notices/domain/channel-choice';

const zone = 'Europe/Berlin';
const berlin = (iso: string) => DateTime.fromISO(iso, { zone }).toJSDate();
const local = (date: Date) => DateTime.fromJSDate(date, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");
const quiet = { start: '21:00', end: '08:00' };
const plan = (overrides: Partial<PlanInput>) =>
  planNotice({
    kind: 'confirmation',
    now: berlin('2026-12-01T10:00'),
    appointmentStart: berlin('2026-12-03T14:30'),
    timeZone: zone,
    settleSeconds: 120,
    quietHours: quiet,
    ...overrides,
  });
const at = (result: ReturnType<typeof planNotice>) =>
  'sendAfter' in result ? local(result.sendAfter) : result.skip;

describe('quiet hours', () => {
  it('knows a window that wraps past midnight', () => {
    const t = (hhmm: string) => DateTime.fromISO(`2026-12-01T${hhmm}`, { zone });
    expect(
      ['20:59', '21:00', '23:30', '00:10', '07:59', '08:00'].map((h) => inQuietHours(t(h), quiet))
    ).toEqual([false, true, true, true, true, false]);
    expect(endOfQuietHours(t('22:00'), quiet).toISO()).toContain('2026-12-02T08:00');
    expect(endOfQuietHours(t('06:00'), quiet).toISO()).toContain('2026-12-01T08:00');
  });
});

describe('planning notices', () => {
  it('sends a confirmation after the settle delay', () => {
    expect(at(plan({}))).toBe('2026-12-01T10:02');
  });

  it('defers a confirmation booked at night to the end of the quiet hours', () => {
    expect(at(plan({ now: berlin('2026-12-01T22:30') }))).toBe('2026-12-02T08:00');
  });

  it('sends a same-day cancellation at once, even at night', () => {
    expect(
      at(
        plan({
          kind: 'cancellation',
          now: berlin('2026-12-03T06:30'),
          appointmentStart: berlin('2026-12-03T09:00'),
        })
      )
    ).toBe('2026-12-03T06:32');
    expect(at(plan({ kind: 'cancellation', now: berlin('2026-12-01T23:00') }))).toBe(
      '2026-12-02T08:00'
    );
  });

  it('never defers past the start: a change at night for an early appointment goes out before the quiet window... or at once', () => {
    // booked at 22:00 for 07:30 the next morning: the window is already running, so at once
    expect(
      at(
        plan({
          kind: 'change',
          now: berlin('2026-12-01T22:00'),
          appointmentStart: berlin('2026-12-02T07:30'),
        })
      )
    ).toBe('2026-12-01T22:02');
  });

  it('plans reminders at start minus the offset, out of quiet hours', () => {
    expect(at(plan({ kind: 'reminder', offsetHours: 48 }))).toBe('2026-12-01T14:30');
    expect(at(plan({ kind: 'reminder', offsetHours: 24 }))).toBe('2026-12-02T14:30');
    expect(
      at(plan({ kind: 'reminder', offsetHours: 24, appointmentStart: berlin('2026-12-03T07:30') }))
    ).toBe('2026-12-02T08:00');
    expect(
      at(plan({ kind: 'reminder', offsetHours: 2, appointmentStart: berlin('2026-12-03T09:00') }))
    ).toBe('2026-12-03T08:00');
  });

  it('moves a reminder that quiet hours would push past the start to before the window', () => {
    expect(
      at(plan({ kind: 'reminder', offsetHours: 1, appointmentStart: berlin('2026-12-03T08:00') }))
    ).toBe('2026-12-02T20:59');
  });

  it('skips a reminder that is already due at booking time (late booking gets only the confirmation)', () => {
    expect(
      at(plan({ kind: 'reminder', offsetHours: 48, appointmentStart: berlin('2026-12-02T14:30') }))
    ).toBe('reminder-already-due');
    expect(at(plan({ kind: 'confirmation', appointmentStart: berlin('2026-12-02T14:30') }))).toBe(
      '2026-12-01T10:02'
    );
  });

  it('plans nothing for an appointment that has started', () => {
    expect(at(plan({ appointmentStart: berlin('2026-12-01T09:00') }))).toBe('appointment-started');
    expect(
      at(
        plan({
          kind: 'cancellation',
          now: berlin('2026-12-03T14:29'),
          appointmentStart: berlin('2026-12-03T14:30'),
        })
      )
    ).toBe('appointment-started');
  });

  it('keeps wall-clock times across the DST changes (last Sundays of March and October)', () => {
    // Monday after the spring change: 24 h before 10:00 on 30 March is 10:00 on Sunday 29 March (23 real hours)
    const spring = plan({
      kind: 'reminder',
      offsetHours: 24,
      now: berlin('2026-03-27T10:00'),
      appointmentStart: berlin('2026-03-30T10:00'),
    });
    expect(at(spring)).toBe('2026-03-29T10:00');
    const autumn = plan({
      kind: 'reminder',
      offsetHours: 24,
      now: berlin('2026-10-23T10:00'),
      appointmentStart: berlin('2026-10-26T10:00'),
    });
    expect(at(autumn)).toBe('2026-10-25T10:00');
    // quiet hours end at 08:00 local on the change night too
    expect(
      at(plan({ now: berlin('2026-03-28T23:00'), appointmentStart: berlin('2026-03-31T10:00') }))
    ).toBe('2026-03-29T08:00');
    expect(
      at(plan({ now: berlin('2026-10-24T23:00'), appointmentStart: berlin('2026-10-27T10:00') }))
    ).toBe('2026-10-25T08:00');
    // and the hour offsets count real hours: 3 h before 02:30 UTC+1 on 26 Oct...
    const hours = planNotice({
      kind: 'reminder',
      offsetHours: 3,
      now: berlin('2026-10-24T10:00'),
      appointmentStart: DateTime.fromISO('2026-10-25T12:00', { zone }).toJSDate(),
      timeZone: zone,
      settleSeconds: 0,
      quietHours: null,
    });
    expect(at(hours)).toBe('2026-10-25T09:00');
  });
});

describe('choosing the channel', () => {
  const practice: PracticeSwitches = {
    smsEnabled: true,
    threemaEnabled: true,
    preferThreema: true,
    consentRequired: { sms: true, threema: true },
  };
  const client = (overrides: Partial<ClientReach> = {}): ClientReach => ({
    wants: { email: true, sms: true, threema: true },
    consent: { sms: true, threema: true, email: true },
    mobile: '+4915112345678',
    threemaId: 'KLIENT01',
    email: 'a@example.org',
    ...overrides,
  });

  it('prefers Threema over SMS and keeps SMS as the fallback; e-mail goes as well', () => {
    expect(chooseChannels(client(), practice)).toMatchObject({
      channels: [
        { channel: 'email', to: 'a@example.org' },
        { channel: 'threema', to: 'KLIENT01' },
      ],
      fallback: { channel: 'sms', to: '+4915112345678' },
    });
  });

  it('uses SMS when the practice does not prefer Threema', () => {
    expect(
      chooseChannels(client(), { ...practice, preferThreema: false }).channels.map((c) => c.channel)
    ).toEqual(['email', 'sms']);
  });

  it('respects the practice switches, consent and contact data, and says why', () => {
    const result = chooseChannels(
      client({ consent: { sms: false, threema: true }, threemaId: null }),
      { ...practice, smsEnabled: true }
    );
    expect(result.channels.map((c) => c.channel)).toEqual(['email']);
    expect(result.skipped).toEqual([
      { channel: 'threema', reason: 'no-threema-id' },
      { channel: 'sms', reason: 'no-consent' },
    ]);
    expect(
      chooseChannels(client(), { ...practice, threemaEnabled: false, smsEnabled: false }).skipped
    ).toEqual([
      { channel: 'threema', reason: 'channel-disabled' },
      { channel: 'sms', reason: 'channel-disabled' },
    ]);
  });

  it('finds no channel for a client who wants none that works', () => {
    const result = chooseChannels(client({ email: null, mobile: null, threemaId: null }), practice);
    expect(result.channels).toEqual([]);
    expect(result.skipped.map((s) => s.reason)).toEqual(['no-email', 'no-threema-id', 'no-mobile']);
  });
});
