import type { RequestContext } from '../../kernel/http/context';
import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import { type WebhookOutcome } from '../services/webhooks';

/** Providers only look at the status code; say little to anyone else. */
const answer = (ctx: RequestContext, outcome: WebhookOutcome) => {
  if (outcome === 'forbidden') {
    ctx.status = 403;
    ctx.body = {
      error: { status: 403, name: 'ForbiddenError', message: 'signature missing or invalid' },
    };
  } else if (outcome === 'bad-request') {
    ctx.status = 400;
    ctx.body = { error: { status: 400, name: 'BadRequest', message: 'bad callback' } };
  } else {
    ctx.status = 204;
  }
};

const form = (ctx: RequestContext): Record<string, string> => {
  const body = ctx.request.body;
  if (!body || typeof body !== 'object') return {};
  return Object.fromEntries(
    Object.entries(body).filter(([, value]) => typeof value === 'string')
  ) as Record<string, string>;
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async twilio(ctx: RequestContext) {
    answer(
      ctx,
      await getService(strapi, 'webhooks').twilio(
        form(ctx),
        ctx.get('x-twilio-signature') || undefined,
        ctx.querystring ?? ''
      )
    );
  },
  async twilioInbound(ctx: RequestContext) {
    const outcome = await getService(strapi, 'webhooks').twilioInbound(
      form(ctx),
      ctx.get('x-twilio-signature') || undefined,
      ctx.querystring ?? ''
    );
    if (outcome === 'forbidden' || outcome === 'bad-request') return answer(ctx, outcome);
    // Twilio expects TwiML for incoming messages; an empty response sends no reply.
    ctx.status = 200;
    ctx.type = 'text/xml';
    ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
  },
  async threema(ctx: RequestContext) {
    answer(ctx, await getService(strapi, 'webhooks').threema(form(ctx)));
  },
});
