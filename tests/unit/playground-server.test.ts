import serverConfig from '../../playground/config/server';

/** Strapi's `env` helper, reduced to what config/server.ts uses. */
function envFrom(values: Record<string, string>) {
  const env = ((key: string, fallback?: unknown) => values[key] ?? fallback) as any;
  env.int = (key: string, fallback?: number) =>
    values[key] === undefined ? fallback : Number.parseInt(values[key], 10);
  env.bool = (key: string, fallback?: boolean) =>
    values[key] === undefined ? fallback : values[key] === 'true';
  env.array = (key: string) => (values[key] ?? '').split(',');
  return env;
}

describe('the playground server behind a proxy', () => {
  // Node's default is 5 s: a proxy (or the browser tests' request context) reusing an idle
  // connection at that moment got "socket hang up" (ECONNRESET) in CI.
  it('keeps idle connections open longer than a load balancer does (60 s)', () => {
    const config = serverConfig({ env: envFrom({ APP_KEYS: 'a,b' }) } as any);
    const options = config.http?.serverOptions as Record<string, number>;
    expect(options.keepAliveTimeout).toBeGreaterThan(60_000);
    expect(options.headersTimeout).toBeGreaterThan(options.keepAliveTimeout);
  });

  it('takes the idle time from SERVER_KEEP_ALIVE_MS', () => {
    const config = serverConfig({
      env: envFrom({ APP_KEYS: 'a,b', SERVER_KEEP_ALIVE_MS: '120000' }),
    } as any);
    expect((config.http?.serverOptions as Record<string, number>).keepAliveTimeout).toBe(120_000);
  });
});
