/**
 * Which provider serves each paid channel, decided from config and the
 * environment alone. Pure, so the admin's status page and the dispatcher
 * agree, and it is tested without Strapi. Only variable NAMES leave this
 * module, never their values.
 */
import type { MessagingConfig } from '../config';

export type ProviderName = 'twilio' | 'threema' | 'dry-run';

export interface ChannelProviderStatus {
  provider: ProviderName;
  /** true when the chosen provider has every variable it needs */
  configured: boolean;
  /** names of missing environment variables, never values */
  missing: string[];
  /** why this provider was chosen, for the admin */
  reason: 'explicit' | 'credentials-present' | 'no-credentials';
}

type EnvLike = Record<string, string | undefined>;

const present = (env: EnvLike, name: string) => typeof env[name] === 'string' && env[name]!.trim() !== '';

export function twilioMissing(env: EnvLike): string[] {
  const missing: string[] = [];
  if (!present(env, 'TWILIO_ACCOUNT_SID')) missing.push('TWILIO_ACCOUNT_SID');
  const tokenAuth = present(env, 'TWILIO_AUTH_TOKEN');
  const keyAuth = present(env, 'TWILIO_API_KEY') && present(env, 'TWILIO_API_SECRET');
  if (!tokenAuth && !keyAuth) missing.push('TWILIO_AUTH_TOKEN (or TWILIO_API_KEY + TWILIO_API_SECRET)');
  if (!present(env, 'TWILIO_FROM') && !present(env, 'TWILIO_MESSAGING_SERVICE_SID')) {
    missing.push('TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID)');
  }
  return missing;
}

export function threemaMissing(env: EnvLike): string[] {
  const missing: string[] = [];
  if (!present(env, 'THREEMA_GATEWAY_ID')) missing.push('THREEMA_GATEWAY_ID');
  if (!present(env, 'THREEMA_SECRET')) missing.push('THREEMA_SECRET');
  const mode = env.THREEMA_MODE ?? 'e2e';
  if (mode !== 'basic' && !present(env, 'THREEMA_PRIVATE_KEY')) missing.push('THREEMA_PRIVATE_KEY');
  return missing;
}

function choose(
  setting: 'auto' | ProviderName,
  real: ProviderName,
  missing: string[],
): ChannelProviderStatus {
  if (setting === 'dry-run') return { provider: 'dry-run', configured: true, missing: [], reason: 'explicit' };
  if (setting === real) return { provider: real, configured: missing.length === 0, missing, reason: 'explicit' };
  if (missing.length === 0) return { provider: real, configured: true, missing: [], reason: 'credentials-present' };
  return { provider: 'dry-run', configured: true, missing, reason: 'no-credentials' };
}

export function selectProviders(config: Pick<MessagingConfig, 'providers'>, env: EnvLike) {
  return {
    sms: choose(config.providers.sms, 'twilio', twilioMissing(env)),
    threema: choose(config.providers.threema, 'threema', threemaMissing(env)),
  };
}
