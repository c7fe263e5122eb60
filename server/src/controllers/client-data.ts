import type { Core } from '@strapi/strapi';
import { clientDataService } from '../services/client-data';
import { practiceOf } from './practice';

/** GDPR: a client's messaging data as JSON (Art. 15), and its erasure (Art. 17). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async export(ctx: any) {
    const documentId = String(ctx.params.documentId);
    ctx.body = { data: await clientDataService(strapi).export(practiceOf(strapi, ctx), documentId) };
    ctx.set('Cache-Control', 'no-store');
  },
  async erase(ctx: any) {
    ctx.body = { data: await clientDataService(strapi).erase(practiceOf(strapi, ctx), String(ctx.params.documentId)) };
  },
});
