import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import { idParam } from '../../kernel/http/params';
import { practiceOf } from '../../kernel/http/practice';
import { answering } from '../../kernel/http/respond';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async create(ctx: any) {
    await answering(ctx, async () => {
      const { message, created } = await getService(strapi, 'messages').sendManual(
        practiceOf(strapi, ctx),
        ctx.request.body,
        ctx.get('idempotency-key') || undefined
      );
      ctx.status = created ? 201 : 200;
      ctx.body = { data: message };
    });
  },
  async sendTest(ctx: any) {
    await answering(ctx, async () => {
      ctx.status = 201;
      ctx.body = {
        data: await getService(strapi, 'messages').sendTest(
          practiceOf(strapi, ctx),
          ctx.request.body
        ),
      };
    });
  },
  async find(ctx: any) {
    ctx.body = await getService(strapi, 'messages').list(practiceOf(strapi, ctx), ctx.query ?? {});
  },
  async findOne(ctx: any) {
    ctx.body = {
      data: await getService(strapi, 'messages').findOne(
        practiceOf(strapi, ctx),
        idParam(ctx, 'message')
      ),
    };
  },
  async resend(ctx: any) {
    await answering(ctx, async () => {
      ctx.body = {
        data: await getService(strapi, 'messages').resend(
          practiceOf(strapi, ctx),
          idParam(ctx, 'message'),
          ctx.state.user?.email
        ),
      };
    });
  },
});
