import { defaultConfig, validateConfig, type MessagingConfig } from '../../server/src/config';

const env = Object.assign((key: string, fallback?: string) => ({ MESSAGING_SMS_PROVIDER: 'dry-run' } as Record<string, string>)[key] ?? fallback, {});
const valid = (): MessagingConfig => JSON.parse(JSON.stringify(defaultConfig({ env })));

describe('plugin config', () => {
  it('defaults to Berlin, German, the default practice and the environment provider choice', () => {
    const config = valid();
    expect(config).toMatchObject({ timeZone: 'Europe/Berlin', locale: 'de', defaultPractice: 'default' });
    expect(config.providers).toEqual({});
    expect(config.providersFromEnv).toEqual({
      sms: { provider: 'dry-run', providerOptions: {} },
      threema: { provider: 'auto', providerOptions: {} },
      email: { provider: 'strapi', providerOptions: {} },
    });
    expect(() => validateConfig(config)).not.toThrow();
  });

  it('caps Retry-After at 10 minutes unless MESSAGING_RETRY_AFTER_CAP_MS says otherwise', () => {
    expect(valid().dispatcher.retryAfterCapMs).toBe(600_000);
    const fromEnv = defaultConfig({ env: (key: string, fallback?: string) => (key === 'MESSAGING_RETRY_AFTER_CAP_MS' ? '120000' : fallback) });
    expect(fromEnv.dispatcher.retryAfterCapMs).toBe(120_000);
  });

  it.each<[string, (c: any) => void, RegExp]>([
    ['publicUrl', (c) => (c.publicUrl = 'localhost:1337'), /"publicUrl"/],
    ['timeZone', (c) => (c.timeZone = 'Europe/Bärlin'), /"timeZone".*unknown time zone/],
    ['locale', (c) => (c.locale = 'fr'), /"locale"/],
    ['providers.sms', (c) => (c.providers.sms = 'vonage'), /"providers\.sms": must be \{ provider, providerOptions \}/],
    ['providers.sms.providerOptions.accountSid', (c) => (c.providers.sms = { provider: 'twilio', providerOptions: { authToken: 't', from: 'Praxis' } }), /"providers\.sms\.providerOptions\.accountSid": required by provider "twilio"/],
    ['providers.email.provider', (c) => (c.providers.email = { provider: 'sendgrid' }), /"providers\.email\.provider"/],
    ['defaultPractice', (c) => (c.defaultPractice = 'a b'), /"defaultPractice"/],
    ['host.appointment.uid', (c) => (c.host.appointment.uid = 'appointment'), /"host\.appointment\.uid"/],
    ['host.client', (c) => (c.host.client = null), /"host\.client"/],
    ['dispatcher.retryAfterCapMs', (c) => (c.dispatcher.retryAfterCapMs = -1), /"dispatcher\.retryAfterCapMs"/],
    ['dispatcher.retryAfterCapMs', (c) => (c.dispatcher.retryAfterCapMs = '10m'), /"dispatcher\.retryAfterCapMs"/],
    ['dispatcher.retryAfterCapMs', (c) => delete c.dispatcher.retryAfterCapMs, /"dispatcher\.retryAfterCapMs"/],
  ])('refuses a bad %s and names it', (_key, change, message) => {
    const config = valid();
    change(config);
    expect(() => validateConfig(config)).toThrow(message);
  });
});
