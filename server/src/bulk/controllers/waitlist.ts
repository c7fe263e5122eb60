import type { RequestContext } from '../../kernel/http/context';
import type { Core } from '@strapi/strapi';
import { waitlistRepository } from '../repositories/waitlist';
import { FieldErrors } from '../../kernel/validation/field-errors';
import { paging } from '../../kernel/validation/input-rules';
import { practiceOf } from '../../kernel/http/practice';

/** The practice's waitlist for its plugin page. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RequestContext) {
    const errors = new FieldErrors();
    const { page, pageSize } = paging((ctx.query ?? {}) as Record<string, unknown>, errors);
    errors.throwIfAny();
    const { rows, total } = await waitlistRepository(strapi).list(
      practiceOf(strapi, ctx),
      page,
      pageSize
    );
    ctx.body = {
      data: rows,
      meta: { pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) } },
    };
  },
});
