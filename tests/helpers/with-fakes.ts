/**
 * The usual integration set-up: fake Twilio and Threema on loopback, the
 * playground booted against them with the dispatcher off (tests tick it),
 * and a super admin. `stop()` undoes all of it, environment included.
 */
import { setEnv } from './env';
import { FakeThreema } from '../fakes/threema-server';
import { FakeTwilio } from '../fakes/twilio-server';
import { bootPlayground, registerSuperAdmin, type TestApp } from './strapi';

export interface FakedPlayground {
  app: TestApp;
  token: string;
  twilio: FakeTwilio;
  threema: FakeThreema;
  auth: () => { Authorization: string };
  stop: () => Promise<void>;
}

export async function bootWithFakes(env: Record<string, string> = {}): Promise<FakedPlayground> {
  const twilio = await new FakeTwilio().start();
  const threema = await new FakeThreema().start();
  const restoreEnv = setEnv({
    ...twilio.env(),
    ...threema.env('e2e'),
    MESSAGING_DISPATCHER: 'off',
    MESSAGING_PUBLIC_URL: 'https://praxis.example.test',
    MESSAGING_RATE_SMS: '0',
    MESSAGING_RATE_THREEMA: '0',
    MESSAGING_RATE_EMAIL: '0',
    EMAIL_LOG: 'false',
    ...env,
  });
  const app = await bootPlayground();
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
