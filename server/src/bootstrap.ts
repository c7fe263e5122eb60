import { messagingLog } from './utils/log';
import type { Core } from '@strapi/strapi';
import fs from 'fs';
import { ACTIONS, PLUGIN_ID } from './constants';
import { settingsService } from './services';
import { plannerService } from './services/planner';
import { noticesService } from './services/notices';
import { slipsService } from './services/slips';
import { releasesService } from './services/releases';
import { billingService, BUDGET_EVENT, INVOICE_CREATED_EVENT } from './services/billing';
import { downloadPage, type DownloadPageState } from './public/download-page';
import { rateLimitsRepository } from './repositories/rate-limits';
import type { MessageRow } from './repositories/messages';
import { pluginConfig } from './utils/plugin-config';

export const CRON_JOBS = { dispatch: 'messaging-dispatch', retention: 'messaging-retention', billing: 'messaging-billing' } as const;

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
    action(ACTIONS.documentsRelease, 'Release documents with access codes', 'documents'),
    action(ACTIONS.usageRead, 'Read usage and invoices', 'costs'),
    action(ACTIONS.auditRead, 'Read the audit trail', 'log'),
    action(ACTIONS.clientData, 'Export and erase a client’s messaging data (GDPR)', 'clients'),
  ]);
};

/**
 * New invoices and budget warnings reach the platform's own billing through
 * Strapi's webhooks (the runner listens on the event hub for every event a
 * webhook names; create one with POST /admin/webhooks, see README) or
 * in-process through strapi.eventHub.on(...). Registering them in the
 * webhook store names them next to Strapi's own events.
 */
const offerWebhookEvents = (strapi: Core.Strapi) => {
  const store = strapi.get('webhookStore') as { addAllowedEvent?: (key: string, value: string) => void } | undefined;
  store?.addAllowedEvent?.('MESSAGING_INVOICE_CREATED', INVOICE_CREATED_EVENT);
  store?.addAllowedEvent?.('MESSAGING_BUDGET_REACHED', BUDGET_EVENT);
};

/** The default practice is set up at start: its settings row and the shipped templates. */
const ensureDefaultPractice = async (strapi: Core.Strapi) => {
  await settingsService(strapi).ensure();
};

/** After a restart every appointment whose planning failed is tried again at once (the cause may be fixed by the new deploy). */
const replanFailedAppointments = async (strapi: Core.Strapi) => {
  const due = await plannerService(strapi).retry();
  if (due > 0) messagingLog(strapi).info(`[messaging] planning ${due} appointment event(s) again that failed before the restart`);
};

const startDispatcher = (strapi: Core.Strapi) => {
  const config = pluginConfig(strapi);
  const dispatcher = strapi.plugin(PLUGIN_ID).service('dispatcher');
  const notices = noticesService(strapi);
  dispatcher.start({
    config,
    // built and checked in register()
    providers: dispatcher.providers,
    plan: () => plannerService(strapi).processPending(),
    prepare: (row: MessageRow) => notices.prepare(row),
    unseal: (row: MessageRow) => releasesService(strapi).unsealBody(row),
    fallback: (row: MessageRow) => notices.fallbackDraft(row),
    bill: () => billingService(strapi).run(),
    completeBatches: () => strapi.plugin(PLUGIN_ID).service('batches').completeFinished(),
  });
  if (!config.dispatcher.enabled) return;
  strapi.cron.add({
    [CRON_JOBS.dispatch]: {
      task: () => dispatcher.tick().catch((error: Error) => messagingLog(strapi).error(`[messaging] dispatch failed: ${error.message}`)),
      options: { rule: config.dispatcher.cronRule },
    },
    [CRON_JOBS.retention]: {
      task: () =>
        strapi
          .plugin(PLUGIN_ID)
          .service('retention')
          .purge()
          .catch((error: Error) => messagingLog(strapi).error(`[messaging] log retention failed: ${error.message}`)),
      options: { rule: config.retention.cronRule },
    },
    [CRON_JOBS.billing]: {
      task: () => billingService(strapi).run().catch((error: Error) => messagingLog(strapi).error(`[messaging] billing failed: ${error.message}`)),
      options: { rule: config.billing.cronRule },
    },
  });
};

/**
 * A Twilio opt-out (error 21610, from a send or a delivery report) switches
 * SMS off for that client, if the message went out after the client's
 * latest opt-in (domain/consent.ts). A delivery report names the message's
 * send time; the dispatcher emits right after the refused send, so a
 * missing `sentAt` means now.
 */
const listenForOptOuts = (strapi: Core.Strapi) => {
  const notices = noticesService(strapi);
  strapi.eventHub.on('messaging.recipient.opted-out', async (event: { clientId?: string | null; sentAt?: string | null }) => {
    try {
      await notices.optedOut(event.clientId ?? null, 'STOP / Twilio 21610', event.sentAt ? new Date(event.sentAt) : new Date());
    } catch (error) {
      messagingLog(strapi).error(`[messaging] recording an opt-out failed: ${(error as Error).message}`);
    }
  });
};

/**
 * Each public page's own per-address limit: a burst, then `perSecond`
 * (config publicPages), counted in the database so every instance shares it.
 * The address is Koa's `ctx.ip`: the socket's peer, or behind a reverse
 * proxy the client's address from X-Forwarded-For once the app trusts the
 * proxy (`server.proxy: { koa: true }`; without it the header is ignored,
 * so a client cannot pick its own bucket).
 */
const publicPageLimiter = (strapi: Core.Strapi, page: 'slip' | 'download') => {
  const rate = pluginConfig(strapi).publicPages;
  const limits = rateLimitsRepository(strapi);
  return { allow: (address: string) => limits.allow(`${page}:${address}`, rate) };
};

/**
 * The public slip page at <public url>/s/<code> (and /s/<code>.ics). Public
 * because clients open it from an SMS; protected by unguessable codes (62^8),
 * an answer that is the same for unknown, expired and malformed codes, and a
 * per-address rate limit.
 */
const serveSlips = (strapi: Core.Strapi) => {
  const perAddress = publicPageLimiter(strapi, 'slip');
  strapi.server.use(async (ctx: any, next: () => Promise<void>) => {
    // Everything under /s/ is the page's: a malformed code gets the same 404 as an unknown one.
    const match = /^\/s\/([^/]*?)(\.ics)?$/.exec(ctx.path);
    if (!match || ctx.method !== 'GET') return next();
    if (!(await perAddress.allow(ctx.ip))) {
      ctx.status = 429;
      ctx.body = 'Too many requests';
      return;
    }
    const page = await slipsService(strapi).render(match[1], match[2] ? 'ics' : 'html'); // a malformed code finds nothing
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

/** Reads a small urlencoded form body (the download page's forms), whether or not a body parser ran before. */
async function formBody(ctx: any): Promise<Record<string, string>> {
  if (ctx.request.body && typeof ctx.request.body === 'object' && Object.keys(ctx.request.body).length > 0) return ctx.request.body;
  let raw = '';
  for await (const chunk of ctx.req) {
    raw += chunk;
    if (raw.length > 4096) break;
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

/**
 * The public download page at <public url>/d/<token>: GET shows the form,
 * POST checks the code and streams the file, POST /code (self-service)
 * sends a new code to the phone on record. Rate-limited per address; an
 * unknown token looks exactly like an expired one. Codes are never logged.
 */
const serveDownloads = (strapi: Core.Strapi) => {
  const perAddress = publicPageLimiter(strapi, 'download');
  const config = pluginConfig(strapi);
  strapi.server.use(async (ctx: any, next: () => Promise<void>) => {
    // Everything under /d/ is the page's: a malformed token gets the same 404 page as an unknown one.
    const match = /^\/d\/([^/]+)(\/code)?$/.exec(ctx.path);
    if (!match || !['GET', 'POST'].includes(ctx.method) || (match[2] && ctx.method !== 'POST')) return next();
    // Strapi's request log prints the URL once the answer is ready: it gets the link with the token
    // redacted, like the send log (the token is as good as the document to whoever has the code).
    try {
      await answer(ctx, match);
    } finally {
      ctx.url = ctx.url.replace(`/d/${match[1]}`, `/d/${'*'.repeat(match[1].length)}`);
    }
  });

  async function answer(ctx: any, match: RegExpExecArray) {
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Robots-Tag', 'noindex');
    ctx.set('Referrer-Policy', 'no-referrer');
    if (!(await perAddress.allow(ctx.ip))) {
      ctx.status = 429;
      ctx.body = 'Too many requests';
      return;
    }
    const token = match[1];
    const releases = releasesService(strapi);
    const found = /^[A-Za-z0-9]{1,64}$/.test(token) ? await releases.find(token) : null;
    const render = (state: DownloadPageState, status = 200) => {
      const locale = found?.client?.language === 'en' ? 'en' : (found?.settings.locale ?? config.locale);
      ctx.status = status;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = downloadPage({
        locale,
        practiceName: found?.settings.practiceName ?? null,
        practiceContact: found ? [found.settings.practicePhone, found.settings.practiceEmail].filter(Boolean).join(' · ') || null : null,
        title: found?.document.title ?? '',
        selfService: found?.release.delivery === 'self-service',
        codeLength: config.accessCodes.length,
        state,
        action: `/d/${token}`,
      });
    };
    if (!found) return render({ kind: 'gone' }, 404);
    if (ctx.method === 'GET') return render(found.release.lockedAt ? { kind: 'locked' } : { kind: 'form' });
    const de = (found.client?.language ?? found.settings.locale) !== 'en';
    if (match[2]) {
      const outcome = await releases.requestCode(token);
      if (outcome.result === 'sent') {
        const via = outcome.channel === 'threema' ? 'Threema' : 'SMS';
        return render({ kind: 'form', notice: de ? `Der Code ist unterwegs (${via} an ${outcome.to}).` : `The code is on its way (${via} to ${outcome.to}).` });
      }
      if (outcome.result === 'rate-limited') {
        return render({ kind: 'form', notice: de ? `Bitte warten Sie ${outcome.retryAfterMinutes} Minuten, bevor Sie einen neuen Code anfordern.` : `Please wait ${outcome.retryAfterMinutes} minutes before asking for a new code.` }, 429);
      }
      if (outcome.result === 'capped') {
        return render(
          {
            kind: 'form',
            notice: de
              ? 'Für diesen Download können keine weiteren Codes angefordert werden. Bitte wenden Sie sich an die Praxis.'
              : 'No more codes can be requested for this download. Please contact the practice.',
          },
          429,
        );
      }
      if (outcome.result === 'locked') return render({ kind: 'locked' }, 423);
      if (outcome.result === 'unreachable') return render({ kind: 'form', notice: de ? 'Für Sie ist keine Handynummer hinterlegt. Bitte wenden Sie sich an die Praxis.' : 'No phone is on record for you. Please contact the practice.' }, 409);
      return render({ kind: 'gone' }, 404);
    }
    const outcome = await releases.verify(token, (await formBody(ctx)).code ?? '');
    if (outcome.result === 'file') {
      ctx.set('Cache-Control', 'no-store');
      if (outcome.file.kind === 'redirect') {
        // a private remote provider: its short-lived signed URL
        ctx.redirect(outcome.file.url);
        return;
      }
      ctx.status = 200;
      ctx.type = outcome.file.mime;
      ctx.attachment(outcome.file.name);
      ctx.body = fs.createReadStream(outcome.file.path);
      return;
    }
    if (outcome.result === 'wrong') return render({ kind: 'form', error: 'wrong', attemptsLeft: outcome.attemptsLeft }, 403);
    if (outcome.result === 'locked') return render({ kind: 'locked' }, 423);
    if (outcome.result === 'no-code') return render({ kind: 'form', notice: de ? 'Bitte fordern Sie zuerst einen Code an.' : 'Please ask for a code first.' }, 403);
    return render({ kind: 'gone' }, 404);
  }
};

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await registerPermissions(strapi);
  offerWebhookEvents(strapi);
  await ensureDefaultPractice(strapi);
  startDispatcher(strapi);
  await replanFailedAppointments(strapi);
  listenForOptOuts(strapi);
  serveSlips(strapi);
  serveDownloads(strapi);
};

export default bootstrap;
