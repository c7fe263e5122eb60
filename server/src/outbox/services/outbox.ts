/**
 * Puts messages into the outbox. Writes join the caller's transaction when
 * there is one (strapi.db.transaction nests), so a message exists exactly
 * when whatever caused it was committed; the dispatcher is kicked after the
 * commit, never inside it.
 */
import type { Core } from '@strapi/strapi';
import { transaction } from '../../kernel/repositories/db';
import { getService } from '../../kernel/get-service';
import { messagesRepository, type MessageDraft, type MessageRow } from '../repositories/messages';

export const outboxService = (strapi: Core.Strapi) => {
  const repository = messagesRepository(strapi);
  return {
    /**
     * Queues the drafts; a draft whose idempotency key is already in the
     * outbox adds nothing. Returns the row of every key, new or old.
     */
    async enqueue(drafts: MessageDraft[]): Promise<MessageRow[]> {
      if (drafts.length === 0) return [];
      return transaction(strapi, async ({ trx, onCommit }) => {
        await repository.insertMany(drafts, trx);
        onCommit(() => getService(strapi, 'dispatcher').kick());
        return repository.findByKeys(
          drafts.map((draft) => draft.idempotencyKey),
          trx
        );
      });
    },

    /** The same for bulk jobs, which do not need the rows back (thousands of them). */
    async enqueueMany(drafts: MessageDraft[]): Promise<void> {
      if (drafts.length === 0) return;
      await transaction(strapi, async ({ trx, onCommit }) => {
        await repository.insertMany(drafts, trx);
        onCommit(() => getService(strapi, 'dispatcher').kick());
      });
    },
  };
};
