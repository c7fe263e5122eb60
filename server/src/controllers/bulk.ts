import type { Core } from '@strapi/strapi';
import { batchesService } from '../services/batches';
import { bulkService } from '../services/bulk';
import { massCancellationService } from '../services/mass-cancellation';
import { idParam } from './params';
import { practiceOf } from './practice';
import { answering } from './respond';

/** Bulk notifications, mass cancellations and their jobs. Validation and work live in the services. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async bulkPreview(ctx: any) {
    await answering(ctx, async () => {
      ctx.body = { data: await bulkService(strapi).preview(practiceOf(strapi, ctx), ctx.request.body) };
    });
  },
  async bulkStart(ctx: any) {
    await answering(ctx, async () => {
      ctx.status = 201;
      ctx.body = { data: await bulkService(strapi).start(practiceOf(strapi, ctx), ctx.request.body, ctx.state.user?.id ?? null) };
    });
  },
  async massCancellationPreview(ctx: any) {
    await answering(ctx, async () => {
      ctx.body = { data: await massCancellationService(strapi).preview(practiceOf(strapi, ctx), ctx.request.body) };
    });
  },
  async massCancellation(ctx: any) {
    await answering(ctx, async () => {
      ctx.status = 201;
      ctx.body = { data: await massCancellationService(strapi).execute(practiceOf(strapi, ctx), ctx.request.body, ctx.state.user?.id ?? null) };
    });
  },
  async batches(ctx: any) {
    const rows = await batchesService(strapi).list(practiceOf(strapi, ctx));
    ctx.body = { data: await Promise.all(rows.map((row) => batchesService(strapi).progress(row.practice, row.id))) };
  },
  async batch(ctx: any) {
    ctx.body = { data: await batchesService(strapi).progress(practiceOf(strapi, ctx), idParam(ctx, 'bulk job')) };
  },
  async cancelBatch(ctx: any) {
    await answering(ctx, async () => {
      ctx.body = { data: await batchesService(strapi).cancel(practiceOf(strapi, ctx), idParam(ctx, 'bulk job')) };
    });
  },
});
