/**
 * Builds the provider of each channel once, at bootstrap, from the plugin
 * config and the environment. A real provider chosen explicitly but missing
 * variables stops Strapi here with their names (like the upload plugin's
 * provider check), instead of failing at the first send.
 */
import type { Core } from '@strapi/strapi';
import type { MessagingConfig } from '../config';
import type { Channel } from '../../../shared/vocabulary';
import { callbackUrlsOf } from './callback-urls';
import { createDryRunProvider } from './dry-run';
import { createEmailProvider } from './email';
import { selectProviders } from './selection';
import { createThreemaClient, createThreemaProvider, type ThreemaClient } from './threema-gateway';
import { createTwilioSms } from './twilio-sms';
import type { MessageProvider } from './types';

export interface ProviderSet {
  sms: MessageProvider;
  threema: MessageProvider;
  email: MessageProvider;
  /** the Threema client when Threema is real (callbacks, lookups) */
  threemaClient?: ThreemaClient;
}

type EnvLike = Record<string, string | undefined>;

export function buildProviders(strapi: Core.Strapi, config: MessagingConfig, env: EnvLike = process.env): ProviderSet {
  const selected = selectProviders(config, env);
  for (const channel of ['sms', 'threema'] as const) {
    const choice = selected[channel];
    if (!choice.configured) {
      throw new Error(
        `plugin::messaging: ${channel} provider "${choice.provider}" was chosen explicitly but is missing ${choice.missing.join(', ')}`,
      );
    }
  }

  const callbacks = callbackUrlsOf(strapi);
  const sms =
    selected.sms.provider === 'twilio'
      ? createTwilioSms({
          accountSid: env.TWILIO_ACCOUNT_SID!,
          authToken: env.TWILIO_AUTH_TOKEN,
          apiKey: env.TWILIO_API_KEY,
          apiSecret: env.TWILIO_API_SECRET,
          from: env.TWILIO_FROM,
          messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID,
          apiBaseUrl: env.TWILIO_API_BASE_URL,
          timeoutMs: config.providerTimeoutMs,
          // The message id in the query lets a callback find its row even
          // before the provider's sid is recorded.
          statusCallbackUrl: (id) => `${callbacks.twilioStatus}?m=${id}`,
        })
      : createDryRunProvider('sms');

  let threemaClient: ThreemaClient | undefined;
  let threema: MessageProvider = createDryRunProvider('threema');
  if (selected.threema.provider === 'threema') {
    const options = {
      gatewayId: env.THREEMA_GATEWAY_ID!,
      secret: env.THREEMA_SECRET!,
      privateKey: env.THREEMA_PRIVATE_KEY,
      mode: (env.THREEMA_MODE === 'basic' ? 'basic' : 'e2e') as 'basic' | 'e2e',
      apiBaseUrl: env.THREEMA_API_BASE_URL,
      timeoutMs: config.providerTimeoutMs,
    };
    threemaClient = createThreemaClient(options);
    threema = createThreemaProvider(options, threemaClient);
  }

  return { sms, threema, email: createEmailProvider(strapi), threemaClient };
}

export const providerFor = (providers: ProviderSet, channel: Channel): MessageProvider => providers[channel];
