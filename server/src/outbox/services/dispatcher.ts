/**
 * Sends what is due in the outbox. Every Strapi instance runs one: a cron
 * tick plus an immediate kick after enqueueing. The promise it keeps: every
 * message is sent once, or ends in a state that says truthfully why not.
 *
 * - Rows are claimed per channel, atomically, with a lease (queued ->
 *   claimed), and only as many as this instance can hand over within half a
 *   lease at the channel's rate: the rest stays free for other instances.
 * - While rows wait in the buffer (for the rate limit or a free lane), a
 *   heartbeat renews their leases. A claimed row whose lease expires anyway
 *   (the instance died) goes back to the queue: it never left.
 * - A row is handed over (claimed -> sending) in one conditional UPDATE that
 *   needs the live lease, right before the request is written. A cancel of
 *   a job or of an appointment's notices cancels claimed rows too, so
 *   nothing it cancelled can be handed over after it has committed.
 * - A send whose outcome is unknown (timeout, reset, the instance died
 *   mid-request) is never retried blindly: it is looked up at the provider
 *   (`checking`) and recorded as sent if found, queued again only if
 *   provably absent; a provider without a lookup makes it needs-review.
 */
import { messagingLog } from '../../kernel/log';
import { getService } from '../../kernel/get-service';
import type { Core } from '@strapi/strapi';
import { newInstanceId } from '../../kernel/instance';
import type { MessagingConfig } from '../../kernel/config';
import { EVENTS, type Channel } from '../../constants';
import { FINAL_STATUSES, historyEntry } from '../domain/outbox';
import { groupCommit, settleEach } from '../domain/group-commit';
import { TokenBucket } from '../domain/rate-limiter';
import { reasonFor } from '../domain/reasons';
import { decideAfterFailure } from '../domain/retry';
import type { ProviderSet } from '../providers';
import {
  networkError,
  type MessageProvider,
  type ProviderError,
  type SendResult,
} from '../providers/types';
import { messagesRepository, type MessageDraft, type MessageRow } from '../repositories/messages';
import type { Prepared } from '../../notices';
import { transaction, type Knex } from '../../kernel/repositories/db';
import type { PracticeSettings } from '../../../../shared/contracts/settings';

export interface TickResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
  /** handed-over rows whose lease ran out (their instance is gone): checked or needs-review */
  expired: number;
  /** claimed rows given back to the queue, never handed over (expired claims, or this instance stopping) */
  released: number;
  /** sends of unknown outcome that a lookup settled (found: sent; absent: queued again) */
  reconciled: number;
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
  /** marks bulk jobs completed whose last row became final; runs at the end of every tick */
  completeBatches?: () => Promise<unknown>;
  now?: () => Date;
  random?: () => number;
}

/**
 * Paid channels through a real provider go into the usage ledger; e-mail costs nothing, and the
 * dry run nothing unless the demo bills it as if real (`dryRun.chargeAsReal`).
 */
const isBillable = (row: MessageRow, provider: MessageProvider, config: MessagingConfig) =>
  (row.channel === 'sms' || row.channel === 'threema') &&
  (provider.name !== 'dry-run' || config.dryRun.chargeAsReal);

const emptyResult = (): TickResult => ({
  claimed: 0,
  sent: 0,
  retried: 0,
  failed: 0,
  skipped: 0,
  expired: 0,
  released: 0,
  reconciled: 0,
});

const CHANNEL_ORDER = ['sms', 'threema', 'email'] as const;

/** A row this instance holds (claimed or sending) with the claim it belongs to. */
type Held = { row: MessageRow; owner: string; settings: PracticeSettings };

export function createDispatcher(strapi: Core.Strapi, deps: DispatcherDeps) {
  const { config } = deps;
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;
  const repository = messagesRepository(strapi);
  const instanceId = newInstanceId();
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

  const retryAfterLookupPolicy = { ...retryPolicy, maxAttempts: config.dispatcher.maxLookups };
  const reconcileAfterMs = config.dispatcher.reconcileAfterSeconds * 1000;
  /** Every row this instance holds right now (claimed or sending), by id: the heartbeat renews their leases. */
  const held = new Map<number, { owner: string }>();
  const release = (id: number) => held.delete(id);

  /** The request a row becomes (also what a lookup searches for). */
  const outgoing = (row: MessageRow, settings: PracticeSettings | null) => ({
    id: row.id,
    channel: row.channel,
    to: row.recipient ?? '',
    body: row.meta?.sealed && deps.unseal ? deps.unseal(row) : (row.body ?? ''),
    subject: row.subject,
    ...(row.channel === 'sms' && settings?.smsSenderId ? { from: settings.smsSenderId } : {}),
  });

  /** Renews the leases of everything held, every third of a lease, while a drain runs. */
  function startHeartbeat(): () => void {
    const timer = setInterval(
      () => {
        if (held.size === 0) return;
        const items = [...held.entries()].map(([id, { owner }]) => ({ id, owner }));
        repository
          .renewLeases(items, new Date(now().getTime() + leaseMs))
          .catch((error: Error) =>
            messagingLog(strapi).warn(`[messaging] renewing leases failed: ${error.message}`)
          );
      },
      Math.max(250, Math.floor(leaseMs / 3))
    );
    timer.unref?.();
    return () => clearInterval(timer);
  }

  /**
   * Expired leases: a claimed row goes back to the queue (it never left); a
   * handed-over row's outcome is unknown, so it is looked up at the provider
   * once the provider had time to finish the request, or needs a person.
   */
  async function expireLeases(result: TickResult) {
    result.released += await repository.releaseExpiredClaims(now());
    for (const row of await repository.findExpiredSending(now(), 500)) {
      const changes = unclearOutcome(row, 'lease-expired');
      const applied = await repository.updateIf(
        row.id,
        { status: 'sending', leaseOwner: row.leaseOwner ?? undefined },
        changes
      );
      if (applied) result.expired += 1;
    }
  }

  /**
   * What a row whose send has an unknown outcome becomes: `checking` (looked
   * up after the provider had time to finish the request) where the provider
   * can be asked, else needs-review (or queued again, if so configured).
   */
  function unclearOutcome(row: MessageRow, code: string): Partial<MessageRow> {
    const at = now();
    if (providers[row.channel].lookup) {
      const written = (row.handedOverAt ?? at).getTime();
      const reason = reasonFor('checking');
      return {
        status: 'checking',
        sendAfter: new Date(
          Math.max(at.getTime(), written + config.providerTimeoutMs + reconcileAfterMs)
        ),
        leaseOwner: null,
        leaseUntil: null,
        errorCode: code,
        errorMessage: reason.en,
        meta: { ...(row.meta ?? {}), lookups: 0 },
        history: [...row.history, historyEntry('checking', at, `${code}: ${reason.en}`)],
      };
    }
    const target = config.dispatcher.resendAfterLeaseExpiry ? 'queued' : 'needs-review';
    // the log shows why a person is needed; the provider's own code stays in the note
    const why = code === 'lease-expired' ? 'lease-expired' : 'unclear-outcome';
    const reason = reasonFor(why);
    return {
      status: target,
      leaseOwner: null,
      leaseUntil: null,
      errorCode: why,
      errorMessage: why === code ? reason.en : `${reason.en} (${code})`,
      history: [
        ...row.history,
        historyEntry(target, at, why === code ? reason.en : `${code}: ${reason.en}`),
      ],
    };
  }

  /**
   * Settles sends of unknown outcome by asking the provider. Found: the
   * message is recorded as sent (the ledger charges it). Absent, at least
   * `reconcileAfterSeconds` after the request: it never arrived, so it is
   * queued again. The lookup itself failing: asked again later, and after
   * `maxLookups` failures it needs a person.
   */
  async function reconcile(result: TickResult) {
    const owner = `${instanceId}:check:${++claimSequence}`;
    const rows = await repository.claimChecks(
      owner,
      20,
      now(),
      new Date(now().getTime() + leaseMs)
    );
    for (const row of rows) {
      const provider = providers[row.channel];
      const expected = { status: 'checking' as const, leaseOwner: owner };
      if (!provider.lookup) {
        await repository.updateIf(
          row.id,
          expected,
          unclearOutcome({ ...row, status: 'sending' }, 'unclear-outcome')
        );
        continue;
      }
      const settings = await getService(strapi, 'settings').get(row.practice);
      const since = row.handedOverAt ?? row.createdAt ?? now();
      let found;
      try {
        found = (await provider.lookup(outgoing(row, settings), since)).found;
      } catch (thrown) {
        const error = networkError(thrown);
        const lookups = Number(row.meta?.lookups ?? 0) + 1;
        const again = decideAfterFailure(
          { retryable: true },
          lookups,
          retryAfterLookupPolicy,
          now(),
          random
        );
        if (again.kind === 'retry') {
          await repository.updateIf(row.id, expected, {
            sendAfter: again.sendAfter,
            leaseOwner: null,
            leaseUntil: null,
            meta: { ...(row.meta ?? {}), lookups },
          });
        } else {
          const reason = reasonFor('lookup-failed');
          await repository.updateIf(row.id, expected, {
            status: 'needs-review',
            leaseOwner: null,
            leaseUntil: null,
            errorCode: 'lookup-failed',
            errorMessage: `${reason.en} (${error.message})`,
            history: [
              ...row.history,
              historyEntry('needs-review', now(), `${error.code}: ${reason.en}`),
            ],
          });
        }
        continue;
      }
      const taken = await repository.providerIdsTaken(
        found.map((match) => match.providerMessageId),
        row.id
      );
      const match = found.find((candidate) => !taken.has(candidate.providerMessageId));
      if (match) {
        const status =
          match.status === 'delivered' ||
          match.status === 'undeliverable' ||
          match.status === 'failed'
            ? match.status
            : 'sent';
        const applied = await repository.updateIf(row.id, expected, {
          status,
          provider: provider.name,
          providerMessageId: match.providerMessageId,
          sentAt: now(),
          ...(status === 'delivered' ? { deliveredAt: now() } : {}),
          ...(match.segments ? { segments: match.segments } : {}),
          ...(status !== 'failed' && isBillable(row, provider, config)
            ? { chargeState: 'pending' as const }
            : {}),
          leaseOwner: null,
          leaseUntil: null,
          errorCode: null,
          errorMessage: null,
          meta: { ...(row.meta ?? {}), sealed: null, lookups: undefined },
          history: [
            ...row.history,
            historyEntry(
              status,
              now(),
              `found at ${provider.name} after an unclear send: ${match.providerMessageId}`
            ),
          ],
        });
        if (applied) {
          result.reconciled += 1;
          result.sent += 1;
        }
        continue;
      }
      // Provably absent: the provider had its time and has no such message.
      const decision = decideAfterFailure(
        { retryable: true },
        row.attempts,
        retryPolicy,
        now(),
        random
      );
      const note = `not found at ${provider.name}: it never arrived`;
      const finalReason = reasonFor(row.errorCode ?? 'unclear-outcome', undefined, { final: true });
      const applied = await repository.updateIf(
        row.id,
        expected,
        decision.kind === 'retry'
          ? {
              status: 'queued',
              sendAfter: now(),
              leaseOwner: null,
              leaseUntil: null,
              history: [...row.history, historyEntry('queued', now(), `${note}; sending again`)],
            }
          : {
              status: 'failed',
              leaseOwner: null,
              leaseUntil: null,
              errorCode: row.errorCode,
              errorMessage: finalReason.en,
              meta: { ...(row.meta ?? {}), sealed: null, reason: finalReason },
              history: [...row.history, historyEntry('failed', now(), `${note}; no attempts left`)],
            }
      );
      if (applied) {
        result.reconciled += 1;
        if (decision.kind === 'retry') result.retried += 1;
        else result.failed += 1;
      }
    }
  }

  /**
   * Hands one claimed row to its provider. Resolves, once the provider has
   * answered, to the promise that records the outcome.
   */
  async function sendOne(
    { row, owner, settings }: Held,
    result: TickResult
  ): Promise<{ recorded: Promise<void> }> {
    const done = { recorded: Promise.resolve() };
    const expected = { status: 'claimed' as const, leaseOwner: owner };
    const channelOn =
      row.channel === 'email' ||
      (row.channel === 'sms' ? settings.smsEnabled : settings.threemaEnabled);
    if (!channelOn) {
      const reason = reasonFor('channel-disabled');
      const applied = await repository.updateIf(row.id, expected, {
        status: 'skipped',
        leaseOwner: null,
        leaseUntil: null,
        errorCode: 'channel-disabled',
        errorMessage: reason.en,
        history: [...row.history, historyEntry('skipped', now(), reason.en)],
      });
      if (applied) result.skipped += 1;
      release(row.id);
      return done;
    }

    if (row.meta?.notice && deps.prepare) {
      const prepared = await deps.prepare(row);
      if ('cancel' in prepared || 'fail' in prepared) {
        const status = 'cancel' in prepared ? 'cancelled' : 'failed';
        const reason = 'cancel' in prepared ? prepared.cancel : prepared.fail;
        const applied = await repository.updateIf(row.id, expected, {
          status,
          leaseOwner: null,
          leaseUntil: null,
          errorCode: 'cancel' in prepared ? 'reason-gone' : 'template',
          errorMessage: reason,
          history: [...row.history, historyEntry(status, now(), reason)],
        });
        if (applied && status === 'failed') result.failed += 1;
        else if (applied) result.skipped += 1;
        release(row.id);
        return done;
      }
      // The text as it goes out is what the log keeps.
      const filled = {
        body: prepared.body,
        subject: prepared.subject,
        segments: prepared.segments,
        costTenthCents: prepared.costTenthCents,
      };
      if (!(await repository.updateIf(row.id, expected, filled))) {
        release(row.id);
        return done;
      }
      row = { ...row, ...filled };
    }

    await buckets[row.channel].acquire();
    // The hand-over: only with the live lease, and only if nobody cancelled
    // the row or gave it back meanwhile. From here on it may reach the provider.
    const handedOverAt = now();
    if (stopped) {
      result.released += await repository.releaseClaims([{ id: row.id, owner }]);
      release(row.id);
      return done;
    }
    if (
      !(await repository.handOver(
        row.id,
        owner,
        handedOverAt,
        new Date(handedOverAt.getTime() + leaseMs)
      ))
    ) {
      release(row.id);
      return done;
    }
    row = { ...row, status: 'sending', attempts: row.attempts + 1, handedOverAt };

    const provider: MessageProvider = providers[row.channel];
    const sealed = Boolean(row.meta?.sealed && deps.unseal);
    // Once the message is final, the sealed text is dropped: only the redacted body stays in the log.
    const forgetSealed = (recorded: Promise<void>) =>
      (sealed
        ? recorded.then(async () => {
            await repository.updateIf(
              row.id,
              { status: ['sent', 'delivered', 'failed', 'undeliverable'] },
              { meta: { ...row.meta, sealed: null } }
            );
          })
        : recorded
      ).finally(() => release(row.id));
    let sent: Awaited<ReturnType<MessageProvider['send']>>;
    try {
      sent = await provider.send(outgoing(row, settings));
    } catch (thrown) {
      return {
        recorded: forgetSealed(recordFailure(row, owner, provider, networkError(thrown), result)),
      };
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
  const record = groupCommit<(trx?: Knex) => Promise<void>>(async (writes) => {
    try {
      await transaction(strapi, async ({ trx }) => {
        for (const write of writes) await write(trx);
      });
      return writes.map(() => undefined);
    } catch {
      return settleEach(writes, (write) => write());
    }
  });

  async function recordSent(
    row: MessageRow,
    owner: string,
    provider: MessageProvider,
    sent: SendResult,
    result: TickResult
  ) {
    if (!sent.status || sent.status === 'sent') {
      // The common case goes into one multi-row UPDATE with its neighbours.
      await recordAccepted({
        id: row.id,
        owner,
        provider: provider.name,
        providerMessageId: sent.providerMessageId,
        segments: sent.segments,
        billable: isBillable(row, provider, config),
        history: [
          ...row.history,
          historyEntry('sent', now(), `${provider.name} ${sent.providerMessageId}`),
        ],
        fallback: () => recordSentOneByOne(row, owner, provider, sent),
      });
      result.sent += 1;
      return;
    }
    await recordSentOneByOne(row, owner, provider, sent);
    result.sent += 1;
  }

  type Accepted = Parameters<typeof repository.markSentMany>[0][number] & {
    fallback: () => Promise<void>;
  };
  /** Accepted sends in one multi-row UPDATE; a row it missed (a report overtook the send) goes one by one. */
  const recordAccepted = groupCommit<Accepted>(async (items) => {
    let missed: Set<number>;
    try {
      missed = new Set(await repository.markSentMany(items, now()));
    } catch {
      missed = new Set(items.map((item) => item.id));
    }
    return settleEach(items, async (item) => {
      if (missed.has(item.id)) await item.fallback();
    });
  });

  /** One row at a time: a report overtook the send, or the provider said more than "accepted". */
  async function recordSentOneByOne(
    row: MessageRow,
    owner: string,
    provider: MessageProvider,
    sent: SendResult
  ) {
    const status =
      sent.status === 'delivered' ? 'delivered' : sent.status === 'failed' ? 'failed' : 'sent';
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
      ...(status !== 'failed' && isBillable(row, provider, config)
        ? { chargeState: 'pending' as const }
        : {}),
    };
    await record(async (trx) => {
      const applied = await repository.updateIf(
        row.id,
        { status: 'sending', leaseOwner: owner },
        {
          ...recorded,
          status,
          history: [
            ...row.history,
            historyEntry(status, now(), `${provider.name} ${sent.providerMessageId}`),
          ],
        },
        trx
      );
      if (applied) return;
      // Our lease was declared expired meanwhile (this instance stalled) and
      // the row waits for a lookup: the provider's own answer settles it.
      const history = [
        ...row.history,
        historyEntry(status, now(), `${provider.name} ${sent.providerMessageId}`),
      ];
      if (
        await repository.updateIf(
          row.id,
          { status: 'checking' },
          { ...recorded, status, history },
          trx
        )
      )
        return;
      // A delivery report overtook us (it found the row by id): keep its
      // status, add what only we know.
      await repository.updateIf(
        row.id,
        { status: [...FINAL_STATUSES], leaseOwner: owner },
        recorded,
        trx
      );
    });
  }

  async function recordFailure(
    row: MessageRow,
    owner: string,
    provider: MessageProvider,
    error: ProviderError,
    result: TickResult
  ) {
    if (error.ambiguous) {
      // The request may have reached the provider: never send it again blindly.
      const changes = { ...unclearOutcome(row, error.code), provider: provider.name };
      await record(
        async (trx) =>
          void (await repository.updateIf(
            row.id,
            { status: 'sending', leaseOwner: owner },
            changes,
            trx
          ))
      );
      if (changes.status === 'needs-review') result.failed += 1;
      return;
    }
    const decision = decideAfterFailure(error, row.attempts, retryPolicy, now(), random);
    const reason = reasonFor(error.code, error.message, { final: decision.kind === 'fail' });
    // The provider's own words are the cause staff and the host's admins need; kept beside our reason.
    const cause = error.message && error.message !== reason.en ? error.message : null;
    if (decision.kind === 'retry') {
      const note = `attempt ${row.attempts} failed (${error.code}${cause ? `: ${cause}` : ''}); next at ${decision.sendAfter.toISOString()}`;
      messagingLog(strapi).info(`[messaging] ${row.channel} message ${row.id}: ${note}`);
      const changes = {
        status: 'queued' as const,
        sendAfter: decision.sendAfter,
        leaseOwner: null,
        leaseUntil: null,
        errorCode: error.code,
        errorMessage: reason.en,
        history: [...row.history, historyEntry('queued', now(), note)],
      };
      await record(
        async (trx) =>
          void (await repository.updateIf(
            row.id,
            { status: 'sending', leaseOwner: owner },
            changes,
            trx
          ))
      );
      result.retried += 1;
      return;
    }
    const changes = {
      status: 'failed' as const,
      provider: provider.name,
      leaseOwner: null,
      leaseUntil: null,
      errorCode: error.code,
      errorMessage: cause ? `${reason.en} (${cause})` : reason.en,
      history: [
        ...row.history,
        historyEntry('failed', now(), `${error.code}: ${reason.en}${cause ? ` (${cause})` : ''}`),
      ],
      meta: { ...(row.meta ?? {}), reason, recipientProblem: error.recipientProblem },
    };
    await record(
      async (trx) =>
        void (await repository.updateIf(
          row.id,
          { status: 'sending', leaseOwner: owner },
          changes,
          trx
        ))
    );
    result.failed += 1;
    messagingLog(strapi).warn(
      `[messaging] ${row.channel} message ${row.id} failed (${error.code}): ${cause ?? reason.en}`
    );
    strapi.eventHub?.emit(EVENTS.messageFailed, {
      id: row.id,
      code: error.code,
      recipientProblem: error.recipientProblem,
    });
    if (error.code === 'twilio:21610')
      strapi.eventHub?.emit(EVENTS.optedOut, {
        channel: 'sms',
        recipient: row.recipient,
        clientId: row.clientDocumentId,
      });
    const instead = deps.fallback?.(row);
    if (instead) await getService(strapi, 'outbox').enqueue([instead]);
  }

  /**
   * How many more rows of a channel this instance may hold: what it can hand
   * over within half a lease at the channel's rate (at least one per lane),
   * never more than a batch. The other half of the lease is the margin; the
   * heartbeat renews it anyway.
   */
  function claimLimit(channel: Channel, buffered: number): number {
    const rate = config.dispatcher.ratePerSecond[channel];
    const lanes = config.dispatcher.concurrency[channel];
    const withinLease =
      rate > 0 ? Math.max(lanes, Math.floor((rate * leaseMs) / 2000)) : config.dispatcher.batchSize;
    return Math.min(config.dispatcher.batchSize, withinLease) - buffered;
  }

  /**
   * This instance's claims run one after the other: a locking read in
   * InnoDB locks every row it scans, so two claims of one instance for two
   * channels at once would make each skip (SKIP LOCKED) the other's rows.
   */
  let claimChain: Promise<unknown> = Promise.resolve();
  const oneClaimAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const next = claimChain.catch(() => undefined).then(work);
    claimChain = next.catch(() => undefined);
    return next;
  };

  async function claim(channel: Channel, limit: number, result: TickResult): Promise<Held[]> {
    const owner = `${instanceId}:${++claimSequence}`;
    const rows = await oneClaimAtATime(() =>
      repository.claimDue(owner, channel, limit, now(), new Date(now().getTime() + leaseMs))
    );
    result.claimed += rows.length;
    for (const row of rows) held.set(row.id, { owner });
    // Switches are read once per claim, not per message; a switch turned off
    // mid-run takes effect from the next claim.
    const settings = new Map<string, PracticeSettings>();
    for (const practice of new Set(rows.map((row) => row.practice))) {
      settings.set(practice, await getService(strapi, 'settings').get(practice));
    }
    return rows.map((row) => ({ row, owner, settings: settings.get(row.practice)! }));
  }

  /**
   * Works off everything due on one channel: `concurrency` lanes take rows
   * from the channel's buffer, and the buffer is refilled by the next claim
   * while the lanes are still busy, so no lane idles at the end of a batch.
   * Only this channel's lanes claim for it: an idle channel never claims
   * work for a busy one.
   */
  async function drainChannel(channel: Channel, result: TickResult): Promise<void> {
    const buffer: Held[] = [];
    const writes: Promise<void>[] = [];
    const lanes = config.dispatcher.concurrency[channel];
    let exhausted = false;
    let claiming: Promise<void> | null = null;

    const refill = (): Promise<void> => {
      const limit = claimLimit(channel, buffer.length);
      if (!claiming && !exhausted && !stopped && limit > 0) {
        claiming = claim(channel, limit, result)
          .then((jobs) => {
            if (jobs.length < limit) exhausted = true;
            buffer.push(...jobs);
          })
          .finally(() => {
            claiming = null;
          });
      }
      return claiming ?? Promise.resolve();
    };

    const lane = async () => {
      for (;;) {
        if (stopped) return;
        if (buffer.length <= lanes) void refill().catch(() => undefined);
        const job = buffer.shift();
        if (job) {
          const { recorded } = await sendOne(job, result);
          writes.push(recorded);
          continue;
        }
        if (claiming) {
          await claiming;
          continue;
        }
        if (exhausted) return;
        await refill();
      }
    };

    try {
      await refill();
      if (buffer.length > 0) await Promise.all(Array.from({ length: lanes }, () => lane()));
    } finally {
      // Stopping (or a failed claim) leaves rows in the buffer: give them
      // back now rather than when their lease runs out.
      await (claiming as Promise<void> | null)?.catch(() => undefined);
      if (buffer.length > 0) {
        const left = buffer.splice(0).map(({ row, owner }) => ({ id: row.id, owner }));
        result.released += await repository.releaseClaims(left).catch(() => 0);
        left.forEach(({ id }) => release(id));
      }
      for (const outcome of await Promise.allSettled(writes)) {
        if (outcome.status === 'rejected')
          messagingLog(strapi).error(
            `[messaging] recording a send failed: ${outcome.reason?.message ?? outcome.reason}`
          );
      }
    }
  }

  async function drain(): Promise<TickResult> {
    const result = emptyResult();
    do {
      again = false;
      if (deps.plan)
        await deps
          .plan()
          .catch((error: Error) =>
            messagingLog(strapi).error(`[messaging] planning notices failed: ${error.message}`)
          );
      // A failing step (a deadlock, a lost connection) is logged and left to
      // the next tick: all of them are safe to repeat.
      await expireLeases(result).catch((error: Error) =>
        messagingLog(strapi).warn(`[messaging] expiring leases failed: ${error.message}`)
      );
      await reconcile(result).catch((error: Error) =>
        messagingLog(strapi).warn(`[messaging] looking up unclear sends failed: ${error.message}`)
      );
      const stopHeartbeat = startHeartbeat();
      try {
        await Promise.all(
          CHANNEL_ORDER.map((channel) =>
            drainChannel(channel, result).catch((error: Error) =>
              messagingLog(strapi).warn(
                `[messaging] dispatching ${channel} failed: ${error.message}`
              )
            )
          )
        );
      } finally {
        stopHeartbeat();
      }
    } while (again && !stopped);
    if (deps.completeBatches)
      await deps
        .completeBatches()
        .catch((error: Error) =>
          messagingLog(strapi).error(`[messaging] finishing bulk jobs failed: ${error.message}`)
        );
    if (deps.bill && result.sent > 0)
      await deps
        .bill()
        .catch((error: Error) =>
          messagingLog(strapi).error(`[messaging] billing failed: ${error.message}`)
        );
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
        this.tick().catch((error) =>
          messagingLog(strapi).error(`[messaging] dispatch failed: ${error.message}`)
        );
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

/**
 * The one stateful service: this instance's providers, built in register()
 * (a provider that cannot work stops Strapi before it starts), and its
 * dispatcher, created in bootstrap with them.
 */
export const dispatcherService = ({ strapi }: { strapi: Core.Strapi }) => {
  let current: Dispatcher | null = null;
  let built: ProviderSet | null = null;
  return {
    useProviders(providers: ProviderSet) {
      built = providers;
    },
    start(deps: DispatcherDeps) {
      current = createDispatcher(strapi, deps);
      return current;
    },
    tick() {
      if (!current) throw new Error('the messaging dispatcher has not started');
      return current.tick();
    },
    kick() {
      current?.kick();
    },
    async stop() {
      await current?.stop();
    },
    get instance() {
      return current;
    },
    /** the providers sending now (tests may swap the dispatcher's), else those built at start-up */
    get providers(): ProviderSet | undefined {
      return current?.providers ?? built ?? undefined;
    },
  };
};
