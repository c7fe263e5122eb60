import { isPracticeKey, MINIMAL_MAPPING_EXAMPLE, type HostMapping } from '../host/domain';
import { LOCALES, type Locale } from '../constants';
import { completeSwitches } from '../../../shared/notice-switches';
import { isTimeZone } from './validation/input-rules';
import {
  DEFAULT_PROVIDERS,
  optionsFromVariables,
  PROVIDER_VARIABLES,
  THREEMA,
  TWILIO,
  type ProviderChannel,
  type ProviderConfig,
  providerProblem,
} from '../outbox/domain';
import { isJsonObject } from '../../../shared/json';

export type { ProviderChannel, ProviderConfig } from '../outbox/domain';

export interface MessagingConfig {
  /** Which host content types and attributes hold the practice's data. */
  host: HostMapping;
  /**
   * Public base URL for links (slips, downloads) and provider callbacks.
   * Unset (no option, no MESSAGING_PUBLIC_URL): Strapi's own `server.url`
   * (its absolute form), filled in by register().
   */
  publicUrl: string;
  /** Practice key used when a request names none, and for host records without a practice. */
  defaultPractice: string;
  /**
   * Who may act for which practice (README "Many practices"): called with
   * the admin user, returns the practice keys or '*'. Asked for a user
   * whose permission carries the condition "own practice only"
   * (plugin::messaging.own-practice). Null: the default, the practices
   * whose staff relation (host.practice.fields.staff) holds the user, plus
   * those `practiceRoles` gives the user's roles.
   */
  practiceAccess: PracticeAccessResolver | null;
  /** role code or name → practice keys (or '*'): for the default `practiceAccess` */
  practiceRoles: Record<string, string[] | '*'>;
  /** IANA time zone for dates in texts, quiet hours and billing months. */
  timeZone: string;
  locale: Locale;
  /**
   * The provider of each channel, the Strapi way: `{ provider, providerOptions }`.
   * sms: twilio, dry-run, auto (Twilio once its options are complete, the
   * dry run until then) or a provider package/path; threema: threema,
   * dry-run, auto or a package/path; email: strapi (Strapi's email plugin)
   * or dry-run. A channel left out uses `providersFromEnv`. A plain name
   * (`sms: 'twilio'`, as earlier versions took it) takes its options from
   * the environment variables.
   */
  providers: Partial<Record<ProviderChannel, ProviderConfig | string>>;
  /**
   * Filled by the default config from the documented environment variables
   * (MESSAGING_SMS_PROVIDER, TWILIO_*, MESSAGING_THREEMA_PROVIDER, THREEMA_*,
   * MESSAGING_EMAIL_PROVIDER): what a host without a `providers` block has
   * always had. Used per channel only when `providers` leaves it out, never
   * merged into the host's block. A host has no reason to set it.
   */
  providersFromEnv: Record<ProviderChannel, ProviderConfig>;
  /** Prices in tenths of a cent per unit (SMS segment, Threema message). */
  prices: { smsTenthCents: number; threemaTenthCents: number };
  /** per-address rate limit of the public pages (slips, downloads): a burst, then so many requests per second */
  publicPages: { burst: number; perSecond: number };
  accessCodes: {
    /** characters of an access code (6-8) */
    length: number;
    /** days a code stays valid */
    expiryDays: number;
    /** wrong entries before the release is locked */
    maxAttempts: number;
    /** "send me the code" requests per release and hour (self-service) */
    requestsPerHour: number;
    /** self-service requests per release over its whole life: each one is an SMS the practice pays */
    requestsPerRelease: number;
    /** self-service requests per practice and day (its time zone), all releases together */
    requestsPerPracticePerDay: number;
    /**
     * where released files of the local upload provider are kept, outside
     * the public folder (relative to the app's root); shared storage when
     * several instances run
     */
    privateDir: string;
  };
  /**
   * The dry run as a demo (both off by default): `chargeAsReal` bills dry-run
   * SMS and Threema like real ones, so usage, budget and invoices move;
   * `outbox` keeps the latest dry-run messages in this instance's memory for
   * the admin's "Dry-run outbox", codes and links included. Never for
   * production data: the outbox shows what the log hides.
   */
  dryRun: { chargeAsReal: boolean; outbox: boolean };
  billing: {
    /** free units per channel and calendar month (practice time zone) */
    freeUnitsPerMonth: { sms: number; threema: number };
    /** an interim invoice is due once uninvoiced charges exceed this */
    interimThresholdTenthCents: number;
    /** cron rule of the billing pass that issues regular invoices at period end (also runs after every tick that sent something) */
    cronRule: string;
  };
  dispatcher: {
    /** run the dispatcher in this instance at all */
    enabled: boolean;
    /** cron rule of the tick (6 fields: seconds first) */
    cronRule: string;
    /** rows claimed per tick */
    batchSize: number;
    /**
     * how long a claim holds without renewal; a running instance renews the
     * leases of what it holds every third of this. An expired `claimed` row
     * goes back to the queue, an expired `sending` row is checked with the
     * provider (or becomes needs-review)
     */
    leaseSeconds: number;
    /** an unclear send (timeout, reset, lost instance) is looked up at the provider this long after the request was written */
    reconcileAfterSeconds: number;
    /** lookups that fail (provider unreachable) before the message becomes needs-review */
    maxLookups: number;
    /** sends in flight at once, per channel */
    concurrency: Record<'sms' | 'threema' | 'email', number>;
    /** messages per second, per channel (0 = unlimited) */
    ratePerSecond: Record<'sms' | 'threema' | 'email', number>;
    maxAttempts: number;
    retryBaseDelayMs: number;
    retryMaxDelayMs: number;
    /** the longest a provider's Retry-After may hold a message back (domain/retry.ts) */
    retryAfterCapMs: number;
    /** queue a needs-review row again by itself instead of waiting for a person */
    resendAfterLeaseExpiry: boolean;
  };
  retention: {
    /** send-log rows in a final state older than this are deleted */
    days: number;
    cronRule: string;
    batchSize: number;
  };
  /** per-request timeout towards Twilio and Threema */
  providerTimeoutMs: number;
  notices: {
    /** quick successive edits of an appointment become one notice */
    settleSeconds: number;
    /** no automatic notices in this window (practice time zone); null = none */
    quietHours: { start: string; end: string } | null;
    /** channels that need a recorded consent before automatic notices */
    consentRequired: { sms: boolean; threema: boolean; email: boolean };
    /** switches for clients and record types that have none */
    defaults: Record<
      'confirmation' | 'change' | 'reminder' | 'cancellation',
      { email: boolean; sms: boolean; threema: boolean; offsetsHours?: number[] }
    >;
  };
}

/** The admin user as the plugin's `practiceAccess` receives it (Strapi's, with its roles). */
export interface PracticeAccessUser {
  id: number;
  email?: string;
  roles?: { id: number; code?: string; name?: string }[];
  [more: string]: unknown;
}
export type PracticeAccessResolver = (args: {
  user: PracticeAccessUser;
  strapi: unknown;
}) => readonly string[] | '*' | Promise<readonly string[] | '*'>;

type Env = (key: string, fallback?: string) => string | undefined;

const intFrom = (env: Env, key: string, fallback: number): number => {
  const raw = env(key);
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  return Number.isFinite(value) ? value : fallback;
};

const pick = <T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  fallback: T
): T => (allowed.includes(value as T) ? (value as T) : fallback);

/**
 * The plugin's defaults. There is no default `host`: the host maps its own
 * types (Strapi deep-merges the app's config into these defaults, so a
 * default mapping would leak into every host's).
 */
export const defaultConfig = ({
  env,
}: {
  env: Env;
}): Omit<MessagingConfig, 'host'> & { host?: HostMapping } => ({
  // undefined: register() takes Strapi's server.url, which the plugin cannot see from here
  publicUrl: env('MESSAGING_PUBLIC_URL') as string,
  defaultPractice: env('MESSAGING_PRACTICE', 'default') as string,
  practiceAccess: null,
  practiceRoles: {},
  timeZone: env('MESSAGING_TIME_ZONE', 'Europe/Berlin') as string,
  locale: pick(env('MESSAGING_LOCALE'), LOCALES, 'de'),
  providers: {},
  providersFromEnv: {
    sms: {
      provider: env(PROVIDER_VARIABLES.sms, DEFAULT_PROVIDERS.sms) as string,
      providerOptions: optionsFromVariables(TWILIO, (name) => env(name)),
    },
    threema: {
      provider: env(PROVIDER_VARIABLES.threema, DEFAULT_PROVIDERS.threema) as string,
      providerOptions: optionsFromVariables(THREEMA, (name) => env(name)),
    },
    email: {
      provider: env(PROVIDER_VARIABLES.email, DEFAULT_PROVIDERS.email) as string,
      providerOptions: {},
    },
  },
  prices: {
    smsTenthCents: intFrom(env, 'MESSAGING_PRICE_SMS_TENTH_CENTS', 100),
    threemaTenthCents: intFrom(env, 'MESSAGING_PRICE_THREEMA_TENTH_CENTS', 15),
  },
  publicPages: { burst: intFrom(env, 'MESSAGING_PUBLIC_BURST', 30), perSecond: 0.5 },
  accessCodes: {
    length: intFrom(env, 'MESSAGING_ACCESS_CODE_LENGTH', 6),
    expiryDays: intFrom(env, 'MESSAGING_ACCESS_CODE_EXPIRY_DAYS', 14),
    maxAttempts: 5,
    requestsPerHour: 3,
    requestsPerRelease: intFrom(env, 'MESSAGING_ACCESS_CODE_REQUESTS_PER_RELEASE', 5),
    requestsPerPracticePerDay: intFrom(env, 'MESSAGING_ACCESS_CODE_REQUESTS_PER_DAY', 100),
    privateDir: env('MESSAGING_PRIVATE_DOCUMENTS_DIR', 'private-uploads') as string,
  },
  dryRun: {
    chargeAsReal: env('MESSAGING_DRY_RUN_CHARGE', 'off') === 'on',
    outbox: env('MESSAGING_DRY_RUN_OUTBOX', 'off') === 'on',
  },
  billing: {
    freeUnitsPerMonth: {
      sms: intFrom(env, 'MESSAGING_FREE_SMS_PER_MONTH', 5),
      threema: intFrom(env, 'MESSAGING_FREE_THREEMA_PER_MONTH', 5),
    },
    interimThresholdTenthCents: intFrom(env, 'MESSAGING_INTERIM_THRESHOLD_TENTH_CENTS', 20000),
    cronRule: env('MESSAGING_BILLING_CRON', '0 * * * * *') as string,
  },
  dispatcher: {
    enabled: env('MESSAGING_DISPATCHER', 'on') !== 'off',
    cronRule: env('MESSAGING_DISPATCH_CRON', '*/5 * * * * *') as string,
    batchSize: intFrom(env, 'MESSAGING_DISPATCH_BATCH', 50),
    leaseSeconds: intFrom(env, 'MESSAGING_LEASE_SECONDS', 120),
    reconcileAfterSeconds: intFrom(env, 'MESSAGING_RECONCILE_AFTER_SECONDS', 30),
    maxLookups: intFrom(env, 'MESSAGING_MAX_LOOKUPS', 5),
    concurrency: {
      sms: intFrom(env, 'MESSAGING_CONCURRENCY_SMS', 8),
      threema: intFrom(env, 'MESSAGING_CONCURRENCY_THREEMA', 8),
      email: intFrom(env, 'MESSAGING_CONCURRENCY_EMAIL', 4),
    },
    ratePerSecond: {
      sms: intFrom(env, 'MESSAGING_RATE_SMS', 10),
      threema: intFrom(env, 'MESSAGING_RATE_THREEMA', 20),
      email: intFrom(env, 'MESSAGING_RATE_EMAIL', 5),
    },
    maxAttempts: intFrom(env, 'MESSAGING_MAX_ATTEMPTS', 6),
    retryBaseDelayMs: intFrom(env, 'MESSAGING_RETRY_BASE_MS', 2000),
    retryMaxDelayMs: intFrom(env, 'MESSAGING_RETRY_MAX_MS', 600000),
    retryAfterCapMs: intFrom(env, 'MESSAGING_RETRY_AFTER_CAP_MS', 600000),
    resendAfterLeaseExpiry: env('MESSAGING_RESEND_AFTER_LEASE_EXPIRY', 'false') === 'true',
  },
  retention: {
    days: intFrom(env, 'MESSAGING_LOG_RETENTION_DAYS', 28),
    cronRule: env('MESSAGING_RETENTION_CRON', '0 30 3 * * *') as string,
    batchSize: 1000,
  },
  providerTimeoutMs: intFrom(env, 'MESSAGING_PROVIDER_TIMEOUT_MS', 15000),
  notices: {
    settleSeconds: intFrom(env, 'MESSAGING_SETTLE_DELAY_SECONDS', 120),
    quietHours:
      env('MESSAGING_QUIET_HOURS', '21:00-08:00') === 'off'
        ? null
        : parseQuietHours(env('MESSAGING_QUIET_HOURS', '21:00-08:00') as string),
    consentRequired: { sms: true, threema: true, email: false },
    defaults: completeSwitches(null), // a copy: Strapi merges the app's config into it
  },
});

function parseQuietHours(value: string): { start: string; end: string } | null {
  const match = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(value.trim());
  // an unreadable value is kept so that the validator names it
  return match ? { start: match[1], end: match[2] } : { start: value, end: '' };
}

export class ConfigError extends Error {
  constructor(key: string, problem: string) {
    super(`plugin::messaging config "${key}": ${problem}`);
    this.name = 'MessagingConfigError';
  }
}

/**
 * Checks the shape of the merged config when Strapi loads the plugin.
 * Whether the mapped UIDs and attributes exist is checked in register(),
 * once the host's content types are known.
 */
export function validateConfig(config: unknown): void {
  if (!isJsonObject(config)) throw new ConfigError('', 'must be an object');
  const c = config as Partial<MessagingConfig>;

  // unset or empty: Strapi's server.url (register)
  if (
    c.publicUrl !== undefined &&
    c.publicUrl !== null &&
    c.publicUrl !== '' &&
    (typeof c.publicUrl !== 'string' || !/^https?:\/\/[^\s/]+/.test(c.publicUrl))
  ) {
    throw new ConfigError(
      'publicUrl',
      `must be an http(s) URL (or unset for Strapi's server.url), got ${JSON.stringify(c.publicUrl)}`
    );
  }
  if (!isPracticeKey(c.defaultPractice)) {
    throw new ConfigError('defaultPractice', 'must be 1-63 letters, digits, "-" or "_"');
  }
  if (
    c.practiceAccess !== undefined &&
    c.practiceAccess !== null &&
    typeof c.practiceAccess !== 'function'
  )
    throw new ConfigError(
      'practiceAccess',
      'must be a function ({ user, strapi }) => practice keys or "*"'
    );
  if (c.practiceRoles !== undefined) {
    if (!isJsonObject(c.practiceRoles))
      throw new ConfigError(
        'practiceRoles',
        'must be an object: role code or name → practice keys or "*"'
      );
    for (const [role, keys] of Object.entries(c.practiceRoles)) {
      const valid = keys === '*' || (Array.isArray(keys) && keys.every(isPracticeKey));
      if (!valid)
        throw new ConfigError(`practiceRoles.${role}`, 'must be a list of practice keys or "*"');
    }
  }
  if (typeof c.timeZone !== 'string' || !isTimeZone(c.timeZone)) {
    throw new ConfigError('timeZone', `unknown time zone ${JSON.stringify(c.timeZone)}`);
  }
  if (!LOCALES.includes(c.locale as Locale)) {
    throw new ConfigError('locale', `must be one of ${LOCALES.join(', ')}`);
  }
  if (c.providers !== undefined && !isJsonObject(c.providers))
    throw new ConfigError('providers', 'must be an object { sms?, threema?, email? }');
  for (const channel of ['sms', 'threema', 'email'] as const) {
    const problem = providerProblem(c, channel);
    if (problem) throw new ConfigError(problem.key, problem.problem);
  }

  const positive = (key: string, value: unknown, min = 1) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new ConfigError(key, `must be a whole number >= ${min}, got ${JSON.stringify(value)}`);
    }
  };
  if (!isJsonObject(c.prices)) throw new ConfigError('prices', 'must be an object');
  positive('prices.smsTenthCents', c.prices.smsTenthCents, 0);
  positive('prices.threemaTenthCents', c.prices.threemaTenthCents, 0);
  if (!isJsonObject(c.publicPages))
    throw new ConfigError('publicPages', 'must be an object { burst, perSecond }');
  positive('publicPages.burst', c.publicPages.burst);
  if (typeof c.publicPages.perSecond !== 'number' || !(c.publicPages.perSecond > 0))
    throw new ConfigError('publicPages.perSecond', 'must be a number > 0');
  if (!isJsonObject(c.accessCodes)) throw new ConfigError('accessCodes', 'must be an object');
  if (![6, 7, 8].includes(c.accessCodes.length))
    throw new ConfigError(
      'accessCodes.length',
      `must be 6, 7 or 8, got ${JSON.stringify(c.accessCodes.length)}`
    );
  positive('accessCodes.expiryDays', c.accessCodes.expiryDays);
  positive('accessCodes.maxAttempts', c.accessCodes.maxAttempts);
  positive('accessCodes.requestsPerHour', c.accessCodes.requestsPerHour);
  positive('accessCodes.requestsPerRelease', c.accessCodes.requestsPerRelease);
  positive('accessCodes.requestsPerPracticePerDay', c.accessCodes.requestsPerPracticePerDay);
  if (typeof c.accessCodes.privateDir !== 'string' || c.accessCodes.privateDir.trim() === '')
    throw new ConfigError(
      'accessCodes.privateDir',
      'must be a folder for released documents, outside public/'
    );
  if (
    !isJsonObject(c.dryRun) ||
    typeof c.dryRun.chargeAsReal !== 'boolean' ||
    typeof c.dryRun.outbox !== 'boolean'
  ) {
    throw new ConfigError('dryRun', 'must be an object { chargeAsReal: boolean, outbox: boolean }');
  }
  if (!isJsonObject(c.billing) || !isJsonObject(c.billing.freeUnitsPerMonth))
    throw new ConfigError(
      'billing',
      'must be an object with freeUnitsPerMonth { sms, threema } and interimThresholdTenthCents'
    );
  positive('billing.freeUnitsPerMonth.sms', c.billing.freeUnitsPerMonth.sms, 0);
  positive('billing.freeUnitsPerMonth.threema', c.billing.freeUnitsPerMonth.threema, 0);
  positive('billing.interimThresholdTenthCents', c.billing.interimThresholdTenthCents, 0);
  if (typeof c.billing.cronRule !== 'string' || c.billing.cronRule.trim().split(/\s+/).length < 5)
    throw new ConfigError('billing.cronRule', 'must be a cron rule such as 0 */10 * * * *');
  if (!isJsonObject(c.dispatcher)) throw new ConfigError('dispatcher', 'must be an object');
  const d = c.dispatcher;
  if (typeof d.cronRule !== 'string' || d.cronRule.trim().split(/\s+/).length < 5) {
    throw new ConfigError('dispatcher.cronRule', 'must be a cron rule such as */5 * * * * *');
  }
  positive('dispatcher.batchSize', d.batchSize);
  positive('dispatcher.leaseSeconds', d.leaseSeconds, 3);
  positive('dispatcher.reconcileAfterSeconds', d.reconcileAfterSeconds, 0);
  positive('dispatcher.maxLookups', d.maxLookups);
  positive('dispatcher.maxAttempts', d.maxAttempts);
  positive('dispatcher.retryBaseDelayMs', d.retryBaseDelayMs, 0);
  positive('dispatcher.retryMaxDelayMs', d.retryMaxDelayMs, 0);
  positive('dispatcher.retryAfterCapMs', d.retryAfterCapMs, 0);
  for (const channel of ['sms', 'threema', 'email'] as const) {
    positive(`dispatcher.concurrency.${channel}`, d.concurrency?.[channel]);
    positive(`dispatcher.ratePerSecond.${channel}`, d.ratePerSecond?.[channel], 0);
  }
  if (!isJsonObject(c.retention)) throw new ConfigError('retention', 'must be an object');
  positive('retention.days', c.retention.days);
  positive('providerTimeoutMs', c.providerTimeoutMs, 100);
  if (!isJsonObject(c.notices)) throw new ConfigError('notices', 'must be an object');
  positive('notices.settleSeconds', c.notices.settleSeconds, 0);
  const quiet = c.notices.quietHours;
  if (
    quiet !== null &&
    (!isJsonObject(quiet) ||
      !/^\d{2}:\d{2}$/.test(String(quiet.start)) ||
      !/^\d{2}:\d{2}$/.test(String(quiet.end)))
  ) {
    throw new ConfigError(
      'notices.quietHours',
      'must be null or { start: "HH:MM", end: "HH:MM" } (MESSAGING_QUIET_HOURS=21:00-08:00 or off)'
    );
  }

  if (c.host === undefined || c.host === null) {
    throw new ConfigError(
      'host',
      `is missing: tell the plugin which of your content types hold appointments and clients, in config/plugins: messaging: { config: { ${MINIMAL_MAPPING_EXAMPLE} } } (see the README, "Mapping your content types")`
    );
  }
  if (!isJsonObject(c.host)) throw new ConfigError('host', 'must be an object');
  for (const section of ['appointment', 'client', 'recordType', 'document'] as const) {
    const entry = (c.host as unknown as Record<string, unknown>)[section];
    if (
      (section === 'recordType' || section === 'document') &&
      (entry === undefined || entry === null)
    )
      continue;
    if (!isJsonObject(entry))
      throw new ConfigError(`host.${section}`, 'must be an object with uid and fields');
    if (typeof entry.uid !== 'string' || !entry.uid.includes('::')) {
      throw new ConfigError(
        `host.${section}.uid`,
        `must be a content-type UID like api::name.name, got ${JSON.stringify(entry.uid)}`
      );
    }
    if (!isJsonObject(entry.fields))
      throw new ConfigError(`host.${section}.fields`, 'must be an object');
  }
}

export default {
  default: defaultConfig,
  validator: validateConfig,
};
