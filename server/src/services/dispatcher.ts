/**
 * Sends what is due in the outbox. Every Strapi instance runs one: a cron
 * tick plus an immediate kick after enqueueing. Rows are claimed atomically
 * with a lease, so instances share the work without sending twice; a row is
 * only handed to a provider while this instance still holds its lease.
 */
import type { Core } from '@strapi/strapi';
import { hostname } from 'os';
import { randomBytes } from 'crypto';
import type { MessagingConfig } from '../config';
import type { Channel } from '../constants';
import { FINAL_STATUSES, historyEntry } from '../domain/outbox';
import { TokenBucket, runConcurrently } from '../domain/rate-limiter';
import { reasonFor } from '../domain/reasons';
import { decideAfterFailure } from '../domain/retry';
import type { ProviderSet } from '../providers';
import { networkError, type MessageProvider } from '../providers/types';
import { messagesRepository, type MessageRow } from '../repositories/messages';
import { settingsService } from './settings';
import type { PracticeSettings } from '../../../shared/contracts/settings';

export interface TickResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
  expired: number;
}

export interface DispatcherDeps {
  config: MessagingConfig;
  providers: ProviderSet;
  now?: () => Date;
  random?: () => number;
}

const emptyResult = (): TickResult => ({ claimed: 0, sent: 0, retried: 0, failed: 0, skipped: 0, expired: 0 });

export function createDispatcher(strapi: Core.Strapi, deps: DispatcherDeps) {
  const { config } = deps;
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;
  const repository = messagesRepository(strapi);
  const instanceId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const leaseMs = config.dispatcher.leaseSeconds * 1000;
  const retryPolicy = {
    maxAttempts: config.dispatcher.maxAttempts,
    baseDelayMs: config.dispatcher.retryBaseDelayMs,
    maxDelayMs: config.dispatcher.retryMaxDelayMs,
  };
  const buckets: Record<Channel, TokenBucket> = {
    sms: new TokenBucket(config.dispatcher.ratePerSecond.sms),
    threema: new TokenBucket(config.dispatcher.ratePerSecond.threema),
    email: new TokenBucket(config.dispatcher.ratePerSecond.email),
  };
  let providers = deps.providers;
  let claimSequence = 0;
  let running: Promise<TickResult> | null = null;
  let again = false;
  let stopped = false;

  async function expireLeases(result: TickResult) {
    const target = config.dispatcher.resendAfterLeaseExpiry ? 'queued' : 'needs-review';
    const reason = reasonFor('lease-expired');
    for (const row of await repository.findExpiredLeases(now(), 500)) {
      const applied = await repository.updateIf(
        row.id,
        { status: 'sending', leaseOwner: row.leaseOwner ?? undefined },
        {
          status: target,
          leaseOwner: null,
          leaseUntil: null,
          errorCode: 'lease-expired',
          errorMessage: reason.en,
          history: [...row.history, historyEntry(target, now(), reason.en)],
        },
      );
      if (applied) result.expired += 1;
    }
  }

  async function sendOne(row: MessageRow, owner: string, claimedAt: number, settings: PracticeSettings, result: TickResult) {
    const channelOn = row.channel === 'email' || (row.channel === 'sms' ? settings.smsEnabled : settings.threemaEnabled);
    if (!channelOn) {
      const reason = reasonFor('channel-disabled');
      const applied = await repository.updateIf(row.id, { status: 'sending', leaseOwner: owner }, {
        status: 'skipped',
        leaseOwner: null,
        leaseUntil: null,
        errorCode: 'channel-disabled',
        errorMessage: reason.en,
        history: [...row.history, historyEntry('skipped', now(), reason.en)],
      });
      if (applied) result.skipped += 1;
      return;
    }

    await buckets[row.channel].acquire();
    // Waiting for the rate limit may have eaten into the lease: renew it, and
    // give up the row if another instance already declared it expired.
    if (Date.now() - claimedAt > leaseMs / 2) {
      const renewed = await repository.updateIf(row.id, { status: 'sending', leaseOwner: owner }, { leaseUntil: new Date(Date.now() + leaseMs) });
      if (!renewed) return;
    }

    const provider: MessageProvider = providers[row.channel];
    try {
      const sent = await provider.send({
        id: row.id,
        channel: row.channel,
        to: row.recipient ?? '',
        body: row.body ?? '',
        subject: row.subject,
        ...(row.channel === 'sms' && settings.smsSenderId ? { from: settings.smsSenderId } : {}),
      });
      const status = sent.status === 'delivered' ? 'delivered' : sent.status === 'failed' ? 'failed' : 'sent';
      const recorded = {
        provider: provider.name,
        providerMessageId: sent.providerMessageId,
        sentAt: now(),
        leaseOwner: null,
        leaseUntil: null,
        errorCode: null,
        errorMessage: null,
        ...(sent.segments ? { segments: sent.segments } : {}),
      };
      const applied = await repository.updateIf(row.id, { status: 'sending', leaseOwner: owner }, {
        ...recorded,
        status,
        history: [...row.history, historyEntry(status, now(), `${provider.name} ${sent.providerMessageId}`)],
      });
      if (!applied) {
        // A delivery report overtook us (it found the row by id): keep its
        // status, add what only we know.
        await repository.updateIf(row.id, { status: [...FINAL_STATUSES], leaseOwner: owner }, recorded);
      }
      result.sent += 1;
    } catch (thrown) {
      const error = networkError(thrown);
      const decision = decideAfterFailure(error, row.attempts, retryPolicy, now(), random);
      const reason = reasonFor(error.code, error.message);
      if (decision.kind === 'retry') {
        const note = `attempt ${row.attempts} failed (${error.code}); next at ${decision.sendAfter.toISOString()}`;
        await repository.updateIf(row.id, { status: 'sending', leaseOwner: owner }, {
          status: 'queued',
          sendAfter: decision.sendAfter,
          leaseOwner: null,
          leaseUntil: null,
          errorCode: error.code,
          errorMessage: reason.en,
          history: [...row.history, historyEntry('queued', now(), note)],
        });
        result.retried += 1;
      } else {
        await repository.updateIf(row.id, { status: 'sending', leaseOwner: owner }, {
          status: 'failed',
          provider: provider.name,
          leaseOwner: null,
          leaseUntil: null,
          errorCode: error.code,
          errorMessage: `${reason.en} (${error.message})`,
          history: [...row.history, historyEntry('failed', now(), `${error.code}: ${reason.en}`)],
          meta: { ...(row.meta ?? {}), reason, recipientProblem: error.recipientProblem },
        });
        result.failed += 1;
        strapi.eventHub?.emit('messaging.message.failed', { id: row.id, code: error.code, recipientProblem: error.recipientProblem });
      }
    }
  }

  async function claimAndSend(result: TickResult): Promise<number> {
    const owner = `${instanceId}:${++claimSequence}`;
    const claimedAt = Date.now();
    const rows = await repository.claimDue(owner, config.dispatcher.batchSize, now(), new Date(claimedAt + leaseMs));
    result.claimed += rows.length;
    // Switches are read once per claim, not per message; a switch turned off
    // mid-batch takes effect from the next claim.
    const settingsByPractice = new Map<string, PracticeSettings>();
    for (const practice of new Set(rows.map((row) => row.practice))) {
      settingsByPractice.set(practice, await settingsService(strapi).get(practice));
    }
    const byChannel = new Map<Channel, MessageRow[]>();
    for (const row of rows) byChannel.set(row.channel, [...(byChannel.get(row.channel) ?? []), row]);
    await Promise.all(
      [...byChannel].map(([channel, list]) =>
        runConcurrently(list, config.dispatcher.concurrency[channel], (row) => sendOne(row, owner, claimedAt, settingsByPractice.get(row.practice)!, result)),
      ),
    );
    return rows.length;
  }

  async function drain(): Promise<TickResult> {
    const result = emptyResult();
    do {
      again = false;
      await expireLeases(result);
      while (!stopped && (await claimAndSend(result)) >= config.dispatcher.batchSize) {
        // a full batch: there may be more due
      }
    } while (again && !stopped);
    return result;
  }

  return {
    instanceId,
    /** Sends everything due now; concurrent calls share one run. */
    tick(): Promise<TickResult> {
      if (running) {
        again = true;
        return running;
      }
      running = drain().finally(() => {
        running = null;
      });
      return running;
    },
    /** Called after enqueueing: start a tick soon, without waiting for cron. */
    kick() {
      if (stopped || !config.dispatcher.enabled) return;
      setImmediate(() => {
        this.tick().catch((error) => strapi.log.error(`[messaging] dispatch failed: ${error.message}`));
      });
    },
    /** Waits for a running tick and stops new ones (destroy). */
    async stop() {
      stopped = true;
      await running?.catch(() => undefined);
    },
    /** Tests swap providers (e.g. to the fake servers). */
    useProviders(next: ProviderSet) {
      providers = next;
    },
    get providers() {
      return providers;
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
