import fs from 'fs';
import { createRequire } from 'module';
import os from 'os';
import path from 'path';
import { loadProviderModule, moduleCandidates } from '../../../server/src/outbox/providers/modules';
import { isProviderError } from '../../../server/src/outbox/providers/types';

/**
 * A host app in a temporary folder with provider modules of its own: in its
 * node_modules as packages, and as files beside its package.json.
 */
let appRoot: string;
const write = (file: string, content: string) => {
  const target = path.join(appRoot, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
};
const pkg = (dir: string, name: string, code: string) => {
  write(`${dir}/package.json`, JSON.stringify({ name, main: 'index.js' }));
  write(`${dir}/index.js`, code);
};

/** A gateway that records what it is asked to send and answers with an id. */
const GATEWAY = `
module.exports = {
  init(providerOptions, settings) {
    if (!providerOptions.apiKey) throw new Error('providerOptions.apiKey is required');
    const sent = [];
    return {
      name: 'acme',
      channel: 'sms',
      sent,
      settings,
      options: providerOptions,
      async send(message) {
        if (message.to === '+490000') { const e = new Error('number blocked'); e.retryable = false; e.code = 'blocked'; e.recipientProblem = true; throw e; }
        if (message.to === '+491111') { const e = new Error('busy'); e.retryable = true; e.retryAfterMs = 5000; throw e; }
        if (message.to === '+492222') throw new Error('socket hang up');
        if (message.to === '+493333') return {};
        sent.push(message);
        return { providerMessageId: 'acme-' + sent.length, segments: 1 };
      },
    };
  },
};`;

const settings = { channel: 'sms' as const, timeoutMs: 1000, publicUrl: 'https://praxis.example' };
const load = (
  name: string,
  providerOptions: Record<string, unknown> = { apiKey: 'k' },
  channel: 'sms' | 'threema' = 'sms'
) =>
  loadProviderModule(name, {
    appRoot,
    channel,
    providerOptions,
    settings: { ...settings, channel },
  });
const message = (to: string) => ({ id: 7, channel: 'sms' as const, to, body: 'Hallo' });

beforeAll(() => {
  appRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'messaging-host-'));
  write('package.json', JSON.stringify({ name: 'host-app', private: true }));
  pkg('node_modules/strapi-provider-messaging-acme', 'strapi-provider-messaging-acme', GATEWAY);
  pkg(
    'node_modules/@praxis/sms-gateway',
    '@praxis/sms-gateway',
    GATEWAY.replace("name: 'acme'", "name: 'praxis-gateway'")
  );
  pkg('node_modules/plain-gateway', 'plain-gateway', GATEWAY.replace("name: 'acme',", ''));
  write('providers/local-gateway.js', GATEWAY.replace("name: 'acme'", "name: 'local'"));
  write(
    'providers/esm-default.js',
    `exports.default = { init: () => ({ send: async () => ({ providerMessageId: 'x' }) }) };`
  );
  pkg(
    'node_modules/strapi-provider-messaging-nosend',
    'strapi-provider-messaging-nosend',
    `module.exports = { init: () => ({ name: 'nosend' }) };`
  );
  pkg(
    'node_modules/strapi-provider-messaging-noinit',
    'strapi-provider-messaging-noinit',
    `module.exports = { send() {} };`
  );
  pkg(
    'node_modules/strapi-provider-messaging-async',
    'strapi-provider-messaging-async',
    `module.exports = { init: async () => ({ send: async () => ({}) }) };`
  );
  pkg(
    'node_modules/strapi-provider-messaging-threemaish',
    'strapi-provider-messaging-threemaish',
    `module.exports = { init: () => ({ channel: 'threema', send: async () => ({}) }) };`
  );
  pkg(
    'node_modules/strapi-provider-messaging-broken',
    'strapi-provider-messaging-broken',
    `module.exports = { init( };`
  );
  pkg(
    'node_modules/strapi-provider-messaging-badlookup',
    'strapi-provider-messaging-badlookup',
    `module.exports = { init: () => ({ send: async () => ({}), lookup: 'yes' }) };`
  );
});
afterAll(() => fs.rmSync(appRoot, { recursive: true, force: true }));

describe('provider modules, found like Strapi’s email providers', () => {
  it('names the candidates: the prefixed package first, a scoped name or a path as given', () => {
    expect(moduleCandidates('acme', '/app')).toEqual(['strapi-provider-messaging-acme', 'acme']);
    expect(moduleCandidates('strapi-provider-messaging-acme', '/app')).toEqual([
      'strapi-provider-messaging-acme',
    ]);
    expect(moduleCandidates('@praxis/sms', '/app')).toEqual(['@praxis/sms']);
    expect(moduleCandidates('./providers/sms.js', '/app')).toEqual(['/app/providers/sms.js']);
    expect(moduleCandidates('/opt/sms.js', '/app')).toEqual(['/opt/sms.js']);
  });

  it('loads strapi-provider-messaging-<name> from the host app and hands it its options and settings', async () => {
    const provider = load('acme', { apiKey: 'secret-key' });
    expect(provider).toMatchObject({ name: 'acme', channel: 'sms' });
    expect(await provider.send(message('+4915112345678'))).toEqual({
      providerMessageId: 'acme-1',
      segments: 1,
    });
  });

  it('passes providerOptions and the plugin’s settings to init()', () => {
    const requireFromApp = createRequire(path.join(appRoot, 'package.json'));
    const init = requireFromApp('strapi-provider-messaging-acme').init;
    const spy = jest.fn(init);
    requireFromApp('strapi-provider-messaging-acme').init = spy;
    load('acme', { apiKey: 'secret-key' });
    expect(spy).toHaveBeenCalledWith({ apiKey: 'secret-key' }, settings);
    requireFromApp('strapi-provider-messaging-acme').init = init;
  });

  it('loads a scoped package given in full, a plain package name, a path from the app’s directory and a default export', () => {
    expect(load('@praxis/sms-gateway').name).toBe('praxis-gateway');
    // a provider without a name of its own is named as configured
    expect(load('plain-gateway').name).toBe('plain-gateway');
    expect(load('./providers/local-gateway.js').name).toBe('local');
    expect(load(path.join(appRoot, 'providers', 'local-gateway.js')).name).toBe('local');
    expect(load('./providers/esm-default.js').name).toBe('./providers/esm-default.js');
  });

  it.each<[string, string, RegExp]>([
    [
      'a module that does not exist',
      'vonage',
      /"providers\.sms\.provider": cannot find the provider "vonage": looked for strapi-provider-messaging-vonage, vonage from /,
    ],
    [
      'a path that does not exist',
      './providers/missing.js',
      /cannot find the provider "\.\/providers\/missing\.js"/,
    ],
    [
      'a provider without send()',
      'nosend',
      /"providers\.sms\.provider": the provider "nosend" \(.*strapi-provider-messaging-nosend.*\) does not implement send\(message\)/,
    ],
    [
      'a module without init()',
      'noinit',
      /the provider "noinit" .* exports no init\(providerOptions, settings\)/,
    ],
    ['an init() that returns a promise', 'async', /returned a promise/],
    ['a provider for another channel', 'threemaish', /serves threema, but is configured for sms/],
    ['a module that does not load', 'broken', /cannot load the provider "broken" \(.*\): /],
    ['a lookup that is not a function', 'badlookup', /lookup that is not a function/],
  ])('stops at start-up for %s, naming it', (_case, name, problem) => {
    expect(() => load(name)).toThrow(problem);
  });

  it('names the options when init() refuses them', () => {
    expect(() => load('acme', {})).toThrow(
      /"providers\.sms\.providerOptions": the provider "acme" refused its options: providerOptions\.apiKey is required/
    );
  });

  it('turns what send() throws into provider errors: its own verdict when it gives one, else unclear', async () => {
    const provider = load('acme');
    const thrown = (to: string) => provider.send(message(to)).catch((error: unknown) => error);
    const blocked = await thrown('+490000');
    expect(isProviderError(blocked) && blocked).toMatchObject({
      code: 'acme:blocked',
      retryable: false,
      recipientProblem: true,
      ambiguous: false,
      message: 'number blocked',
    });
    expect(await thrown('+491111')).toMatchObject({
      code: 'acme:failed',
      retryable: true,
      retryAfterMs: 5000,
    });
    // nothing says what happened: it may have reached the gateway, so it is not sent again blindly
    expect(await thrown('+492222')).toMatchObject({ ambiguous: true, retryable: false });
    // an answer without an id: the gateway may have the message
    expect(await thrown('+493333')).toMatchObject({ code: 'acme:no-message-id', ambiguous: true });
  });
});
