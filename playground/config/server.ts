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
  // No update check: the playground runs offline.
  logger: { updates: { enabled: false } },
  webhooks: {
    populateRelations: env.bool('WEBHOOKS_POPULATE_RELATIONS', false),
  },
});

export default config;
