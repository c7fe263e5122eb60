import {
  consentAllows,
  contactOf,
  MANUAL_CONSENT,
  practiceSwitches,
} from '../../server/src/notices/domain/reach';
import { chooseChannels, usableChannels } from '../../server/src/notices/domain/channel-choice';
import { chooseBulkChannel } from '../../server/src/bulk/domain/bulk';

const REQUIRED = { sms: true, threema: true, email: false };
const settings = { smsEnabled: true, threemaEnabled: true, preferThreema: true };

describe('one reachability rule', () => {
  it('consent: a withdrawal always stops a channel; where a purpose requires consent it must be recorded', () => {
    const cases: [boolean | undefined, typeof REQUIRED | typeof MANUAL_CONSENT, boolean][] = [
      [true, REQUIRED, true],
      [undefined, REQUIRED, false],
      [false, REQUIRED, false],
      [true, MANUAL_CONSENT, true],
      [undefined, MANUAL_CONSENT, true],
      [false, MANUAL_CONSENT, false],
    ];
    for (const [recorded, policy, allowed] of cases) {
      expect({
        recorded,
        policy,
        allowed: consentAllows(recorded === undefined ? {} : { sms: recorded }, 'sms', policy),
      }).toEqual({ recorded, policy, allowed });
    }
  });

  it('normalises contact data once, and parses the mobile number only when asked', () => {
    const contact = contactOf({
      mobile: '0171 1234567',
      threemaId: 'echoecho',
      email: 'kein-mail',
      consent: {},
    });
    expect(contact.threemaId).toBe('ECHOECHO');
    expect(contact.email).toBeNull();
    expect(contact.mobile).toBe('+491711234567');
    expect(contactOf({ mobile: '030 1234567', consent: {} }).mobile).toBeNull(); // a landline cannot take an SMS
  });

  it('the notice, bulk and manual paths apply it alike, each with its consent policy', () => {
    const unrecorded = contactOf({ mobile: '0171 1234567', email: 'a@example.org', consent: {} });
    const withdrawn = contactOf({
      mobile: '0171 1234567',
      email: 'a@example.org',
      consent: { sms: false },
    });
    const wants = { email: true, sms: true, threema: true };
    // automatic notice and bulk: SMS needs recorded consent
    expect(
      chooseChannels({ ...unrecorded, wants }, practiceSwitches(settings, REQUIRED)).channels.map(
        (c) => c.channel
      )
    ).toEqual(['email']);
    expect(chooseBulkChannel(unrecorded, practiceSwitches(settings, REQUIRED), 'sms')).toEqual({
      unreachable: ['no-consent'],
    });
    // by hand: unrecorded is fine, withdrawn is not
    expect(
      usableChannels(unrecorded, practiceSwitches(settings, MANUAL_CONSENT)).map((c) => c.channel)
    ).toEqual(['sms', 'email']);
    expect(
      usableChannels(withdrawn, practiceSwitches(settings, MANUAL_CONSENT)).map((c) => c.channel)
    ).toEqual(['email']);
    expect(chooseBulkChannel(withdrawn, practiceSwitches(settings, MANUAL_CONSENT), 'sms')).toEqual(
      { unreachable: ['no-consent'] }
    );
  });

  it("lists a manual message's channels in the practice's order, switched-off ones left out", () => {
    const everything = contactOf({
      mobile: '0171 1234567',
      threemaId: 'ECHOECHO',
      email: 'a@example.org',
      consent: { sms: true, threema: true },
    });
    expect(
      usableChannels(everything, practiceSwitches(settings, MANUAL_CONSENT)).map((c) => c.channel)
    ).toEqual(['threema', 'sms', 'email']);
    expect(
      usableChannels(
        everything,
        practiceSwitches({ ...settings, preferThreema: false }, MANUAL_CONSENT)
      ).map((c) => c.channel)
    ).toEqual(['sms', 'threema', 'email']);
    expect(
      usableChannels(
        everything,
        practiceSwitches({ ...settings, smsEnabled: false }, MANUAL_CONSENT)
      ).map((c) => c.channel)
    ).toEqual(['threema', 'email']);
  });
});
