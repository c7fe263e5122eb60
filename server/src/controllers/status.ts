import type { Core } from '@strapi/strapi';
import { statusService } from '../services';
import { practiceOf } from './practice';
import { noticesService } from '../services/notices';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    ctx.body = { data: await statusService(strapi).get(practiceOf(strapi, ctx)) };
  },
  async unreachable(ctx: any) {
    ctx.body = { data: await noticesService(strapi).unreachableClients(practiceOf(strapi, ctx)) };
  },
});
