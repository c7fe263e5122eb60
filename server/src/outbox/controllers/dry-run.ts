import type { RequestContext } from '../../kernel/http/context';
import type { Core } from '@strapi/strapi';
import { getService } from '../../kernel/get-service';
import type { ProviderSet } from '../providers';
import { messagesRepository } from '../repositories/messages';
import { ConflictError } from '../../kernel/errors';
import { practiceOf } from '../../kernel/http/practice';

/** The demo's "Dry-run outbox": what the dry run "sent" for this practice, newest first, in full. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async outbox(ctx: RequestContext) {
    const providers = getService(strapi, 'dispatcher').providers as ProviderSet | undefined;
    const outbox = providers?.dryRunOutbox;
    if (!outbox) {
      throw new ConflictError(
        'the dry-run outbox is off (dryRun.outbox, MESSAGING_DRY_RUN_OUTBOX=on)',
        {
          de: 'Der Testversand-Posteingang ist ausgeschaltet (nur in der Demo an).',
          en: 'The dry-run outbox is off (it is on in the demo only).',
        }
      );
    }
    const deliveries = outbox.list();
    const mine = new Set(
      await messagesRepository(strapi).idsInPractice(
        practiceOf(strapi, ctx),
        deliveries.map((d) => d.messageId)
      )
    );
    ctx.body = { data: deliveries.filter((delivery) => mine.has(delivery.messageId)) };
  },
});
