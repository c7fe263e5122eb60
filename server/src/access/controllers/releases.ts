import type { RequestContext } from '../../kernel/http/context';
import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import { practiceOf } from '../../kernel/http/practice';

/** Staff side of secure downloads. The answers never hold the code or the link's token. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async status(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'releases').status(
        practiceOf(strapi, ctx),
        String(ctx.params.documentId)
      ),
    };
  },
  async release(ctx: RequestContext) {
    ctx.status = 201;
    ctx.body = {
      data: await getService(strapi, 'releases').release(
        practiceOf(strapi, ctx),
        String(ctx.params.documentId),
        ctx.state.user?.id ?? null
      ),
    };
  },
  async revoke(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'releases').revoke(
        practiceOf(strapi, ctx),
        String(ctx.params.documentId)
      ),
    };
  },
  async newCode(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'releases').newCode(
        practiceOf(strapi, ctx),
        String(ctx.params.documentId)
      ),
    };
  },
});
