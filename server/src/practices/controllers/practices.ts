import type { Core } from '@strapi/strapi';
import type { RequestContext } from '../../kernel/http/context';
import { getService } from '../../kernel/get-service';
import type { PracticeAccessUser } from '../../kernel/config';

/** The practice switcher: the practices this user may act for, and which one a request without ?practice= acts for. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async mine(ctx: RequestContext) {
    ctx.body = {
      data: await getService(strapi, 'practice-access').mine(ctx.state.user as PracticeAccessUser),
    };
  },
});
