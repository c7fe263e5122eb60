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
import { TokenBucket } from '../domain/rate-limiter';
import { reasonFor } from '../domain/reasons';
import { decideAfterFailure } from '../domain/retry';
import type { ProviderSet } from '../providers';
import { networkError, type MessageProvider, type ProviderError, type SendResult } from '../providers/types';
import { messagesRepository, type MessageDraft, type MessageRow } from '../repositories/messages';
import type { Prepared } from './notices';
import type { Knex } from '../repositories/db';
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
  /** turns pending appointment events into notices; runs first in every tick */
  plan?: () => Promise<unknown>;
  /** writes the usage ledger (and due invoices) for what was sent; runs after a tick that sent something */
  bill?: () => Promise<unknown>;
  /** renders a planned notice from the appointment as it is now, or says to cancel it */
  prepare?: (row: MessageRow) => Promise<Prepared>;
  /** the real text of a message whose log body is redacted (access codes): meta.sealed, opened only to send */
  unseal?: (row: MessageRow) => string;
  /** a message to send instead when this one failed for good (Threema -> SMS) */
  fallback?: (row: MessageRow) => MessageDraft | null;
  now?: () => Date;
  random?: () => number;
}

/** Paid channels through a real provider go into the usage ledger; e-mail and the dry run cost nothing. */
const isBillable = (row: MessageRow, provider: MessageProvider) => (row.channel === 'sms' || row.channel === 'threema') && provider.name !== 'dry-run';

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
    retryAfterCapMs: config.dispatcher.retryAfterCapMs,
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

  /**
   * Hands one claimed row to its provider. Resolves, once the provider has
   * answered, to the promise that records the outcome.
   */
  async function sendOne(
    row: MessageRow,
    owner: string,
    claimedAt: number,
    settings: PracticeSettings,
    result: TickResult,
  ): Promise<{ recorded: Promise<void> }> {
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
      return { recorded: Promise.resolve() };
    }

    if (row.meta?.notice && deps.prepare) {
      const prepared = await deps.prepare(row);
      if ('cancel' in prepared || 'fail' in prepared) {
        const status = 'cancel' in prepared ? 'cancelled' : 'failed';
        const reason = 'cancel' in prepared ? prepared.cancel : prepared.fail;
        await repository.updateIf(row.id, { status: 'sending', leaseOwner: owner }, {
          status,
          leaseOwner: null,
          leaseUntil: null,
          errorCode: 'cancel' in prepared ? 'reason-gone' : 'template',
          errorMessage: reason,
          history: [...row.history, historyEntry(status, now(), reason)],
        });
        if (status === 'failed') result.failed += 1;
        else result.skipped += 1;
        return { recorded: Promise.resolve() };
      }
      // The text as it goes out is what the log keeps.
      const filled = { body: prepared.body, subject: prepared.subject, segments: prepared.segments, costTenthCents: prepared.costTenthCents };
      if (!(await repository.updateIf(row.id, { status: 'sending', leaseOwner: owner }, filled))) return { recorded: Promise.resolve() };
      row = { ...row, ...filled };
    }

    await buckets[row.channel].acquire();
    // Waiting for the rate limit may have eaten into the lease: renew it, and
    // give up the row if another instance already declared it expired.
    if (Date.now() - claimedAt > leaseMs / 2) {
      const renewed = await repository.updateIf(row.id, { status: 'sending', leaseOwner: owner }, { leaseUntil: new Date(Date.now() + leaseMs) });
      if (!renewed) return { recorded: Promise.resolve() };
    }

    const provider: MessageProvider = providers[row.channel];
    const sealed = Boolean(row.meta?.sealed && deps.unseal);
    // Once the message is final, the sealed text is dropped: only the redacted body stays in the log.
    const forgetSealed = (recorded: Promise<void>) =>
      sealed
        ? recorded.then(async () => {
            await repository.updateIf(row.id, { status: ['sent', 'delivered', 'failed', 'undeliverable'] }, { meta: { ...row.meta, sealed: null } });
          })
        : recorded;
    let sent: Awaited<ReturnType<MessageProvider['send']>>;
    try {
      sent = await provider.send({
        id: row.id,
        channel: row.channel,
        to: row.recipient ?? '',
        body: sealed ? deps.unseal!(row) : (row.body ?? ''),
        subject: row.subject,
        ...(row.channel === 'sms' && settings.smsSenderId ? { from: settings.smsSenderId } : {}),
      });
    } catch (thrown) {
      return { recorded: forgetSealed(recordFailure(row, owner, provider, networkError(thrown), result)) };
    }
    // The lane goes on to the next message while this outcome is written.
    return { recorded: forgetSealed(recordSent(row, owner, provider, sent, result)) };
  }

  /**
   * Outcomes are written in small transactions of up to 100 rows while the
   * lanes keep sending ("group commit"): one commit (one fsync on SQLite)
   * per group instead of per message. Each write is a conditional UPDATE, so
   * if a group fails it is simply written again row by row.
   */
  const writeQueue: { write: (trx?: Knex) => Promise<void>; done: (error?: unknown) => void }[] = [];
  let flushing = false;
  const record = (write: (trx?: Knex) => Promise<void>) =>
    new Promise<void>((resolve, reject) => {
      writeQueue.push({ write, done: (error) => (error ? reject(error) : resolve()) });
      if (!flushing) void flush();
    });
  async function flush() {
    flushing = true;
    // Let answers that arrive in the same moment join this group.
    await new Promise((resolve) => setTimeout(resolve, 2));
    while (writeQueue.length > 0) {
      const group = writeQueue.splice(0, 100);
      try {
        await strapi.db.transaction(async ({ trx }) => {
          for (const item of group) await item.write(trx);
        });
        group.forEach((item) => item.done());
      } catch {
        for (const item of group) {
          try {
            await item.write();
            item.done();
          } catch (error) {
            item.done(error);
          }
        }
      }
    }
    flushing = false;
  }

  async function recordSent(row: MessageRow, owner: string, provider: MessageProvider, sent: SendResult, result: TickResult) {
    if (!sent.status || sent.status === 'sent') {
      // The common case goes into one multi-row UPDATE with its neighbours.
      await recordAccepted({
        id: row.id,
        owner,
        provider: provider.name,
        providerMessageId: sent.providerMessageId,
        segments: sent.segments,
        billable: isBillable(row, provider),
        history: [...row.history, historyEntry('sent', now(), `${provider.name} ${sent.providerMessageId}`)],
        fallback: () => recordSentOneByOne(row, owner, provider, sent),
      });
      result.sent += 1;
      return;
    }
    await recordSentOneByOne(row, owner, provider, sent);
    result.sent += 1;
  }

  type Accepted = Parameters<typeof repository.markSentMany>[0][number] & { fallback: () => Promise<void> };
  const acceptedQueue: { item: Accepted; done: (error?: unknown) => void }[] = [];
  let acceptedFlushing = false;
  const recordAccepted = (item: Accepted) =>
    new Promise<void>((resolve, reject) => {
      acceptedQueue.push({ item, done: (error) => (error ? reject(error) : resolve()) });
      if (!acceptedFlushing) void flushAccepted();
    });
  async function flushAccepted() {
    acceptedFlushing = true;
    await new Promise((resolve) => setTimeout(resolve, 2));
    while (acceptedQueue.length > 0) {
      const group = acceptedQueue.splice(0, 100);
      try {
        const missed = new Set(await repository.markSentMany(group.map((entry) => entry.item), now()));
        for (const entry of group) {
          if (missed.has(entry.item.id)) await entry.item.fallback().then(() => entry.done(), entry.done);
          else entry.done();
        }
      } catch {
        for (const entry of group) await entry.item.fallback().then(() => entry.done(), entry.done);
      }
    }
    acceptedFlushing = false;
  }

  /** One row at a time: a report overtook the send, or the provider said more than "accepted". */
  async function recordSentOneByOne(row: MessageRow, owner: string, provider: MessageProvider, sent: SendResult) {
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
      // Twilio does not charge a message it reports failed at once
      ...(status !== 'failed' && isBillable(row, provider) ? { chargeState: 'pending' as const } : {}),
    };
    await record(async (trx) => {
      const applied = await repository.updateIf(
        row.id,
        { status: 'sending', leaseOwner: owner },
        { ...recorded, status, history: [...row.history, historyEntry(status, now(), `${provider.name} ${sent.providerMessageId}`)] },
        trx,
      );
      if (!applied) {
        // A delivery report overtook us (it found the row by id): keep its
        // status, add what only we know.
        await repository.updateIf(row.id, { status: [...FINAL_STATUSES], leaseOwner: owner }, recorded, trx);
      }
    });
  }

  async function recordFailure(row: MessageRow, owner: string, provider: MessageProvider, error: ProviderError, result: TickResult) {
    const decision = decideAfterFailure(error, row.attempts, retryPolicy, now(), random);
    const reason = reasonFor(error.code, error.message, { final: decision.kind === 'fail' });
    if (decision.kind === 'retry') {
      const note = `attempt ${row.attempts} failed (${error.code}); next at ${decision.sendAfter.toISOString()}`;
      const changes = {
        status: 'queued' as const,
        sendAfter: decision.sendAfter,
        leaseOwner: null,
        leaseUntil: null,
        errorCode: error.code,
        errorMessage: reason.en,
        history: [...row.history, historyEntry('queued', now(), note)],
      };
      await record(async (trx) => void (await repository.updateIf(row.id, { status: 'sending', leaseOwner: owner }, changes, trx)));
      result.retried += 1;
      return;
    }
    const changes = {
      status: 'failed' as const,
      provider: provider.name,
      leaseOwner: null,
      leaseUntil: null,
      errorCode: error.code,
      errorMessage: `${reason.en} (${error.message})`,
      history: [...row.history, historyEntry('failed', now(), `${error.code}: ${reason.en}`)],
      meta: { ...(row.meta ?? {}), reason, recipientProblem: error.recipientProblem },
    };
    await record(async (trx) => void (await repository.updateIf(row.id, { status: 'sending', leaseOwner: owner }, changes, trx)));
    result.failed += 1;
    strapi.eventHub?.emit('messaging.message.failed', { id: row.id, code: error.code, recipientProblem: error.recipientProblem });
    if (error.code === 'twilio:21610') strapi.eventHub?.emit('messaging.recipient.opted-out', { channel: 'sms', recipient: row.recipient, clientId: row.clientDocumentId });
    const instead = deps.fallback?.(row);
    if (instead) await strapi.plugin('messaging').service('outbox').enqueue([instead]);
  }

  async function claim(result: TickResult): Promise<{ rows: MessageRow[]; owner: string; claimedAt: number; settings: Map<string, PracticeSettings> }> {
    const owner = `${instanceId}:${++claimSequence}`;
    const claimedAt = Date.now();
    const rows = await repository.claimDue(owner, config.dispatcher.batchSize, now(), new Date(claimedAt + leaseMs));
    result.claimed += rows.length;
    // Switches are read once per claim, not per message; a switch turned off
    // mid-run takes effect from the next claim.
    const settings = new Map<string, PracticeSettings>();
    for (const practice of new Set(rows.map((row) => row.practice))) {
      settings.set(practice, await settingsService(strapi).get(practice));
    }
    return { rows, owner, claimedAt, settings };
  }

  /**
   * Works off everything due: each channel has `concurrency` lanes that take
   * rows from a buffer, and the buffer is refilled by the next claim while
   * the lanes are still busy, so no lane idles at the end of a batch.
   */
  async function drainOnce(result: TickResult): Promise<void> {
    type Job = { row: MessageRow; owner: string; claimedAt: number; settings: PracticeSettings };
    const buffers: Record<Channel, Job[]> = { sms: [], threema: [], email: [] };
    const writes: Promise<void>[] = [];
    let exhausted = false;
    let claiming: Promise<void> | null = null;

    const refill = (): Promise<void> => {
      if (!claiming && !exhausted && !stopped) {
        claiming = claim(result)
          .then(({ rows, owner, claimedAt, settings }) => {
            if (rows.length < config.dispatcher.batchSize) exhausted = true;
            for (const row of rows) buffers[row.channel].push({ row, owner, claimedAt, settings: settings.get(row.practice)! });
          })
          .finally(() => {
            claiming = null;
          });
      }
      return claiming ?? Promise.resolve();
    };

    const lane = async (channel: Channel) => {
      for (;;) {
        if (buffers[channel].length <= config.dispatcher.concurrency[channel]) void refill().catch(() => undefined);
        const job = buffers[channel].shift();
        if (job) {
          const { recorded } = await sendOne(job.row, job.owner, job.claimedAt, job.settings, result);
          writes.push(recorded);
          continue;
        }
        if (claiming) {
          await claiming;
          continue;
        }
        if (exhausted || stopped) return;
        await refill();
      }
    };

    await refill();
    await Promise.all(
      (['sms', 'threema', 'email'] as const).flatMap((channel) =>
        Array.from({ length: config.dispatcher.concurrency[channel] }, () => lane(channel)),
      ),
    );
    for (const outcome of await Promise.allSettled(writes)) {
      if (outcome.status === 'rejected') strapi.log.error(`[messaging] recording a send failed: ${outcome.reason?.message ?? outcome.reason}`);
    }
  }

  async function drain(): Promise<TickResult> {
    const result = emptyResult();
    do {
      again = false;
      if (deps.plan) await deps.plan().catch((error: Error) => strapi.log.error(`[messaging] planning notices failed: ${error.message}`));
      await expireLeases(result);
      await drainOnce(result);
    } while (again && !stopped);
    if (deps.bill && result.sent > 0) await deps.bill().catch((error: Error) => strapi.log.error(`[messaging] billing failed: ${error.message}`));
    return result;
  }

  return {
    instanceId,
    /** Sends everything due now; concurrent calls share one run. */
    tick(): Promise<TickResult> {
      // a kick queued just before shutdown must not touch the closed database
      if (stopped) return Promise.resolve(emptyResult());
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
