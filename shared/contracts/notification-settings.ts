/**
 * Which automatic notices go out on which channel. Stored as JSON on the
 * host's record type (defaults) and on each client (their own copy).
 */
export type NoticeKind = 'confirmation' | 'change' | 'reminder' | 'cancellation';

export interface ChannelSwitches {
  email: boolean;
  sms: boolean;
  threema: boolean;
}

export interface NotificationSettings {
  confirmation: ChannelSwitches;
  change: ChannelSwitches;
  reminder: ChannelSwitches & { offsetsHours: number[] };
  cancellation: ChannelSwitches;
}
