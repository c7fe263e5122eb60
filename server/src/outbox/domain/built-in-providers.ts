/**
 * The providers that come with the plugin, described once: which channel
 * each serves, its `providerOptions` with the environment variable each
 * falls back to (read by the default config, config/index.ts), and what it
 * needs. Any other provider name is a module (outbox/providers/modules.ts).
 */

export type ProviderChannel = 'sms' | 'threema' | 'email';

/** `{ provider, providerOptions }` as in Strapi's email and upload plugins. */
export interface ProviderConfig {
  provider: string;
  providerOptions?: Record<string, unknown>;
}

/** Which environment variable chooses each channel's provider when the host sets no `providers.<channel>`. */
export const PROVIDER_VARIABLES: Record<ProviderChannel, string> = {
  sms: 'MESSAGING_SMS_PROVIDER',
  threema: 'MESSAGING_THREEMA_PROVIDER',
  email: 'MESSAGING_EMAIL_PROVIDER',
};

/** What a channel uses when neither config nor environment names a provider. */
export const DEFAULT_PROVIDERS: Record<ProviderChannel, string> = {
  sms: 'auto',
  threema: 'auto',
  email: 'strapi',
};

/** An option that is missing, or (`or`) the options that together may stand in for it. */
export interface Requirement {
  option: string;
  or?: string[];
}

/** A value that is there but cannot work. */
export interface Invalid {
  option: string;
  problem: string;
}

export interface BuiltInProvider {
  channel: ProviderChannel;
  /** providerOptions and the environment variable each is read from by default */
  variables: Record<string, string>;
  /** what is still needed for these options (empty: complete) */
  missing(options: Record<string, unknown>): Requirement[];
  invalid(options: Record<string, unknown>): Invalid[];
}

export const given = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';

const notAString = (options: Record<string, unknown>, names: string[]): Invalid[] =>
  names
    .filter(
      (name) =>
        options[name] !== undefined && options[name] !== null && typeof options[name] !== 'string'
    )
    .map((option) => ({ option, problem: 'must be a string' }));

const notAUrl = (value: unknown) => given(value) && !/^https?:\/\/[^\s/]+/.test(String(value));

export const TWILIO: BuiltInProvider = {
  channel: 'sms',
  variables: {
    accountSid: 'TWILIO_ACCOUNT_SID',
    authToken: 'TWILIO_AUTH_TOKEN',
    apiKey: 'TWILIO_API_KEY',
    apiSecret: 'TWILIO_API_SECRET',
    from: 'TWILIO_FROM',
    messagingServiceSid: 'TWILIO_MESSAGING_SERVICE_SID',
    apiBaseUrl: 'TWILIO_API_BASE_URL',
  },
  missing(o) {
    const missing: Requirement[] = [];
    if (!given(o.accountSid)) missing.push({ option: 'accountSid' });
    if (!given(o.authToken) && !(given(o.apiKey) && given(o.apiSecret)))
      missing.push({ option: 'authToken', or: ['apiKey', 'apiSecret'] });
    if (!given(o.from) && !given(o.messagingServiceSid))
      missing.push({ option: 'from', or: ['messagingServiceSid'] });
    return missing;
  },
  invalid(o) {
    const invalid = notAString(o, Object.keys(TWILIO.variables));
    if (given(o.accountSid) && !String(o.accountSid).startsWith('AC')) {
      invalid.push({
        option: 'accountSid',
        problem: 'must be the account SID (AC...), also with an API key',
      });
    }
    if (given(o.apiKey) && !given(o.apiSecret))
      invalid.push({ option: 'apiSecret', problem: 'is needed with apiKey' });
    if (notAUrl(o.apiBaseUrl))
      invalid.push({ option: 'apiBaseUrl', problem: 'must be an http(s) URL' });
    return invalid;
  },
};

export const THREEMA: BuiltInProvider = {
  channel: 'threema',
  variables: {
    gatewayId: 'THREEMA_GATEWAY_ID',
    secret: 'THREEMA_SECRET',
    privateKey: 'THREEMA_PRIVATE_KEY',
    mode: 'THREEMA_MODE',
    apiBaseUrl: 'THREEMA_API_BASE_URL',
  },
  missing(o) {
    const missing: Requirement[] = [];
    if (!given(o.gatewayId)) missing.push({ option: 'gatewayId' });
    if (!given(o.secret)) missing.push({ option: 'secret' });
    if (o.mode !== 'basic' && !given(o.privateKey)) missing.push({ option: 'privateKey' });
    return missing;
  },
  invalid(o) {
    const invalid = notAString(o, Object.keys(THREEMA.variables));
    if (given(o.mode) && o.mode !== 'e2e' && o.mode !== 'basic')
      invalid.push({ option: 'mode', problem: 'must be e2e or basic' });
    if (given(o.privateKey) && !/^(private:)?[0-9a-f]{64}$/i.test(String(o.privateKey))) {
      invalid.push({
        option: 'privateKey',
        problem: 'must be the 32-byte private key as 64 hex digits (optionally "private:...")',
      });
    }
    if (notAUrl(o.apiBaseUrl))
      invalid.push({ option: 'apiBaseUrl', problem: 'must be an http(s) URL' });
    return invalid;
  },
};

/** The built-in real provider of each paid channel: what `auto` tries. */
export const REAL_PROVIDERS = { sms: ['twilio', TWILIO], threema: ['threema', THREEMA] } as const;

/** Names every channel understands without loading a module. */
export const BUILT_IN_NAMES: Record<ProviderChannel, readonly string[]> = {
  sms: ['auto', 'twilio', 'dry-run'],
  threema: ['auto', 'threema', 'dry-run'],
  /** strapi: Strapi's email plugin with whatever provider the host gave it */
  email: ['strapi', 'dry-run'],
};

/** The documented environment variables of a built-in provider, as providerOptions (unset ones left out). */
export function optionsFromVariables(
  provider: BuiltInProvider,
  read: (name: string) => string | undefined
): Record<string, string> {
  const options: Record<string, string> = {};
  for (const [option, variable] of Object.entries(provider.variables)) {
    const value = read(variable);
    if (value !== undefined) options[option] = value;
  }
  return options;
}
