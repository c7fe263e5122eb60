import {
  defaultConfig,
  validateConfig,
  type MessagingConfig,
} from '../../server/src/kernel/config';

const env = Object.assign(
  (key: string, fallback?: string) =>
    (({ MESSAGING_SMS_PROVIDER: 'dry-run' }) as Record<string, string>)[key] ?? fallback,
  {}
);
/** What a host writes at least (the plugin has no default mapping). */
const MINIMAL_HOST = {
  appointment: {
    uid: 'api::termin.termin',
    fields: { start: 'beginn', status: 'zustand', client: 'patient' },
    statusValues: { scheduled: 'geplant', cancelled: 'abgesagt' },
  },
  client: {
    uid: 'api::patient.patient',
    fields: { firstName: 'vorname', lastName: 'nachname', mobile: 'handy' },
  },
};
const valid = (): MessagingConfig =>
  JSON.parse(JSON.stringify({ ...defaultConfig({ env }), host: MINIMAL_HOST }));

describe('plugin config', () => {
  it('defaults to Berlin, German, the default practice and the environment provider choice', () => {
    const config = valid();
    expect(config).toMatchObject({
      timeZone: 'Europe/Berlin',
      locale: 'de',
      defaultPractice: 'default',
    });
    expect(config.providers).toEqual({});
    expect(config.providersFromEnv).toEqual({
      sms: { provider: 'dry-run', providerOptions: {} },
      threema: { provider: 'auto', providerOptions: {} },
      email: { provider: 'strapi', providerOptions: {} },
    });
    expect(() => validateConfig(config)).not.toThrow();
  });

  it('never bills or keeps the dry run by default; the demo switches both on, and a wrong value stops the start', () => {
    expect(valid().dryRun).toEqual({ chargeAsReal: false, outbox: false });
    const demoEnv = Object.assign(
      (key: string, fallback?: string) =>
        (
          ({ MESSAGING_DRY_RUN_CHARGE: 'on', MESSAGING_DRY_RUN_OUTBOX: 'on' }) as Record<
            string,
            string
          >
        )[key] ?? fallback,
      {}
    );
    expect(defaultConfig({ env: demoEnv }).dryRun).toEqual({ chargeAsReal: true, outbox: true });
    expect(() =>
      validateConfig({ ...valid(), dryRun: { chargeAsReal: 'yes', outbox: false } } as never)
    ).toThrow(/dryRun/);
  });

  it('has no host mapping of its own: nothing in the defaults names a content type', () => {
    const defaults = defaultConfig({ env });
    expect(defaults.host).toBeUndefined();
    expect(JSON.stringify(defaults)).not.toMatch(/api::/);
  });

  it('stops with a message that says the mapping is missing and shows a minimal one', () => {
    const config = valid() as Partial<MessagingConfig>;
    delete config.host;
    expect(() => validateConfig(config)).toThrow(
      /"host": is missing.*appointment:.*uid:.*client:.*consent: \{ sms:/s
    );
  });

  it('takes a mapping without record types and documents', () => {
    const config = valid();
    expect(config.host.recordType).toBeUndefined();
    expect(() => validateConfig(config)).not.toThrow();
  });

  it('caps Retry-After at 10 minutes unless MESSAGING_RETRY_AFTER_CAP_MS says otherwise', () => {
    expect(valid().dispatcher.retryAfterCapMs).toBe(600_000);
    const fromEnv = defaultConfig({
      env: (key: string, fallback?: string) =>
        key === 'MESSAGING_RETRY_AFTER_CAP_MS' ? '120000' : fallback,
    });
    expect(fromEnv.dispatcher.retryAfterCapMs).toBe(120_000);
  });

  it.each<[string, (c: any) => void, RegExp]>([
    ['publicUrl', (c) => (c.publicUrl = 'localhost:1337'), /"publicUrl"/],
    ['timeZone', (c) => (c.timeZone = 'Europe/Bärlin'), /"timeZone".*unknown time zone/],
    ['locale', (c) => (c.locale = 'fr'), /"locale"/],
    [
      'providers.sms',
      (c) => (c.providers.sms = 42),
      /"providers\.sms": must be \{ provider, providerOptions \}/,
    ],
    [
      'providers.sms.providerOptions.accountSid',
      (c) =>
        (c.providers.sms = {
          provider: 'twilio',
          providerOptions: { authToken: 't', from: 'Praxis' },
        }),
      /"providers\.sms\.providerOptions\.accountSid": required by provider "twilio"/,
    ],
    [
      'providers.email.provider',
      (c) => (c.providers.email = { provider: 'sendgrid' }),
      /"providers\.email\.provider"/,
    ],
    ['defaultPractice', (c) => (c.defaultPractice = 'a b'), /"defaultPractice"/],
    [
      'host.appointment.uid',
      (c) => (c.host.appointment.uid = 'appointment'),
      /"host\.appointment\.uid"/,
    ],
    ['host.client', (c) => (c.host.client = null), /"host\.client"/],
    [
      'dispatcher.retryAfterCapMs',
      (c) => (c.dispatcher.retryAfterCapMs = -1),
      /"dispatcher\.retryAfterCapMs"/,
    ],
    [
      'dispatcher.retryAfterCapMs',
      (c) => (c.dispatcher.retryAfterCapMs = '10m'),
      /"dispatcher\.retryAfterCapMs"/,
    ],
    [
      'dispatcher.retryAfterCapMs',
      (c) => delete c.dispatcher.retryAfterCapMs,
      /"dispatcher\.retryAfterCapMs"/,
    ],
  ])('refuses a bad %s and names it', (_key, change, message) => {
    const config = valid();
    change(config);
    expect(() => validateConfig(config)).toThrow(message);
  });
});
