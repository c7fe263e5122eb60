/**
 * How a client can be reached: the one rule behind automatic notices, bulk
 * messages, mass cancellations, access codes, the side panels and manual
 * messages. Pure.
 *
 * - Contact data counts only in its normalised form: a mobile number that
 *   parses as a mobile (E.164), a well-formed Threema ID, an e-mail address.
 * - Consent: a recorded withdrawal stops a channel for every purpose. Where
 *   a purpose requires consent (`notices.consentRequired`: automatic notices,
 *   bulk, mass cancellations, access codes), it must be recorded as given.
 *   A message staff write by hand to one client needs no recorded consent
 *   (`MANUAL_CONSENT`): only a withdrawal stops it.
 * - The practice's switches: SMS and Threema only where they are allowed.
 */
import type { Channel } from '../../../../shared/vocabulary';
import type { PracticeSettings } from '../../../../shared/contracts/settings';
import { isEmailAddress, normalizeMobile, normalizeThreemaId } from '../../host/domain';

export type ConsentRequired = Partial<Record<Channel, boolean>>;

/** A manual message to one client: no recorded consent needed, a withdrawal still stops it. */
export const MANUAL_CONSENT: ConsentRequired = { email: false, sms: false, threema: false };

/** What a client record offers, before normalising. */
export interface ReachableClient {
  mobile?: string | null;
  threemaId?: string | null;
  email?: string | null;
  /** the latest recorded consent per channel; missing = not recorded */
  consent: Partial<Record<Channel, boolean>>;
}

/** Normalised contact data (null when missing or unusable) and the consent. */
export interface Contact {
  /** consent per channel; undefined = not recorded */
  consent: Partial<Record<Channel, boolean>>;
  mobile: string | null;
  threemaId: string | null;
  email: string | null;
}

export interface PracticeSwitches {
  smsEnabled: boolean;
  threemaEnabled: boolean;
  preferThreema: boolean;
  /** whether a channel needs recorded consent for this purpose */
  consentRequired: ConsentRequired;
}

/** The client's usable contact data; the mobile number is parsed only if a channel asks for it (libphonenumber costs ~20 µs a number, bulk jobs reach thousands). */
export function contactOf(client: ReachableClient): Contact {
  let mobile: string | null | undefined;
  return {
    consent: client.consent,
    get mobile() {
      if (mobile === undefined) {
        const parsed = normalizeMobile(client.mobile);
        mobile = parsed.ok ? parsed.e164 : null;
      }
      return mobile;
    },
    threemaId: normalizeThreemaId(client.threemaId),
    email: isEmailAddress(client.email) ? client.email : null,
  };
}

/** Whether consent lets a message go on this channel (see the rule above). */
export function consentAllows(
  consent: Partial<Record<Channel, boolean>>,
  channel: Channel,
  required: ConsentRequired
): boolean {
  const recorded = consent[channel];
  if (recorded === false) return false;
  return !required[channel] || recorded === true;
}

/** The practice's side of the rule, with the consent a purpose requires. */
export function practiceSwitches(
  settings: Pick<PracticeSettings, 'smsEnabled' | 'threemaEnabled' | 'preferThreema'>,
  consentRequired: ConsentRequired
): PracticeSwitches {
  return {
    smsEnabled: settings.smsEnabled,
    threemaEnabled: settings.threemaEnabled,
    preferThreema: settings.preferThreema,
    consentRequired,
  };
}
