import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import { practiceOf } from '../../kernel/http/practice';
import { answering } from '../../kernel/http/respond';

/** Staff side of secure downloads. The answers never hold the code or the link's token. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async status(ctx: any) {
    ctx.body = {
      data: await getService(strapi, 'releases').status(
        practiceOf(strapi, ctx),
        String(ctx.params.documentId)
      ),
    };
  },
  async release(ctx: any) {
    await answering(ctx, async () => {
      ctx.status = 201;
      ctx.body = {
        data: await getService(strapi, 'releases').release(
          practiceOf(strapi, ctx),
          String(ctx.params.documentId),
          ctx.state.user?.id ?? null
        ),
      };
    });
  },
  async revoke(ctx: any) {
    ctx.body = {
      data: await getService(strapi, 'releases').revoke(
        practiceOf(strapi, ctx),
        String(ctx.params.documentId)
      ),
    };
  },
  async newCode(ctx: any) {
    await answering(ctx, async () => {
      ctx.body = {
        data: await getService(strapi, 'releases').newCode(
          practiceOf(strapi, ctx),
          String(ctx.params.documentId)
        ),
      };
    });
  },
});
