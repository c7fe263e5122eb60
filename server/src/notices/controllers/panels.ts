import type { RequestContext } from '../../kernel/http/context';
import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import { practiceOf, practicesOf } from '../../kernel/http/practice';
import { because, parseInput, problemMessage, z } from '../../kernel/validation/schema';
import { PROBLEMS } from '../../kernel/validation/problems';

/** Matches a page of the Content Manager's list (its largest page size). */
const MAX_INDICATORS = 100;
const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** `?ids=a,b,c`: one problem under "ids" for the whole list, as the column asks for it at once. */
const indicatorsQuerySchema = z.object({
  ids: z.string(because(PROBLEMS.idList())).transform((value, context) => {
    const ids = value.split(',').filter(Boolean);
    const problem =
      ids.length === 0 || ids.length > MAX_INDICATORS
        ? PROBLEMS.idList()
        : ids.every((id) => DOCUMENT_ID.test(id))
          ? null
          : PROBLEMS.documentIdOf('appointment');
    if (problem) context.addIssue({ code: 'custom', message: problemMessage(problem) });
    return [...new Set(ids)];
  }),
});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  mapping(ctx: RequestContext) {
    ctx.body = { data: getService(strapi, 'panels').mapping() };
  },
  async appointment(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'panels').appointment(
        practiceOf(strapi, ctx),
        String(ctx.params.documentId)
      ),
    };
  },
  /** Appointments whose notices could not be planned, with the reason; `?appointmentId=` for one. */
  async planningFailures(ctx: RequestContext) {
    const appointmentId =
      typeof ctx.query.appointmentId === 'string' ? ctx.query.appointmentId : undefined;
    ctx.body = { data: await getService(strapi, 'planner').failures(20, appointmentId) };
  },
  /** Plans failed appointments again now (all, or `{ appointmentId }`), once the cause is fixed. */
  async retryPlanning(ctx: RequestContext) {
    const appointmentId =
      typeof ctx.request.body?.appointmentId === 'string'
        ? ctx.request.body.appointmentId
        : undefined;
    const due = await getService(strapi, 'planner').retry(appointmentId);
    ctx.body = { data: { due } };
  },
  /** `?ids=a,b,c` (at most 100 appointment documentIds): each one's bubble, for the list column. */
  async indicators(ctx: RequestContext) {
    const { ids } = parseInput(indicatorsQuerySchema, ctx.query ?? {});
    ctx.body = {
      data: await getService(strapi, 'panels').indicators(practicesOf(ctx), ids),
    };
  },
  async client(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'panels').client(
        practiceOf(strapi, ctx),
        String(ctx.params.documentId)
      ),
    };
  },
});
