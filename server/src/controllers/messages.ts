import type { Core } from '@strapi/strapi';
import { messagesService } from '../services/messages';
import { idParam } from './params';
import { practiceOf } from './practice';
import { answering } from './respond';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async create(ctx: any) {
    await answering(ctx, async () => {
      const { message, created } = await messagesService(strapi).sendManual(
        practiceOf(strapi, ctx),
        ctx.request.body,
        ctx.get('idempotency-key') || undefined,
      );
      ctx.status = created ? 201 : 200;
      ctx.body = { data: message };
    });
  },
  async sendTest(ctx: any) {
    await answering(ctx, async () => {
      ctx.status = 201;
      ctx.body = { data: await messagesService(strapi).sendTest(practiceOf(strapi, ctx), ctx.request.body) };
    });
  },
  async find(ctx: any) {
    ctx.body = await messagesService(strapi).list(practiceOf(strapi, ctx), ctx.query ?? {});
  },
  async findOne(ctx: any) {
    ctx.body = { data: await messagesService(strapi).findOne(practiceOf(strapi, ctx), idParam(ctx, 'message')) };
  },
  async resend(ctx: any) {
    await answering(ctx, async () => {
      ctx.body = { data: await messagesService(strapi).resend(practiceOf(strapi, ctx), idParam(ctx, 'message'), ctx.state.user?.email) };
    });
  },
});
