import type { RequestContext } from '../../kernel/http/context';
import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import { idParam } from '../../kernel/http/params';
import { practiceOf } from '../../kernel/http/practice';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async create(ctx: RequestContext) {
    const { message, created } = await getService(strapi, 'messages').sendManual(
      practiceOf(strapi, ctx),
      ctx.request.body,
      ctx.get('idempotency-key') || undefined
    );
    ctx.status = created ? 201 : 200;
    ctx.body = { data: message };
  },
  async sendTest(ctx: RequestContext) {
    ctx.status = 201;
    ctx.body = {
      data: await getService(strapi, 'messages').sendTest(
        practiceOf(strapi, ctx),
        ctx.request.body
      ),
    };
  },
  async find(ctx: RequestContext) {
    ctx.body = await getService(strapi, 'messages').list(practiceOf(strapi, ctx), ctx.query ?? {});
  },
  async findOne(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'messages').findOne(
        practiceOf(strapi, ctx),
        idParam(ctx, 'message')
      ),
    };
  },
  async resend(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'messages').resend(
        practiceOf(strapi, ctx),
        idParam(ctx, 'message'),
        ctx.state.user?.email
      ),
    };
  },
});
