import type { Core } from '@strapi/strapi';
import { panelsService } from '../services/panels';
import { practiceOf } from './practice';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  mapping(ctx: any) {
    ctx.body = { data: panelsService(strapi).mapping() };
  },
  async appointment(ctx: any) {
    ctx.body = { data: await panelsService(strapi).appointment(practiceOf(strapi, ctx), String(ctx.params.documentId)) };
  },
  async client(ctx: any) {
    ctx.body = { data: await panelsService(strapi).client(practiceOf(strapi, ctx), String(ctx.params.documentId)) };
  },
});
