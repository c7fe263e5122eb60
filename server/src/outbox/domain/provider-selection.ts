/**
 * Which provider serves each channel, decided from the plugin config alone.
 * Pure, so the start-up check, the status page and the webhooks agree, and
 * it is tested without Strapi.
 *
 * A channel's block is the host's `providers.<channel>` or, when the host
 * leaves that channel out, the block the default config read from the
 * documented environment variables (`providersFromEnv`). The two are never
 * mixed: Strapi deep-merges a host's config into the defaults, which would
 * hand TWILIO_* values to a provider the host configured itself. Missing
 * options are named the way the host would fix them (a config key, or the
 * variable); values never leave this module but through `options`.
 */
import {
  BUILT_IN_NAMES,
  DEFAULT_PROVIDERS,
  PROVIDER_VARIABLES,
  REAL_PROVIDERS,
  type BuiltInProvider,
  type ProviderChannel,
  type ProviderConfig,
  type Requirement,
} from './built-in-providers';
import { isJsonObject } from '../../../../shared/json';

export type { ProviderChannel, ProviderConfig } from './built-in-providers';

export interface ProvidersConfig {
  providers?: Partial<Record<ProviderChannel, ProviderConfig | string | undefined>>;
  providersFromEnv?: Partial<Record<ProviderChannel, ProviderConfig | undefined>>;
}

export interface ProviderChoice {
  channel: ProviderChannel;
  /** what sends: twilio, threema, dry-run, strapi (e-mail plugin) or a module's name as configured */
  provider: string;
  /** a provider package or path, loaded at start-up (outbox/providers/modules.ts) */
  module: boolean;
  /** the chosen block's providerOptions: credentials, never shown */
  options: Record<string, unknown>;
  /** the host's providers.<channel>, or the environment variables */
  source: 'config' | 'environment';
  /** false only for a real provider chosen explicitly without what it needs */
  configured: boolean;
  /** what the real provider would still need, as config keys or variable names */
  missing: string[];
  reason: 'explicit' | 'credentials-present' | 'no-credentials';
}

/** A config key and what is wrong with it, for the start-up error. */
export interface ProviderProblem {
  key: string;
  problem: string;
}

const blockOf = (
  config: ProvidersConfig,
  channel: ProviderChannel
): { block: unknown; source: 'config' | 'environment'; plainName?: boolean } => {
  const own: unknown = config.providers?.[channel];
  const fromEnv = config.providersFromEnv?.[channel];
  // Earlier versions took a plain name (`providers.sms: 'twilio'`) with the credentials from the
  // environment; such a config keeps working and means exactly that.
  if (typeof own === 'string')
    return {
      block: { provider: own, providerOptions: fromEnv?.providerOptions ?? {} },
      source: 'environment',
      plainName: true,
    };
  if (own !== undefined && own !== null) return { block: own, source: 'config' };
  return { block: fromEnv ?? { provider: DEFAULT_PROVIDERS[channel] }, source: 'environment' };
};

/** Names an option as the host would set it: `providers.sms.providerOptions.accountSid`, or TWILIO_ACCOUNT_SID. */
function namer(
  channel: ProviderChannel,
  source: 'config' | 'environment',
  builtIn?: BuiltInProvider
) {
  const full = (option: string) =>
    source === 'environment' && builtIn?.variables[option]
      ? builtIn.variables[option]
      : `providers.${channel}.providerOptions.${option}`;
  const short = (option: string) =>
    source === 'environment' && builtIn?.variables[option] ? builtIn.variables[option] : option;
  return {
    full,
    requirement: (r: Requirement) =>
      r.or ? `${full(r.option)} (or ${r.or.map(short).join(' + ')})` : full(r.option),
  };
}

/** The provider serving `channel`, from the host's block or the environment's. Assumes a block that passed providerProblem(). */
export function chooseProvider(config: ProvidersConfig, channel: ProviderChannel): ProviderChoice {
  const { block, source } = blockOf(config, channel);
  const { provider: rawName, providerOptions } = (
    isJsonObject(block) ? block : {}
  ) as Partial<ProviderConfig>;
  const provider =
    typeof rawName === 'string' && rawName.trim() ? rawName.trim() : DEFAULT_PROVIDERS[channel];
  const options = isJsonObject(providerOptions) ? providerOptions : {};
  const base = { channel, options, source, module: false };
  if (provider === 'dry-run' || provider === 'strapi') {
    return { ...base, provider, configured: true, missing: [], reason: 'explicit' };
  }
  if (channel === 'email' || !BUILT_IN_NAMES[channel].includes(provider)) {
    return { ...base, provider, module: true, configured: true, missing: [], reason: 'explicit' };
  }
  const [real, builtIn] = REAL_PROVIDERS[channel];
  const missing = builtIn.missing(options).map(namer(channel, source, builtIn).requirement);
  if (provider === real)
    return {
      ...base,
      provider: real,
      configured: missing.length === 0,
      missing,
      reason: 'explicit',
    };
  // auto: the real provider once its options are complete, the dry run until then
  if (missing.length === 0)
    return {
      ...base,
      provider: real,
      configured: true,
      missing: [],
      reason: 'credentials-present',
    };
  return { ...base, provider: 'dry-run', configured: true, missing, reason: 'no-credentials' };
}

/**
 * What stops Strapi at start-up for this channel, if anything: a block of
 * the wrong shape, a name the channel cannot take, a real provider chosen
 * explicitly without an option it needs (the first one is the key, all are
 * named), or an option that cannot work. Whether a module can be found and
 * has init()/send() is checked when it is loaded (outbox/providers/modules.ts).
 */
export function providerProblem(
  config: ProvidersConfig,
  channel: ProviderChannel
): ProviderProblem | null {
  const { block, source, plainName } = blockOf(config, channel);
  const key = `providers.${channel}`;
  const fromEnv = source === 'environment';
  /** how the host chose this provider, for messages about the environment's options */
  const chosenBy = plainName
    ? `${key}: ${JSON.stringify(String((block as ProviderConfig).provider))}`
    : PROVIDER_VARIABLES[channel];
  if (!isJsonObject(block)) {
    return { key, problem: `must be { provider, providerOptions }, got ${JSON.stringify(block)}` };
  }
  if (typeof block.provider !== 'string' || block.provider.trim() === '') {
    return {
      key: `${key}.provider`,
      problem: `must be a provider name (${BUILT_IN_NAMES[channel].join(', ')}${channel === 'email' ? '' : ', or a provider package or path'})`,
    };
  }
  if (
    block.providerOptions !== undefined &&
    block.providerOptions !== null &&
    !isJsonObject(block.providerOptions)
  ) {
    return { key: `${key}.providerOptions`, problem: 'must be an object' };
  }
  const name = block.provider.trim();
  const variable = fromEnv && !plainName ? ` (from ${PROVIDER_VARIABLES[channel]})` : '';
  if (channel === 'email' && !BUILT_IN_NAMES.email.includes(name)) {
    return {
      key: `${key}.provider`,
      problem: `must be strapi (Strapi's email plugin) or dry-run, got ${JSON.stringify(name)}${variable}; the e-mail provider itself (SMTP, SendGrid, ...) is configured in Strapi's email plugin`,
    };
  }
  const otherChannel = (Object.keys(REAL_PROVIDERS) as ('sms' | 'threema')[]).find(
    (other) => other !== channel && REAL_PROVIDERS[other][0] === name
  );
  if (otherChannel) {
    return {
      key: `${key}.provider`,
      problem: `"${name}" serves ${otherChannel}, not ${channel}${variable}; use ${BUILT_IN_NAMES[channel].join(', ')} or a provider package`,
    };
  }
  const choice = chooseProvider(config, channel);
  if (choice.module || choice.provider === 'dry-run' || choice.provider === 'strapi') return null;
  const builtIn = REAL_PROVIDERS[channel as 'sms' | 'threema'][1];
  const names = namer(channel, source, builtIn);
  // a value that cannot work is named before what is missing: a wrong mode changes what is needed
  const [invalid] = builtIn.invalid(choice.options);
  if (invalid)
    return fromEnv
      ? { key, problem: `${names.full(invalid.option)} ${invalid.problem}` }
      : { key: names.full(invalid.option), problem: invalid.problem };
  if (!choice.configured) {
    if (fromEnv)
      return {
        key,
        problem: `${plainName ? chosenBy : `${chosenBy}=${choice.provider}`} is missing ${choice.missing.join(', ')}`,
      };
    const [first, ...more] = builtIn.missing(choice.options);
    return {
      key: names.full(first.option),
      problem: `required by provider "${choice.provider}"${first.or ? ` (or ${first.or.join(' + ')})` : ''}${more.length ? `; also missing: ${more.map(names.requirement).join(', ')}` : ''}`,
    };
  }
  return null;
}

/** Every paid channel's and e-mail's choice at once (the status page). */
export const chooseProviders = (config: ProvidersConfig) => ({
  sms: chooseProvider(config, 'sms'),
  threema: chooseProvider(config, 'threema'),
  email: chooseProvider(config, 'email'),
});

/** Twilio checks every signature with the auth token; an API key and secret only send. */
export const twilioCallbacksVerifiable = (choice: ProviderChoice): boolean =>
  choice.provider === 'twilio' &&
  typeof choice.options.authToken === 'string' &&
  choice.options.authToken.trim() !== '';
