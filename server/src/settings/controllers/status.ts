import type { RequestContext } from '../../kernel/http/context';
import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import { practiceOf } from '../../kernel/http/practice';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RequestContext) {
    ctx.body = { data: await getService(strapi, 'status').get(practiceOf(strapi, ctx)) };
  },
  async unreachable(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'notices').unreachableClients(practiceOf(strapi, ctx)),
    };
  },
});
