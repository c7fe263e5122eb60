/**
 * Providers from outside the plugin, found the way Strapi finds its email
 * and upload providers: a name is the package `strapi-provider-messaging-<name>`
 * (or the name itself, e.g. a scoped `@praxis/sms` given in full), a name
 * starting with "." or "/" is a path; both are resolved from the host app's
 * directory, so the app's own dependencies and files are what counts. The
 * module exports `init(providerOptions, settings)` returning a
 * MessageProvider. Everything is checked at start-up, like Upload does:
 * a module that cannot be found or loaded, has no init(), or whose provider
 * lacks send() stops Strapi with its name.
 */
import { createRequire } from 'module';
import path from 'path';
import { ConfigError } from '../../kernel/config';
import type { ProviderChannel } from '../domain/built-in-providers';
import {
  isProviderError,
  networkError,
  ProviderError,
  type LookupResult,
  type MessageProvider,
  type OutgoingMessage,
  type SendResult,
} from './types';

export const PACKAGE_PREFIX = 'strapi-provider-messaging-';

/** What the plugin tells a provider module besides its own options. */
export interface ProviderSettings {
  channel: ProviderChannel;
  /** the plugin's providerTimeoutMs: how long one request may take */
  timeoutMs: number;
  /** the plugin's public URL (callbacks, links) */
  publicUrl: string;
}

export interface LoadOptions {
  /** the host app's directory (strapi.dirs.app.root) */
  appRoot: string;
  channel: ProviderChannel;
  providerOptions: Record<string, unknown>;
  settings: ProviderSettings;
}

const isPath = (name: string) => name.startsWith('.') || path.isAbsolute(name);

/** What a name may stand for, in the order they are tried. */
export function moduleCandidates(name: string, appRoot: string): string[] {
  if (isPath(name)) return [path.resolve(appRoot, name)];
  if (name.startsWith('@') || name.startsWith(PACKAGE_PREFIX)) return [name];
  return [`${PACKAGE_PREFIX}${name}`, name];
}

const notFound = (error: unknown) => (error as { code?: string })?.code === 'MODULE_NOT_FOUND';

/**
 * Turns what a module's send() or lookup() threw into a ProviderError. A
 * provider that knows what happened says so with `retryable` (and
 * optionally `code`, `retryAfterMs`, `recipientProblem`, `ambiguous`) on the
 * error; anything else is treated like an unknown transport failure: it
 * may have reached the gateway, so it is not retried blindly.
 */
function asProviderError(error: unknown, name: string, sends: boolean): ProviderError {
  if (isProviderError(error)) return error;
  const e = (error ?? {}) as {
    code?: unknown;
    message?: unknown;
    retryable?: unknown;
    retryAfterMs?: unknown;
    recipientProblem?: unknown;
    ambiguous?: unknown;
  };
  if (typeof e.retryable === 'boolean') {
    return new ProviderError(
      `${name}:${typeof e.code === 'string' || typeof e.code === 'number' ? e.code : 'failed'}`,
      typeof e.message === 'string' ? e.message : String(error),
      {
        retryable: e.retryable,
        retryAfterMs: typeof e.retryAfterMs === 'number' ? e.retryAfterMs : undefined,
        recipientProblem: e.recipientProblem === true,
        ambiguous: sends && e.ambiguous === true,
      }
    );
  }
  return networkError(error, { sends });
}

/** Loads, initialises and checks one provider module; throws a ConfigError naming the key and the module. */
export function loadProviderModule(
  name: string,
  { appRoot, channel, providerOptions, settings }: LoadOptions
): MessageProvider {
  const key = `providers.${channel}.provider`;
  const requireFromApp = createRequire(path.join(appRoot, 'package.json'));
  const candidates = moduleCandidates(name, appRoot);
  let resolved: string | undefined;
  for (const candidate of candidates) {
    try {
      resolved = requireFromApp.resolve(candidate);
      break;
    } catch (error) {
      if (!notFound(error)) throw error;
    }
  }
  if (!resolved) {
    throw new ConfigError(
      key,
      `cannot find the provider "${name}": looked for ${candidates.join(', ')} from ${appRoot} (install the package in the app, or give a path)`
    );
  }

  let exported: unknown;
  try {
    exported = requireFromApp(resolved);
  } catch (error) {
    throw new ConfigError(
      key,
      `cannot load the provider "${name}" (${resolved}): ${(error as Error)?.message ?? error}`
    );
  }
  const moduleExports = exported as { init?: unknown; default?: { init?: unknown } } | null;
  const init = moduleExports?.init ?? moduleExports?.default?.init;
  if (typeof init !== 'function') {
    throw new ConfigError(
      key,
      `the provider "${name}" (${resolved}) exports no init(providerOptions, settings)`
    );
  }

  let made: unknown;
  try {
    made = init(providerOptions, settings);
  } catch (error) {
    // a provider checks its own options in init(): its message names what is wrong
    throw new ConfigError(
      `providers.${channel}.providerOptions`,
      `the provider "${name}" refused its options: ${(error as Error)?.message ?? error}`
    );
  }
  if (made && typeof (made as { then?: unknown }).then === 'function') {
    throw new ConfigError(
      key,
      `init() of the provider "${name}" returned a promise; it must return the provider itself`
    );
  }
  const provider = made as Partial<MessageProvider> | null;
  if (!provider || typeof provider.send !== 'function') {
    throw new ConfigError(
      key,
      `the provider "${name}" (${resolved}) does not implement send(message)`
    );
  }
  if (provider.lookup !== undefined && typeof provider.lookup !== 'function') {
    throw new ConfigError(
      key,
      `the provider "${name}" (${resolved}) has a lookup that is not a function`
    );
  }
  if (provider.channel !== undefined && provider.channel !== channel) {
    throw new ConfigError(
      key,
      `the provider "${name}" serves ${String(provider.channel)}, but is configured for ${channel}`
    );
  }

  const providerName =
    typeof provider.name === 'string' && provider.name.trim() ? provider.name.trim() : name;
  const send = provider.send.bind(provider);
  const lookup = provider.lookup?.bind(provider);
  return {
    name: providerName,
    channel,
    async send(message: OutgoingMessage): Promise<SendResult> {
      let result: SendResult;
      try {
        result = await send(message);
      } catch (error) {
        throw asProviderError(error, providerName, true);
      }
      if (
        !result ||
        typeof result.providerMessageId !== 'string' ||
        result.providerMessageId === ''
      ) {
        // it did not throw, so the gateway may well have the message: a person checks
        throw new ProviderError(
          `${providerName}:no-message-id`,
          'send() returned no providerMessageId',
          { retryable: false, ambiguous: true }
        );
      }
      return result;
    },
    ...(lookup
      ? {
          async lookup(message: OutgoingMessage, sentAfter: Date): Promise<LookupResult> {
            try {
              return await lookup(message, sentAfter);
            } catch (error) {
              throw asProviderError(error, providerName, false);
            }
          },
        }
      : {}),
  };
}
