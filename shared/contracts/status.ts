/** GET /messaging/status: what the home page shows. */
export interface ChannelStatus {
  /** practice switch (e-mail is always allowed) */
  enabled: boolean;
  /** provider that would send: twilio, threema, dry-run, a provider module's name, or the e-mail provider's name */
  provider: string;
  configured: boolean;
  /** what the real provider still needs: config keys (providers.sms.providerOptions.accountSid) or environment variables, never values */
  missing: string[];
  reason: 'explicit' | 'credentials-present' | 'no-credentials';
  /** the host's `providers.<channel>` in the plugin config, or the documented environment variables */
  source: 'config' | 'environment';
  /**
   * whether the provider's delivery reports (and for Twilio the STOP
   * replies) can be checked; false for Twilio without its auth token: they
   * are refused and no delivery status is recorded. null: no callbacks.
   */
  callbacksVerifiable: boolean | null;
  /** where the provider posts delivery reports (public URL + REST prefix); null when it posts none */
  webhookUrl: string | null;
  /** SMS through Twilio: where Twilio posts the clients' replies (STOP, START), to be set on the number */
  inboundWebhookUrl?: string | null;
}

export interface MessagingStatus {
  practice: string;
  publicUrl: string;
  /** messages of this practice per status */
  counts: Partial<Record<string, number>>;
  /** dispatcher limits from the plugin config (read-only in the admin) */
  limits: {
    ratePerSecond: { sms: number; threema: number; email: number };
    concurrency: { sms: number; threema: number; email: number };
    maxAttempts: number;
    retentionDays: number;
  };
  /** the sender used when the practice sets none: TWILIO_FROM or "Messaging Service" */
  smsSenderDefault: string | null;
  channels: { sms: ChannelStatus; threema: ChannelStatus; email: ChannelStatus };
  /** the demo's dry run: billed as if real, and kept for the "Dry-run outbox" */
  dryRun: { chargeAsReal: boolean; outbox: boolean };
}

export interface StatusResponse {
  data: MessagingStatus;
}
