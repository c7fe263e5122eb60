import type { Core } from '@strapi/strapi';
import { ACTIONS, PLUGIN_ID } from './constants';
import { buildProviders } from './providers';
import { settingsService } from './services';
import { plannerService } from './services/planner';
import { noticesService } from './services/notices';
import { slipsService } from './services/slips';
import { TokenBucket } from './domain/rate-limiter';
import type { MessageRow } from './repositories/messages';
import { pluginConfig } from './utils/plugin-config';

export const CRON_JOBS = { dispatch: 'messaging-dispatch', retention: 'messaging-retention' } as const;

const registerPermissions = async (strapi: Core.Strapi) => {
  const action = (uid: string, displayName: string, subCategory: string) => ({
    section: 'plugins',
    displayName,
    uid,
    subCategory,
    pluginName: PLUGIN_ID,
  });
  await strapi.service('admin::permission').actionProvider.registerMany([
    action(ACTIONS.settingsRead, 'Read settings', 'settings'),
    action(ACTIONS.settingsUpdate, 'Change settings', 'settings'),
    action(ACTIONS.logRead, 'Read the send log', 'log'),
    action(ACTIONS.send, 'Send messages', 'sending'),
    action(ACTIONS.templatesRead, 'Read templates', 'templates'),
    action(ACTIONS.templatesUpdate, 'Change templates', 'templates'),
    action(ACTIONS.bulkSend, 'Send bulk notifications', 'bulk'),
    action(ACTIONS.massCancel, 'Mass-cancel appointments', 'bulk'),
  ]);
};

const ensureDefaultPractice = async (strapi: Core.Strapi) => {
  await settingsService(strapi).ensure();
  await strapi.plugin(PLUGIN_ID).service('templates').ensureDefaults(pluginConfig(strapi).defaultPractice);
};

const startDispatcher = (strapi: Core.Strapi) => {
  const config = pluginConfig(strapi);
  const dispatcher = strapi.plugin(PLUGIN_ID).service('dispatcher');
  const notices = noticesService(strapi);
  dispatcher.start({
    config,
    providers: buildProviders(strapi, config),
    plan: () => plannerService(strapi).processPending(),
    prepare: (row: MessageRow) => notices.prepare(row),
    fallback: (row: MessageRow) => notices.fallbackDraft(row),
  });
  if (!config.dispatcher.enabled) return;
  strapi.cron.add({
    [CRON_JOBS.dispatch]: {
      task: () => dispatcher.tick().catch((error: Error) => strapi.log.error(`[messaging] dispatch failed: ${error.message}`)),
      options: { rule: config.dispatcher.cronRule },
    },
    [CRON_JOBS.retention]: {
      task: () =>
        strapi
          .plugin(PLUGIN_ID)
          .service('retention')
          .purge()
          .catch((error: Error) => strapi.log.error(`[messaging] log retention failed: ${error.message}`)),
      options: { rule: config.retention.cronRule },
    },
  });
};

/** A Twilio opt-out (error 21610, from a send or a delivery report) switches SMS off for that client. */
const listenForOptOuts = (strapi: Core.Strapi) => {
  const notices = noticesService(strapi);
  strapi.eventHub.on('messaging.recipient.opted-out', async (event: { clientId?: string | null }) => {
    try {
      await notices.optedOut(event.clientId ?? null, 'STOP / Twilio 21610');
    } catch (error) {
      strapi.log.error(`[messaging] recording an opt-out failed: ${(error as Error).message}`);
    }
  });
};

/**
 * The public slip page at <public url>/s/<code> (and /s/<code>.ics). Public
 * because clients open it from an SMS; protected by unguessable codes (62^8),
 * an answer that is the same for unknown, expired and malformed codes, and a
 * per-address rate limit.
 */
const serveSlips = (strapi: Core.Strapi) => {
  const perAddress = new Map<string, TokenBucket>();
  strapi.server.use(async (ctx: any, next: () => Promise<void>) => {
    const match = /^\/s\/([A-Za-z0-9]{1,32})(\.ics)?$/.exec(ctx.path);
    if (!match || ctx.method !== 'GET') return next();
    if (perAddress.size > 10_000) perAddress.clear();
    const bucket = perAddress.get(ctx.ip) ?? new TokenBucket(0.5, 30);
    perAddress.set(ctx.ip, bucket);
    if (bucket.take() > 0) {
      ctx.status = 429;
      ctx.body = 'Too many requests';
      return;
    }
    const page = await slipsService(strapi).render(match[1], match[2] ? 'ics' : 'html');
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Robots-Tag', 'noindex');
    if (!page) {
      ctx.status = 404;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = 'Nicht gefunden oder abgelaufen / Not found or expired';
      return;
    }
    ctx.status = 200;
    ctx.type = page.type;
    ctx.body = page.body;
  });
};

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await registerPermissions(strapi);
  await ensureDefaultPractice(strapi);
  startDispatcher(strapi);
  listenForOptOuts(strapi);
  serveSlips(strapi);
};

export default bootstrap;
