/**
 * The usual integration set-up: fake Twilio and Threema on loopback, the
 * playground booted against them with the dispatcher off (tests tick it),
 * and a super admin. `stop()` undoes all of it, environment included.
 */
import { setEnv } from './env';
import { FakeThreema } from '../fakes/threema-server';
import { FakeTwilio, type FakeTwilioOptions } from '../fakes/twilio-server';
import { bootPlayground, registerSuperAdmin, type BootOptions, type TestApp } from './strapi';

export interface FakedPlayground {
  app: TestApp;
  token: string;
  twilio: FakeTwilio;
  threema: FakeThreema;
  auth: () => { Authorization: string };
  stop: () => Promise<void>;
}

export interface Fakes {
  twilio: FakeTwilio;
  threema: FakeThreema;
}

export interface FakesBootOptions {
  /**
   * Give the fakes' credentials through the documented environment variables
   * (TWILIO_*, THREEMA_*, MESSAGING_*_PROVIDER), as a host without a
   * `providers` block does. false: all of them unset. Default true.
   */
  credentialsInEnv?: boolean;
  /** boot options made once the fakes listen, e.g. a dist copy whose config names their credentials */
  boot?: (fakes: Fakes) => BootOptions;
  /** e.g. an API key and secret the fake Twilio accepts */
  twilio?: FakeTwilioOptions;
}

const CREDENTIAL_VARIABLES = [
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'TWILIO_API_KEY',
  'TWILIO_API_SECRET',
  'TWILIO_FROM',
  'TWILIO_MESSAGING_SERVICE_SID',
  'TWILIO_API_BASE_URL',
  'MESSAGING_SMS_PROVIDER',
  'THREEMA_GATEWAY_ID',
  'THREEMA_SECRET',
  'THREEMA_PRIVATE_KEY',
  'THREEMA_MODE',
  'THREEMA_API_BASE_URL',
  'MESSAGING_THREEMA_PROVIDER',
];

/** `env`: variables to set (undefined: unset) on top of the fakes' own. */
export async function bootWithFakes(
  env: Record<string, string | undefined> = {},
  options: FakesBootOptions = {}
): Promise<FakedPlayground> {
  const twilio = await new FakeTwilio(options.twilio).start();
  const threema = await new FakeThreema().start();
  const credentials =
    options.credentialsInEnv === false
      ? Object.fromEntries(CREDENTIAL_VARIABLES.map((name) => [name, undefined]))
      : { ...twilio.env(), ...threema.env('e2e') };
  const restoreEnv = setEnv({
    ...credentials,
    MESSAGING_DISPATCHER: 'off',
    MESSAGING_PUBLIC_URL: 'https://praxis.example.test',
    MESSAGING_RATE_SMS: '0',
    MESSAGING_RATE_THREEMA: '0',
    MESSAGING_RATE_EMAIL: '0',
    EMAIL_LOG: 'false',
    ...env,
  });
  let app: TestApp;
  try {
    app = await bootPlayground(options.boot?.({ twilio, threema }) ?? {});
  } catch (error) {
    restoreEnv();
    await twilio.stop();
    await threema.stop();
    throw error;
  }
  const token = await registerSuperAdmin(app);
  return {
    app,
    token,
    twilio,
    threema,
    auth: () => ({ Authorization: `Bearer ${token}` }),
    async stop() {
      await app.stop();
      restoreEnv();
      await twilio.stop();
      await threema.stop();
    },
  };
}
