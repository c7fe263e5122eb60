import type { Core } from '@strapi/strapi';
import { settingsService } from '../services';
import { parseSettingsChanges } from '../validation/settings';
import { practiceOf } from './practice';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    ctx.body = { data: await settingsService(strapi).get(practiceOf(strapi, ctx)) };
  },
  async update(ctx: any) {
    const changes = parseSettingsChanges(ctx.request.body);
    ctx.body = { data: await settingsService(strapi).update(practiceOf(strapi, ctx), changes) };
  },
});
