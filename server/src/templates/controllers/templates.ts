import type { RequestContext } from '../../kernel/http/context';
import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import { CHANNELS } from '../../constants';
import { TEXT_LIMITS } from '../../../../shared/text-limits';
import { because, parseInput, problemMessage, z } from '../../kernel/validation/schema';
import { oneOf } from '../../kernel/validation/fields';
import { PROBLEMS } from '../../kernel/validation/problems';
import { idParam } from '../../kernel/http/params';
import { practiceOf } from '../../kernel/http/practice';

/** POST /analyze: a text (at most the channel's limit) and its channel, SMS unless given. */
const analyzeSchema = z
  .object(
    {
      text: z.string(because(PROBLEMS.notText())),
      channel: oneOf(CHANNELS).default('sms'),
    },
    because(PROBLEMS.notObject())
  )
  .superRefine(({ text, channel }, context) => {
    if (text.length > TEXT_LIMITS.body[channel])
      context.addIssue({
        code: 'custom',
        path: ['text'],
        message: problemMessage(PROBLEMS.tooLong(text, TEXT_LIMITS.body[channel])),
      });
  });

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'templates').list(practiceOf(strapi, ctx), ctx.query ?? {}),
    };
  },
  async createDefaults(ctx: RequestContext) {
    ctx.body = {
      data: {
        created: await getService(strapi, 'templates').ensureDefaults(practiceOf(strapi, ctx)),
      },
    };
  },
  async findOne(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'templates').get(
        practiceOf(strapi, ctx),
        idParam(ctx, 'template')
      ),
    };
  },
  async create(ctx: RequestContext) {
    ctx.status = 201;
    ctx.body = {
      data: await getService(strapi, 'templates').create(practiceOf(strapi, ctx), ctx.request.body),
    };
  },
  async update(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'templates').update(
        practiceOf(strapi, ctx),
        idParam(ctx, 'template'),
        ctx.request.body
      ),
    };
  },
  async delete(ctx: RequestContext) {
    await getService(strapi, 'templates').remove(practiceOf(strapi, ctx), idParam(ctx, 'template'));
    ctx.status = 204;
  },
  async preview(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'templates').preview(
        practiceOf(strapi, ctx),
        idParam(ctx, 'template'),
        ctx.request.body
      ),
    };
  },
  async previewChoices(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'templates').previewChoices(practiceOf(strapi, ctx)),
    };
  },
  async sendTest(ctx: RequestContext) {
    ctx.status = 201;
    ctx.body = {
      data: await getService(strapi, 'templates').sendTest(
        practiceOf(strapi, ctx),
        idParam(ctx, 'template'),
        ctx.request.body
      ),
    };
  },
  async analyze(ctx: RequestContext) {
    const { text, channel } = parseInput(analyzeSchema, ctx.request.body ?? {});
    ctx.body = {
      data: await getService(strapi, 'templates').analyze(practiceOf(strapi, ctx), text, channel),
    };
  },
});
