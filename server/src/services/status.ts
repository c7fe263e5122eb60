import type { Core } from '@strapi/strapi';
import { callbackUrlsOf } from '../providers/callback-urls';
import { selectProviders } from '../providers/selection';
import { pluginConfig } from '../utils/plugin-config';
import { settingsService } from './settings';
import { messagesRepository } from '../repositories/messages';
import type { MessagingStatus } from '../../../shared/contracts/status';

/** What the home page shows: per channel, whether it is allowed and who would send. */
export const statusService = (strapi: Core.Strapi) => ({
  async get(practice?: string): Promise<MessagingStatus> {
    const config = pluginConfig(strapi);
    const settings = await settingsService(strapi).get(practice);
    const providers = selectProviders(config, process.env);
    const emailProvider = (strapi.config.get('plugin::email') as { provider?: string } | undefined)?.provider ?? 'sendmail';
    const counts = await messagesRepository(strapi).countByStatus(settings.practice);
    const urls = callbackUrlsOf(strapi);
    const twilio = providers.sms.provider === 'twilio';
    return {
      practice: settings.practice,
      publicUrl: config.publicUrl,
      counts,
      limits: {
        ratePerSecond: config.dispatcher.ratePerSecond,
        concurrency: config.dispatcher.concurrency,
        maxAttempts: config.dispatcher.maxAttempts,
        retentionDays: config.retention.days,
      },
      smsSenderDefault: process.env.TWILIO_MESSAGING_SERVICE_SID ? 'Messaging Service' : (process.env.TWILIO_FROM ?? null),
      channels: {
        sms: {
          enabled: settings.smsEnabled,
          ...providers.sms,
          webhookUrl: twilio ? urls.twilioStatus : null,
          inboundWebhookUrl: twilio ? urls.twilioInbound : null,
        },
        threema: { enabled: settings.threemaEnabled, ...providers.threema, webhookUrl: providers.threema.provider === 'threema' ? urls.threema : null },
        email: { enabled: true, provider: emailProvider, configured: true, missing: [], reason: 'explicit', webhookUrl: null },
      },
    };
  },
});
