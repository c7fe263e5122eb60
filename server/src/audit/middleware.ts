/**
 * Route middleware of every admin route that sends, costs or changes
 * something: once the route answered 2xx, one audit entry (who, what, when,
 * which practice, on what) without content (domain/audit.ts picks the
 * details by an allow-list). Declared on the route, so a new write route
 * names its audit action next to its permission.
 */
import type { RequestContext } from '../kernel/http/context';
import { messagingLog } from '../kernel/log';
import type { Core } from '@strapi/strapi';
import { auditDetails, auditTarget, type AuditAction } from './domain/audit';
import { auditRepository } from './repositories/audit';
import { practiceOf } from '../kernel/http/practice';

export interface AuditConfig {
  action: AuditAction;
  /** what the route acts on: "document" gives document:<documentId>, "batch" batch:<id>, ... */
  target?: string;
}

export const audit =
  (config: AuditConfig, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: RequestContext, next: () => Promise<void>) => {
    await next();
    if (ctx.status < 200 || ctx.status >= 300) return;
    const user = ctx.state?.user as
      | { id?: number; firstname?: string | null; lastname?: string | null }
      | undefined;
    const answer = (ctx.body as { data?: unknown } | undefined)?.data;
    try {
      await auditRepository(strapi).append({
        practice: practiceOf(strapi, ctx),
        action: config.action,
        actorId: user?.id ?? null,
        actorName: [user?.firstname, user?.lastname].filter(Boolean).join(' ') || null,
        target: auditTarget(config.target, ctx.params ?? {}, answer),
        details: auditDetails(config.action, ctx.request?.body, answer),
      });
    } catch (error) {
      // the action itself has happened: a lost entry is logged loudly, not turned into a failed answer
      messagingLog(strapi).error(
        `[messaging] audit entry ${config.action} could not be written: ${(error as Error).message}`
      );
    }
  };
