/**
 * The public pages clients open from a message: the express slip at
 * `<public url>/s/<code>` and the secure download at `<public url>/d/<token>`.
 * Served as Koa middleware (no REST prefix, no Strapi auth), each with a
 * per-address limit shared by all instances. What they say is in copy.ts.
 */
import type { RequestContext } from '../../kernel/http/context';
import fs from 'fs';
import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import { rateLimitsRepository } from '../repositories/rate-limits';
import { pluginConfig } from '../../kernel/plugin-config';
import { PUBLIC_COPY, PUBLIC_NOT_FOUND } from './copy';
import { downloadPage, type DownloadPageState } from './download-page';

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
  strapi.server.use(async (ctx: RequestContext, next: () => Promise<void>) => {
    // Everything under /s/ is the page's: a malformed code gets the same 404 as an unknown one.
    const match = /^\/s\/([^/]*?)(\.ics)?$/.exec(ctx.path);
    if (!match || ctx.method !== 'GET') return next();
    if (!(await perAddress.allow(ctx.ip))) {
      ctx.status = 429;
      ctx.body = 'Too many requests';
      return;
    }
    const page = await getService(strapi, 'slips').render(match[1], match[2] ? 'ics' : 'html'); // a malformed code finds nothing
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Robots-Tag', 'noindex');
    if (!page) {
      ctx.status = 404;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = PUBLIC_NOT_FOUND;
      return;
    }
    ctx.status = 200;
    ctx.type = page.type;
    ctx.body = page.body;
  });
};

/** Reads a small urlencoded form body (the download page's forms), whether or not a body parser ran before. */
async function formBody(ctx: RequestContext): Promise<Record<string, string>> {
  if (
    ctx.request.body &&
    typeof ctx.request.body === 'object' &&
    Object.keys(ctx.request.body).length > 0
  )
    return ctx.request.body;
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
  strapi.server.use(async (ctx: RequestContext, next: () => Promise<void>) => {
    // Everything under /d/ is the page's: a malformed token gets the same 404 page as an unknown one.
    const match = /^\/d\/([^/]+)(\/code)?$/.exec(ctx.path);
    if (!match || !['GET', 'POST'].includes(ctx.method) || (match[2] && ctx.method !== 'POST'))
      return next();
    // Strapi's request log prints the URL once the answer is ready: it gets the link with the token
    // redacted, like the send log (the token is as good as the document to whoever has the code).
    try {
      await answer(ctx, match);
    } finally {
      ctx.url = ctx.url.replace(`/d/${match[1]}`, `/d/${'*'.repeat(match[1].length)}`);
    }
  });

  async function answer(ctx: RequestContext, match: RegExpExecArray) {
    ctx.set('Cache-Control', 'no-store');
    ctx.set('X-Robots-Tag', 'noindex');
    ctx.set('Referrer-Policy', 'no-referrer');
    if (!(await perAddress.allow(ctx.ip))) {
      ctx.status = 429;
      ctx.body = 'Too many requests';
      return;
    }
    const token = match[1];
    const releases = getService(strapi, 'releases');
    const found = /^[A-Za-z0-9]{1,64}$/.test(token) ? await releases.find(token) : null;
    const render = (state: DownloadPageState, status = 200) => {
      const locale =
        found?.client?.language === 'en' ? 'en' : (found?.settings.locale ?? config.locale);
      ctx.status = status;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = downloadPage({
        locale,
        practiceName: found?.settings.practiceName ?? null,
        practiceContact: found
          ? [found.settings.practicePhone, found.settings.practiceEmail]
              .filter(Boolean)
              .join(' · ') || null
          : null,
        title: found?.document.title ?? '',
        selfService: found?.release.delivery === 'self-service',
        codeLength: config.accessCodes.length,
        state,
        action: `/d/${token}`,
      });
    };
    if (!found) return render({ kind: 'gone' }, 404);
    if (ctx.method === 'GET')
      return render(found.release.lockedAt ? { kind: 'locked' } : { kind: 'form' });
    const copy =
      PUBLIC_COPY[(found.client?.language ?? found.settings.locale) === 'en' ? 'en' : 'de'];
    if (match[2]) {
      const outcome = await releases.requestCode(token);
      if (outcome.result === 'sent')
        return render({
          kind: 'form',
          notice: copy.codeSent(outcome.channel === 'threema' ? 'Threema' : 'SMS', outcome.to),
        });
      if (outcome.result === 'rate-limited')
        return render({ kind: 'form', notice: copy.waitForCode(outcome.retryAfterMinutes) }, 429);
      if (outcome.result === 'capped')
        return render({ kind: 'form', notice: copy.noMoreCodes }, 429);
      if (outcome.result === 'locked') return render({ kind: 'locked' }, 423);
      if (outcome.result === 'unreachable')
        return render({ kind: 'form', notice: copy.noPhone }, 409);
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
    if (outcome.result === 'wrong')
      return render({ kind: 'form', error: 'wrong', attemptsLeft: outcome.attemptsLeft }, 403);
    if (outcome.result === 'locked') return render({ kind: 'locked' }, 423);
    if (outcome.result === 'no-code') return render({ kind: 'form', notice: copy.askFirst }, 403);
    return render({ kind: 'gone' }, 404);
  }
};

/** Both public pages, in front of Strapi's router. */
export function servePublicPages(strapi: Core.Strapi): void {
  serveSlips(strapi);
  serveDownloads(strapi);
}
