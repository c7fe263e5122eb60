import type { RequestContext } from '../../kernel/http/context';
import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import { idParam } from '../../kernel/http/params';
import { practiceOf } from '../../kernel/http/practice';
import { ACTIONS } from '../../constants';
import { assertMayAct } from '../../practices';

/** Bulk notifications, mass cancellations and their jobs. Validation and work live in the services. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async bulkPreview(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'bulk').preview(practiceOf(strapi, ctx), ctx.request.body),
    };
  },
  async bulkStart(ctx: RequestContext) {
    ctx.status = 201;
    ctx.body = {
      data: await getService(strapi, 'bulk').start(
        practiceOf(strapi, ctx),
        ctx.request.body,
        ctx.state.user?.id ?? null
      ),
    };
  },
  async massCancellationPreview(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'mass-cancellation').preview(
        practiceOf(strapi, ctx),
        ctx.request.body
      ),
    };
  },
  async massCancellation(ctx: RequestContext) {
    ctx.status = 201;
    ctx.body = {
      data: await getService(strapi, 'mass-cancellation').execute(
        practiceOf(strapi, ctx),
        ctx.request.body,
        ctx.state.user?.id ?? null
      ),
    };
  },
  async batches(ctx: RequestContext) {
    const rows = await getService(strapi, 'batches').list(practiceOf(strapi, ctx));
    ctx.body = {
      data: await Promise.all(
        rows.map((row) => getService(strapi, 'batches').progress(row.practice, row.id))
      ),
    };
  },
  async batch(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'batches').progress(
        practiceOf(strapi, ctx),
        idParam(ctx, 'bulk job')
      ),
    };
  },
  async cancelBatch(ctx: RequestContext) {
    const practice = practiceOf(strapi, ctx);
    const id = idParam(ctx, 'bulk job');
    // stopping a job takes the permission that starts one of its kind
    const kind = await getService(strapi, 'batches').kindOf(practice, id);
    await assertMayAct(
      strapi,
      ctx,
      kind === 'mass-cancellation' ? ACTIONS.massCancel : ACTIONS.bulkSend
    );
    ctx.body = { data: await getService(strapi, 'batches').cancel(practice, id) };
  },
});
