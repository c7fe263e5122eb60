/**
 * Which channels a notice goes out on, for one client. E-mail is independent;
 * of SMS and Threema only one is used: Threema where both are possible and the
 * practice prefers it (cheaper, end-to-end encrypted), with SMS as the
 * fallback when Threema fails for good.
 */
import type { Channel } from '../../../shared/vocabulary';

export interface ChannelSwitches {
  email: boolean;
  sms: boolean;
  threema: boolean;
}

export interface ClientReach {
  /** the client's own switches for this kind of notice */
  wants: ChannelSwitches;
  /** consent per channel; undefined = not recorded */
  consent: Partial<Record<Channel, boolean>>;
  /** normalised contact data; null when missing or unusable */
  mobile: string | null;
  threemaId: string | null;
  email: string | null;
}

export interface PracticeSwitches {
  smsEnabled: boolean;
  threemaEnabled: boolean;
  preferThreema: boolean;
  /** whether a channel needs recorded consent; e-mail usually not */
  consentRequired: Partial<Record<Channel, boolean>>;
}

export type SkipReason = 'not-wanted' | 'channel-disabled' | 'no-consent' | 'no-mobile' | 'no-threema-id' | 'no-email' | 'threema-preferred' | 'sms-preferred';

export interface ChannelChoice {
  channels: { channel: Channel; to: string }[];
  /** SMS to use if Threema fails permanently */
  fallback: { channel: 'sms'; to: string } | null;
  skipped: { channel: Channel; reason: SkipReason }[];
}

export function chooseChannels(client: ClientReach, practice: PracticeSwitches): ChannelChoice {
  const skipped: ChannelChoice['skipped'] = [];
  const usable = new Map<Channel, string>();
  // Read only for the channels in question: `mobile` may be a getter that parses the number (bulk jobs over thousands).
  const contactOf = (channel: Channel): string | null => (channel === 'sms' ? client.mobile : channel === 'threema' ? client.threemaId : client.email);
  const missing: Record<Channel, SkipReason> = { sms: 'no-mobile', threema: 'no-threema-id', email: 'no-email' };

  for (const channel of ['email', 'threema', 'sms'] as const) {
    if (!client.wants[channel]) {
      skipped.push({ channel, reason: 'not-wanted' });
      continue;
    }
    if ((channel === 'sms' && !practice.smsEnabled) || (channel === 'threema' && !practice.threemaEnabled)) {
      skipped.push({ channel, reason: 'channel-disabled' });
      continue;
    }
    // Missing contact data first: "no mobile number" is what staff can act on, consent comes after.
    const to = contactOf(channel);
    if (!to) {
      skipped.push({ channel, reason: missing[channel] });
      continue;
    }
    const consent = client.consent[channel];
    if (consent === false || (practice.consentRequired[channel] && consent !== true)) {
      skipped.push({ channel, reason: 'no-consent' });
      continue;
    }
    usable.set(channel, to);
  }

  const channels: ChannelChoice['channels'] = [];
  if (usable.has('email')) channels.push({ channel: 'email', to: usable.get('email')! });
  let fallback: ChannelChoice['fallback'] = null;
  if (usable.has('threema') && usable.has('sms')) {
    if (practice.preferThreema) {
      channels.push({ channel: 'threema', to: usable.get('threema')! });
      fallback = { channel: 'sms', to: usable.get('sms')! };
      skipped.push({ channel: 'sms', reason: 'threema-preferred' });
    } else {
      channels.push({ channel: 'sms', to: usable.get('sms')! });
      skipped.push({ channel: 'threema', reason: 'sms-preferred' });
    }
  } else if (usable.has('threema')) channels.push({ channel: 'threema', to: usable.get('threema')! });
  else if (usable.has('sms')) channels.push({ channel: 'sms', to: usable.get('sms')! });

  return { channels, fallback, skipped };
}
