/** GET /messaging/status: what the home page shows. */
export interface ChannelStatus {
  /** practice switch (e-mail is always allowed) */
  enabled: boolean;
  /** provider that would send: twilio, threema, dry-run, or the e-mail provider's name */
  provider: string;
  configured: boolean;
  /** names of missing environment variables, never values */
  missing: string[];
  reason: 'explicit' | 'credentials-present' | 'no-credentials';
}

export interface MessagingStatus {
  practice: string;
  publicUrl: string;
  channels: { sms: ChannelStatus; threema: ChannelStatus; email: ChannelStatus };
}

export interface StatusResponse {
  data: MessagingStatus;
}
