import type { RequestContext } from '../../kernel/http/context';
import type { Core } from '@strapi/strapi';
import { waitlistRepository } from '../repositories/waitlist';
import { parseInput } from '../../kernel/validation/schema';
import { pagingSchema } from '../../kernel/validation/fields';
import { practiceOf } from '../../kernel/http/practice';

/** The practice's waitlist for its plugin page. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RequestContext) {
    const { page, pageSize } = parseInput(pagingSchema(), ctx.query ?? {});
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
