import type { RequestContext } from '../../kernel/http/context';
import type { Core } from '@strapi/strapi';
import { AUDIT_ACTIONS } from '../domain/audit';
import { auditRepository } from '../repositories/audit';
import { parseInput } from '../../kernel/validation/schema';
import { pagingSchema, queryChoice, queryText } from '../../kernel/validation/fields';
import { practiceOf } from '../../kernel/http/practice';

const auditQuerySchema = pagingSchema().extend({
  action: queryChoice(AUDIT_ACTIONS),
  target: queryText(200),
});

/** The audit trail of one practice, newest first; `?action=` and `?target=` narrow it. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RequestContext) {
    const { page, pageSize, action, target } = parseInput(auditQuerySchema, ctx.query ?? {});
    const { rows, total } = await auditRepository(strapi).list(
      practiceOf(strapi, ctx),
      { action, target },
      page,
      pageSize
    );
    ctx.body = {
      data: rows,
      meta: { pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) } },
    };
  },
});
