import type { Core } from '@strapi/strapi';
import { selectProviders } from '../providers/selection';
import { pluginConfig } from '../utils/plugin-config';
import { settingsService } from './settings';
import type { MessagingStatus } from '../../../shared/contracts/status';

/** What the home page shows: per channel, whether it is allowed and who would send. */
export const statusService = (strapi: Core.Strapi) => ({
  async get(practice?: string): Promise<MessagingStatus> {
    const config = pluginConfig(strapi);
    const settings = await settingsService(strapi).get(practice);
    const providers = selectProviders(config, process.env);
    const emailProvider = (strapi.config.get('plugin::email') as { provider?: string } | undefined)?.provider ?? 'sendmail';
    return {
      practice: settings.practice,
      publicUrl: config.publicUrl,
      channels: {
        sms: { enabled: settings.smsEnabled, ...providers.sms },
        threema: { enabled: settings.threemaEnabled, ...providers.threema },
        email: { enabled: true, provider: emailProvider, configured: true, missing: [], reason: 'explicit' },
      },
    };
  },
});
