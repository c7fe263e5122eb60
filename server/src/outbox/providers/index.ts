/**
 * Builds the provider of each channel once, at start-up (register), from the
 * plugin config alone: `providers.<channel>` as `{ provider, providerOptions }`,
 * or the environment's block for a channel the host left out
 * (domain/provider-selection.ts). Built-in providers are made here; any other name
 * is loaded as a module (providers/modules.ts). What is wrong stops Strapi
 * with the config key or the module named, like the upload plugin does,
 * instead of failing at the first send. Credentials reach the code only
 * through these options: the webhooks check signatures with `callbacks`.
 */
import type { Core } from '@strapi/strapi';
import { ConfigError, type MessagingConfig } from '../../kernel/config';
import type { Channel } from '../../../../shared/vocabulary';
import { callbackUrlsOf } from './callback-urls';
import { createDryRunProvider } from './dry-run';
import { createDryRunOutbox, type DryRunOutbox } from './dry-run-outbox';
import { createEmailProvider } from './email';
import { loadProviderModule } from './modules';
import {
  chooseProvider,
  providerProblem,
  twilioCallbacksVerifiable,
  type ProviderChannel,
  type ProviderChoice,
} from '../domain/provider-selection';
import {
  createThreemaClient,
  createThreemaProvider,
  type ThreemaClient,
  type ThreemaOptions,
} from './threema-gateway';
import { createTwilioSms } from './twilio-sms';
import type { MessageProvider } from './types';

export interface ProviderSet {
  sms: MessageProvider;
  threema: MessageProvider;
  email: MessageProvider;
  /** the Threema client when Threema is real (callbacks, lookups) */
  threemaClient?: ThreemaClient;
  /** what the dry run "sent", when `dryRun.outbox` is on (the demo) */
  dryRunOutbox: DryRunOutbox | null;
  /**
   * What the public webhooks check signatures with, from the chosen
   * providers' options; null when that provider is not in use. Twilio's
   * authToken is undefined in an API-key set-up without it: its callbacks
   * cannot be verified and are refused.
   */
  callbacks: {
    twilio: { authToken?: string } | null;
    threema: { gatewayId: string; secret: string } | null;
  };
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/** Stops Strapi when a channel's block cannot work (the validator checked it already; the config may have changed since). */
function assertChoice(config: MessagingConfig, channel: ProviderChannel): ProviderChoice {
  const problem = providerProblem(config, channel);
  if (problem) throw new ConfigError(problem.key, problem.problem);
  return chooseProvider(config, channel);
}

export function buildProviders(strapi: Core.Strapi, config: MessagingConfig): ProviderSet {
  const urls = callbackUrlsOf(strapi);
  const dryRunOutbox = config.dryRun.outbox ? createDryRunOutbox() : null;
  const dryRun = (channel: Channel) =>
    createDryRunProvider(
      channel,
      dryRunOutbox ? (message) => dryRunOutbox.record(message) : undefined
    );
  const fromModule = (choice: ProviderChoice) =>
    loadProviderModule(choice.provider, {
      appRoot: strapi.dirs.app.root,
      channel: choice.channel,
      providerOptions: choice.options,
      settings: {
        channel: choice.channel,
        timeoutMs: config.providerTimeoutMs,
        publicUrl: config.publicUrl,
      },
    });

  const smsChoice = assertChoice(config, 'sms');
  let sms: MessageProvider;
  let twilio: ProviderSet['callbacks']['twilio'] = null;
  if (smsChoice.provider === 'twilio') {
    const o = smsChoice.options;
    const verifiable = twilioCallbacksVerifiable(smsChoice);
    twilio = { authToken: verifiable ? text(o.authToken) : undefined };
    sms = createTwilioSms({
      accountSid: text(o.accountSid)!,
      authToken: text(o.authToken),
      apiKey: text(o.apiKey),
      apiSecret: text(o.apiSecret),
      from: text(o.from),
      messagingServiceSid: text(o.messagingServiceSid),
      apiBaseUrl: text(o.apiBaseUrl),
      timeoutMs: config.providerTimeoutMs,
      // The message id in the query lets a callback find its row even before
      // the provider's sid is recorded. Without the auth token a callback
      // could not be verified, so Twilio is not asked to send any.
      statusCallbackUrl: verifiable ? (id) => `${urls.twilioStatus}?m=${id}` : undefined,
    });
  } else {
    sms = smsChoice.module ? fromModule(smsChoice) : dryRun('sms');
  }

  const threemaChoice = assertChoice(config, 'threema');
  let threemaClient: ThreemaClient | undefined;
  let threema: MessageProvider;
  let threemaCallbacks: ProviderSet['callbacks']['threema'] = null;
  if (threemaChoice.provider === 'threema') {
    const o = threemaChoice.options;
    const options: ThreemaOptions = {
      gatewayId: text(o.gatewayId)!,
      secret: text(o.secret)!,
      privateKey: text(o.privateKey),
      mode: o.mode === 'basic' ? 'basic' : 'e2e',
      apiBaseUrl: text(o.apiBaseUrl),
      timeoutMs: config.providerTimeoutMs,
    };
    threemaClient = createThreemaClient(options);
    threema = createThreemaProvider(options, threemaClient);
    threemaCallbacks = { gatewayId: options.gatewayId, secret: options.secret };
  } else {
    threema = threemaChoice.module ? fromModule(threemaChoice) : dryRun('threema');
  }

  const emailChoice = assertChoice(config, 'email');
  const email = emailChoice.provider === 'dry-run' ? dryRun('email') : createEmailProvider(strapi);

  return {
    sms,
    threema,
    email,
    threemaClient,
    dryRunOutbox,
    callbacks: { twilio, threema: threemaCallbacks },
  };
}
