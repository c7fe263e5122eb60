import type { RequestContext } from '../../kernel/http/context';
import type { Core } from '@strapi/strapi';
import { AUDIT_ACTIONS } from '../domain/audit';
import { auditRepository } from '../repositories/audit';
import { FieldErrors } from '../../kernel/validation/field-errors';
import { PROBLEMS } from '../../kernel/validation/problems';
import { paging } from '../../kernel/validation/input-rules';
import { practiceOf } from '../../kernel/http/practice';

/** The audit trail of one practice, newest first; `?action=` and `?target=` narrow it. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RequestContext) {
    const query = (ctx.query ?? {}) as Record<string, unknown>;
    const errors = new FieldErrors();
    const { page, pageSize } = paging(query, errors);
    const action =
      typeof query.action === 'string' && query.action !== '' ? query.action : undefined;
    if (action !== undefined && !(AUDIT_ACTIONS as readonly string[]).includes(action))
      errors.add('action', PROBLEMS.oneOf(AUDIT_ACTIONS));
    const target =
      typeof query.target === 'string' && query.target !== ''
        ? query.target.slice(0, 200)
        : undefined;
    errors.throwIfAny();
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
