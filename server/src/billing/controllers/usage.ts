import type { RequestContext } from '../../kernel/http/context';
import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import { idParam } from '../../kernel/http/params';
import { assertActsForEveryPractice, practiceOf } from '../../kernel/http/practice';

/** Usage and invoices (read only: invoices are issued by the billing pass, never through the API). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async usage(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'billing').usage(practiceOf(strapi, ctx), ctx.query ?? {}),
    };
  },
  async invoices(ctx: RequestContext) {
    ctx.body = await getService(strapi, 'billing').invoices(
      practiceOf(strapi, ctx),
      ctx.query ?? {}
    );
  },
  async invoice(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'billing').invoice(
        practiceOf(strapi, ctx),
        idParam(ctx, 'invoice')
      ),
    };
  },
  async invoiceCsv(ctx: RequestContext) {
    const { filename, body } = await getService(strapi, 'billing').invoiceCsv(
      practiceOf(strapi, ctx),
      idParam(ctx, 'invoice')
    );
    ctx.type = 'text/csv; charset=utf-8';
    ctx.attachment(filename);
    ctx.body = body;
  },
  async operatorOverview(ctx: RequestContext) {
    assertActsForEveryPractice(ctx);
    ctx.body = { data: await getService(strapi, 'billing').operatorOverview(ctx.query ?? {}) };
  },
  async setPrices(ctx: RequestContext) {
    assertActsForEveryPractice(ctx);
    ctx.body = {
      data: await getService(strapi, 'billing').setPrices(
        ctx.query?.practice,
        practiceOf(strapi, ctx),
        ctx.request.body
      ),
    };
  },
  async billingRunCsv(ctx: RequestContext) {
    assertActsForEveryPractice(ctx);
    const { filename, body } = await getService(strapi, 'billing').billingRunCsv(ctx.query ?? {});
    ctx.type = 'text/csv; charset=utf-8';
    ctx.attachment(filename);
    ctx.body = body;
  },
});
