import { defaultConfig } from '../../server/src/kernel/config';
import {
  chooseProvider,
  providerProblem,
  twilioCallbacksVerifiable,
  type ProvidersConfig,
} from '../../server/src/outbox/domain/provider-selection';

/** The providers part of the default config as the plugin reads it from these environment variables. */
const fromEnv = (vars: Record<string, string>): ProvidersConfig => {
  const config = defaultConfig({ env: (key: string, fallback?: string) => vars[key] ?? fallback });
  return { providers: config.providers, providersFromEnv: config.providersFromEnv };
};

const twilioOptions = { accountSid: 'AC123', authToken: 'token', from: 'Praxis' };

describe('provider choice from the environment (a host without a providers block)', () => {
  it('uses the dry run and names the missing variables when nothing is set', () => {
    const config = fromEnv({});
    expect(chooseProvider(config, 'sms')).toMatchObject({
      provider: 'dry-run',
      reason: 'no-credentials',
      source: 'environment',
      configured: true,
    });
    expect(chooseProvider(config, 'sms').missing).toEqual([
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN (or TWILIO_API_KEY + TWILIO_API_SECRET)',
      'TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID)',
    ]);
    expect(chooseProvider(config, 'threema').missing).toEqual([
      'THREEMA_GATEWAY_ID',
      'THREEMA_SECRET',
      'THREEMA_PRIVATE_KEY',
    ]);
    expect(chooseProvider(config, 'email')).toMatchObject({
      provider: 'strapi',
      source: 'environment',
    });
    for (const channel of ['sms', 'threema', 'email'] as const)
      expect(providerProblem(config, channel)).toBeNull();
  });

  it('uses Twilio once account, token and sender are set (API key auth too)', () => {
    const token = chooseProvider(
      fromEnv({ TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: 'Praxis' }),
      'sms'
    );
    expect(token).toMatchObject({
      provider: 'twilio',
      configured: true,
      missing: [],
      reason: 'credentials-present',
    });
    expect(token.options).toEqual({ accountSid: 'AC1', authToken: 't', from: 'Praxis' });
    const key = chooseProvider(
      fromEnv({
        TWILIO_ACCOUNT_SID: 'AC1',
        TWILIO_API_KEY: 'SK1',
        TWILIO_API_SECRET: 's',
        TWILIO_MESSAGING_SERVICE_SID: 'MG1',
      }),
      'sms'
    );
    expect(key.provider).toBe('twilio');
  });

  it('does not need a private key in Threema basic mode', () => {
    const choice = chooseProvider(
      fromEnv({ THREEMA_GATEWAY_ID: '*PRAXIS1', THREEMA_SECRET: 's', THREEMA_MODE: 'basic' }),
      'threema'
    );
    expect(choice).toMatchObject({ provider: 'threema', configured: true });
  });

  it('keeps an explicit real provider even when incomplete, and refuses to start with the variables named', () => {
    const config = fromEnv({
      MESSAGING_SMS_PROVIDER: 'twilio',
      MESSAGING_THREEMA_PROVIDER: 'dry-run',
      TWILIO_ACCOUNT_SID: 'AC1',
    });
    expect(chooseProvider(config, 'sms')).toMatchObject({
      provider: 'twilio',
      configured: false,
      reason: 'explicit',
    });
    expect(chooseProvider(config, 'threema')).toMatchObject({
      provider: 'dry-run',
      reason: 'explicit',
    });
    expect(providerProblem(config, 'sms')).toEqual({
      key: 'providers.sms',
      problem:
        'MESSAGING_SMS_PROVIDER=twilio is missing TWILIO_AUTH_TOKEN (or TWILIO_API_KEY + TWILIO_API_SECRET), TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID)',
    });
  });

  it('treats blank variables as missing', () => {
    const choice = chooseProvider(
      fromEnv({ TWILIO_ACCOUNT_SID: '  ', TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: 'x' }),
      'sms'
    );
    expect(choice.missing).toEqual(['TWILIO_ACCOUNT_SID']);
  });

  it('chooses the e-mail dry run with MESSAGING_EMAIL_PROVIDER', () => {
    expect(chooseProvider(fromEnv({ MESSAGING_EMAIL_PROVIDER: 'dry-run' }), 'email')).toMatchObject(
      { provider: 'dry-run', configured: true }
    );
  });
});

describe('provider choice from the host’s providers block', () => {
  const withOwn = (
    providers: ProvidersConfig['providers'],
    env: Record<string, string> = {}
  ): ProvidersConfig => ({ ...fromEnv(env), providers });

  it('takes the host’s block as it is, never mixed with the environment', () => {
    const config = withOwn(
      {
        sms: {
          provider: 'twilio',
          providerOptions: { accountSid: 'AC9', authToken: 'own', messagingServiceSid: 'MG9' },
        },
      },
      {
        TWILIO_ACCOUNT_SID: 'AC1',
        TWILIO_AUTH_TOKEN: 'env',
        TWILIO_FROM: 'EnvSender',
      }
    );
    const choice = chooseProvider(config, 'sms');
    expect(choice).toMatchObject({ provider: 'twilio', source: 'config', configured: true });
    expect(choice.options).toEqual({
      accountSid: 'AC9',
      authToken: 'own',
      messagingServiceSid: 'MG9',
    });
  });

  it('leaves a channel the host does not name to the environment', () => {
    const config = withOwn(
      { sms: { provider: 'dry-run' } },
      { THREEMA_GATEWAY_ID: '*PRAXIS1', THREEMA_SECRET: 's', THREEMA_MODE: 'basic' }
    );
    expect(chooseProvider(config, 'sms')).toMatchObject({ provider: 'dry-run', source: 'config' });
    expect(chooseProvider(config, 'threema')).toMatchObject({
      provider: 'threema',
      source: 'environment',
    });
  });

  it.each<[string, ProvidersConfig['providers'], string, RegExp]>([
    [
      'a missing account SID',
      { sms: { provider: 'twilio', providerOptions: { authToken: 't', from: 'Praxis' } } },
      'providers.sms.providerOptions.accountSid',
      /required by provider "twilio"/,
    ],
    [
      'every missing option',
      { sms: { provider: 'twilio', providerOptions: {} } },
      'providers.sms.providerOptions.accountSid',
      /also missing: providers\.sms\.providerOptions\.authToken \(or apiKey \+ apiSecret\), providers\.sms\.providerOptions\.from \(or messagingServiceSid\)/,
    ],
    [
      'no options at all',
      { threema: { provider: 'threema' } },
      'providers.threema.providerOptions.gatewayId',
      /required by provider "threema"/,
    ],
    [
      'a private key that is no key',
      {
        threema: {
          provider: 'threema',
          providerOptions: { gatewayId: '*P', secret: 's', privateKey: 'xyz' },
        },
      },
      'providers.threema.providerOptions.privateKey',
      /64 hex digits/,
    ],
    [
      'an unknown Threema mode',
      {
        threema: {
          provider: 'threema',
          providerOptions: { gatewayId: '*P', secret: 's', mode: 'simple' },
        },
      },
      'providers.threema.providerOptions.mode',
      /e2e or basic/,
    ],
    [
      'an API key SID where the account SID belongs',
      { sms: { provider: 'twilio', providerOptions: { ...twilioOptions, accountSid: 'SK1' } } },
      'providers.sms.providerOptions.accountSid',
      /AC/,
    ],
    [
      'an API key without its secret',
      { sms: { provider: 'twilio', providerOptions: { ...twilioOptions, apiKey: 'SK1' } } },
      'providers.sms.providerOptions.apiSecret',
      /with apiKey/,
    ],
    [
      'a number where a string belongs',
      { sms: { provider: 'twilio', providerOptions: { ...twilioOptions, from: 4930123 } } },
      'providers.sms.providerOptions.from',
      /string/,
    ],
    [
      'Threema for SMS',
      { sms: { provider: 'threema' } },
      'providers.sms.provider',
      /serves threema/,
    ],
    [
      'a provider that is not a name',
      { sms: { provider: 42 } as never },
      'providers.sms.provider',
      /provider name/,
    ],
    [
      'a list instead of a block',
      { sms: ['twilio'] as never },
      'providers.sms',
      /\{ provider, providerOptions \}/,
    ],
    [
      'a plain name the channel cannot take',
      { sms: 'threema' },
      'providers.sms.provider',
      /serves threema/,
    ],
    [
      'options that are no object',
      { sms: { provider: 'twilio', providerOptions: 'AC1:token' as never } },
      'providers.sms.providerOptions',
      /object/,
    ],
    [
      'an e-mail provider module',
      { email: { provider: 'nodemailer' } },
      'providers.email.provider',
      /strapi .* or dry-run.*Strapi's email plugin/,
    ],
  ])('refuses %s and names the key', (_case, providers, key, problem) => {
    const config = withOwn(providers);
    const found = (['sms', 'threema', 'email'] as const)
      .map((channel) => providerProblem(config, channel))
      .find(Boolean);
    expect(found?.key).toBe(key);
    expect(found?.problem).toMatch(problem);
  });

  it('keeps the plain names of earlier versions working (`providers.sms: "twilio"`), with the credentials from the environment', () => {
    const config = withOwn(
      { sms: 'twilio', threema: 'dry-run' },
      { TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 't', TWILIO_FROM: 'Praxis' }
    );
    expect(chooseProvider(config, 'sms')).toMatchObject({
      provider: 'twilio',
      configured: true,
      source: 'environment',
      options: { accountSid: 'AC1', authToken: 't', from: 'Praxis' },
    });
    expect(chooseProvider(config, 'threema')).toMatchObject({ provider: 'dry-run' });
    for (const channel of ['sms', 'threema', 'email'] as const)
      expect(providerProblem(config, channel)).toBeNull();
    // explicit and incomplete: the variables are named, as with MESSAGING_SMS_PROVIDER=twilio
    const incomplete = withOwn({ sms: 'twilio' }, { TWILIO_ACCOUNT_SID: 'AC1' });
    expect(providerProblem(incomplete, 'sms')).toEqual({
      key: 'providers.sms',
      problem:
        'providers.sms: "twilio" is missing TWILIO_AUTH_TOKEN (or TWILIO_API_KEY + TWILIO_API_SECRET), TWILIO_FROM (or TWILIO_MESSAGING_SERVICE_SID)',
    });
  });

  it('takes any other name as a provider module (found and checked when loaded)', () => {
    const config = withOwn({ sms: { provider: 'acme', providerOptions: { apiKey: 'k' } } });
    expect(chooseProvider(config, 'sms')).toMatchObject({
      provider: 'acme',
      module: true,
      configured: true,
      source: 'config',
    });
    expect(providerProblem(config, 'sms')).toBeNull();
  });

  it('can verify Twilio callbacks only with the auth token, not with an API key alone', () => {
    const token = chooseProvider(
      withOwn({ sms: { provider: 'twilio', providerOptions: twilioOptions } }),
      'sms'
    );
    const keyOnly = chooseProvider(
      withOwn({
        sms: {
          provider: 'twilio',
          providerOptions: { accountSid: 'AC1', apiKey: 'SK1', apiSecret: 's', from: 'Praxis' },
        },
      }),
      'sms'
    );
    const keyAndToken = chooseProvider(
      withOwn({
        sms: {
          provider: 'twilio',
          providerOptions: { ...twilioOptions, apiKey: 'SK1', apiSecret: 's' },
        },
      }),
      'sms'
    );
    expect([token, keyOnly, keyAndToken].map((choice) => choice.configured)).toEqual([
      true,
      true,
      true,
    ]);
    expect([token, keyOnly, keyAndToken].map(twilioCallbacksVerifiable)).toEqual([
      true,
      false,
      true,
    ]);
  });
});
