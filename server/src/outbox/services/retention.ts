/**
 * The send log keeps four weeks: a daily job deletes older rows in a
 * decided state (RETENTION_DELETABLE_STATUSES, an allow-list), a batch at a
 * time so the table is never locked for long. Queued, sending and
 * needs-review rows and charges are never touched.
 */
import type { Core } from '@strapi/strapi';
import { RETENTION_DELETABLE_STATUSES } from '../domain/outbox';
import { messagesRepository } from '../repositories/messages';
import { rateLimitsRepository } from '../../access';
import { pluginConfig } from '../../kernel/plugin-config';

export const retentionService = (strapi: Core.Strapi) => ({
  async purge(now: Date = new Date()): Promise<number> {
    const { days, batchSize } = pluginConfig(strapi).retention;
    const cutoff = new Date(now.getTime() - days * 86_400_000);
    const repository = messagesRepository(strapi);
    // the public pages' idle per-address buckets: a missing row is a full one
    await rateLimitsRepository(strapi).purgeIdle(now.getTime());
    let deleted = 0;
    for (;;) {
      const count = await repository.deleteOldBatch(
        cutoff,
        RETENTION_DELETABLE_STATUSES,
        batchSize
      );
      deleted += count;
      if (count < batchSize) return deleted;
    }
  },
});
