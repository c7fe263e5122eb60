import type { RequestContext } from '../../kernel/http/context';
import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import { parseSettingsChanges } from '../validation';
import { practiceOf } from '../../kernel/http/practice';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RequestContext) {
    ctx.body = { data: await getService(strapi, 'settings').get(practiceOf(strapi, ctx)) };
  },
  async update(ctx: RequestContext) {
    const changes = parseSettingsChanges(ctx.request.body);
    ctx.body = {
      data: await getService(strapi, 'settings').update(practiceOf(strapi, ctx), changes),
    };
  },
});
