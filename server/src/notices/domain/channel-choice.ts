/**
 * Which channels a notice goes out on, for one client. E-mail is independent;
 * of SMS and Threema only one is used: Threema where both are possible and the
 * practice prefers it (cheaper, end-to-end encrypted), with SMS as the
 * fallback when Threema fails for good.
 */
import type { Channel } from '../../../../shared/vocabulary';
import { consentAllows, type Contact, type PracticeSwitches } from './reach';

export interface ChannelSwitches {
  email: boolean;
  sms: boolean;
  threema: boolean;
}

export type { Contact, PracticeSwitches } from './reach';

export interface ClientReach extends Contact {
  /** the client's own switches for this kind of notice */
  wants: ChannelSwitches;
}

export type SkipReason =
  | 'not-wanted'
  | 'channel-disabled'
  | 'no-consent'
  | 'no-mobile'
  | 'no-threema-id'
  | 'no-email'
  | 'threema-preferred'
  | 'sms-preferred';

export interface ChannelChoice {
  channels: { channel: Channel; to: string }[];
  /** SMS to use if Threema fails permanently */
  fallback: { channel: 'sms'; to: string } | null;
  skipped: { channel: Channel; reason: SkipReason }[];
}

/** The channels the client wants, the practice allows, the contact data and consent permit; and why the others not. */
function usable(
  client: ClientReach,
  practice: PracticeSwitches
): { usable: Map<Channel, string>; skipped: ChannelChoice['skipped'] } {
  const skipped: ChannelChoice['skipped'] = [];
  const found = new Map<Channel, string>();
  // Read only for the channels in question: `mobile` may be a getter that parses the number (bulk jobs over thousands).
  const contactOf = (channel: Channel): string | null =>
    channel === 'sms' ? client.mobile : channel === 'threema' ? client.threemaId : client.email;
  const missing: Record<Channel, SkipReason> = {
    sms: 'no-mobile',
    threema: 'no-threema-id',
    email: 'no-email',
  };

  for (const channel of ['email', 'threema', 'sms'] as const) {
    if (!client.wants[channel]) {
      skipped.push({ channel, reason: 'not-wanted' });
      continue;
    }
    if (
      (channel === 'sms' && !practice.smsEnabled) ||
      (channel === 'threema' && !practice.threemaEnabled)
    ) {
      skipped.push({ channel, reason: 'channel-disabled' });
      continue;
    }
    // Missing contact data first: "no mobile number" is what staff can act on, consent comes after.
    const to = contactOf(channel);
    if (!to) {
      skipped.push({ channel, reason: missing[channel] });
      continue;
    }
    if (!consentAllows(client.consent, channel, practice.consentRequired)) {
      skipped.push({ channel, reason: 'no-consent' });
      continue;
    }
    found.set(channel, to);
  }
  return { usable: found, skipped };
}

const EVERY_CHANNEL: ChannelSwitches = { email: true, sms: true, threema: true };

/** Every channel a manual message can go on to this client (staff choose), in the practice's order of preference. */
export function usableChannels(
  contact: Contact,
  practice: PracticeSwitches
): { channel: Channel; to: string }[] {
  const found = usable({ ...contact, wants: EVERY_CHANNEL }, practice).usable;
  const order: Channel[] = practice.preferThreema
    ? ['threema', 'sms', 'email']
    : ['sms', 'threema', 'email'];
  return order
    .filter((channel) => found.has(channel))
    .map((channel) => ({ channel, to: found.get(channel)! }));
}

export function chooseChannels(client: ClientReach, practice: PracticeSwitches): ChannelChoice {
  const { usable: found, skipped } = usable(client, practice);
  const channels: ChannelChoice['channels'] = [];
  if (found.has('email')) channels.push({ channel: 'email', to: found.get('email')! });
  let fallback: ChannelChoice['fallback'] = null;
  if (found.has('threema') && found.has('sms')) {
    if (practice.preferThreema) {
      channels.push({ channel: 'threema', to: found.get('threema')! });
      fallback = { channel: 'sms', to: found.get('sms')! };
      skipped.push({ channel: 'sms', reason: 'threema-preferred' });
    } else {
      channels.push({ channel: 'sms', to: found.get('sms')! });
      skipped.push({ channel: 'threema', reason: 'sms-preferred' });
    }
  } else if (found.has('threema')) channels.push({ channel: 'threema', to: found.get('threema')! });
  else if (found.has('sms')) channels.push({ channel: 'sms', to: found.get('sms')! });

  return { channels, fallback, skipped };
}
