import type { RequestContext } from '../../kernel/http/context';
import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import { CHANNELS, type Channel } from '../../constants';
import { TEXT_LIMITS } from '../../../../shared/text-limits';
import { FieldErrors } from '../../kernel/validation/field-errors';
import { PROBLEMS } from '../../kernel/validation/problems';
import { idParam } from '../../kernel/http/params';
import { practiceOf } from '../../kernel/http/practice';

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
    const body = ctx.request.body ?? {};
    const errors = new FieldErrors();
    if (typeof body.text !== 'string') errors.add('text', PROBLEMS.notText());
    if (body.channel !== undefined && !CHANNELS.includes(body.channel))
      errors.add('channel', PROBLEMS.oneOf(CHANNELS));
    errors.throwIfAny();
    const channel = (body.channel ?? 'sms') as Channel;
    if (body.text.length > TEXT_LIMITS.body[channel])
      errors.add('text', PROBLEMS.tooLong(body.text, TEXT_LIMITS.body[channel]));
    errors.throwIfAny();
    ctx.body = { data: getService(strapi, 'templates').analyze(body.text, channel) };
  },
});
