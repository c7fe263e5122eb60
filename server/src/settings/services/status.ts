import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import { callbackUrlsOf } from '../../outbox';
import { chooseProviders, twilioCallbacksVerifiable, type ProviderChoice } from '../../outbox';
import { pluginConfig } from '../../kernel/plugin-config';
import { messagesRepository } from '../../outbox';
import type { ChannelStatus, MessagingStatus } from '../../../../shared/contracts/status';

/** A choice as the admin may see it: names and states, never the options' values. */
const shown = (
  choice: ProviderChoice
): Omit<ChannelStatus, 'enabled' | 'webhookUrl' | 'callbacksVerifiable'> => ({
  provider: choice.provider,
  configured: choice.configured,
  missing: choice.missing,
  reason: choice.reason,
  source: choice.source,
});

/** What the home page shows: per channel, whether it is allowed and who would send. */
export const statusService = (strapi: Core.Strapi) => ({
  async get(practice?: string): Promise<MessagingStatus> {
    const config = pluginConfig(strapi);
    const settings = await getService(strapi, 'settings').get(practice);
    const providers = chooseProviders(config);
    const emailProvider =
      (strapi.config.get('plugin::email') as { provider?: string } | undefined)?.provider ??
      'sendmail';
    const counts = await messagesRepository(strapi).countByStatus(settings.practice);
    const urls = callbackUrlsOf(strapi);
    const twilio = providers.sms.provider === 'twilio';
    const threema = providers.threema.provider === 'threema';
    const twilioOptions = twilio ? providers.sms.options : {};
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
      smsSenderDefault: twilioOptions.messagingServiceSid
        ? 'Messaging Service'
        : typeof twilioOptions.from === 'string'
          ? twilioOptions.from
          : null,
      channels: {
        sms: {
          enabled: settings.smsEnabled,
          ...shown(providers.sms),
          webhookUrl: twilio ? urls.twilioStatus : null,
          inboundWebhookUrl: twilio ? urls.twilioInbound : null,
          callbacksVerifiable: twilio ? twilioCallbacksVerifiable(providers.sms) : null,
        },
        threema: {
          enabled: settings.threemaEnabled,
          ...shown(providers.threema),
          webhookUrl: threema ? urls.threema : null,
          callbacksVerifiable: threema ? true : null,
        },
        email: {
          enabled: true,
          ...shown(providers.email),
          provider: providers.email.provider === 'dry-run' ? 'dry-run' : emailProvider,
          webhookUrl: null,
          callbacksVerifiable: null,
        },
      },
      dryRun: { chargeAsReal: config.dryRun.chargeAsReal, outbox: config.dryRun.outbox },
    };
  },
});
