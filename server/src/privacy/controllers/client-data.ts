import type { RequestContext } from '../../kernel/http/context';
import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import { practiceOf } from '../../kernel/http/practice';

/** GDPR: a client's messaging data as JSON (Art. 15), and its erasure (Art. 17). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async export(ctx: RequestContext) {
    const documentId = String(ctx.params.documentId);
    ctx.body = {
      data: await getService(strapi, 'client-data').export(practiceOf(strapi, ctx), documentId),
    };
    ctx.set('Cache-Control', 'no-store');
  },
  async erase(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'client-data').erase(
        practiceOf(strapi, ctx),
        String(ctx.params.documentId)
      ),
    };
  },
});
