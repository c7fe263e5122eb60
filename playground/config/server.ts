import type { Core } from '@strapi/strapi';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  app: {
    keys: env.array('APP_KEYS')!,
  },
  // Behind a reverse proxy (SERVER_PROXY=true) ctx.ip is the client's address from X-Forwarded-For;
  // the messaging plugin's public pages count their per-address limits on it.
  proxy: { koa: env.bool('SERVER_PROXY', false) },
  // Node closes an idle kept-alive connection after 5 s by default. A proxy, or a client
  // such as the browser tests' request context, that reuses it in that moment gets
  // "socket hang up". Idle connections stay open longer than a load balancer's usual
  // 60 s, so the proxy, not Strapi, closes them first.
  http: {
    serverOptions: {
      keepAliveTimeout: env.int('SERVER_KEEP_ALIVE_MS', 65_000),
      headersTimeout: env.int('SERVER_KEEP_ALIVE_MS', 65_000) + 1_000,
    },
  },
  // No update check: the playground runs offline.
  logger: { updates: { enabled: false } },
  webhooks: {
    populateRelations: env.bool('WEBHOOKS_POPULATE_RELATIONS', false),
  },
});

export default config;
