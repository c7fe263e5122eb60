import {
  acceptsReport,
  canTransition,
  fromThreemaReceipt,
  fromTwilioStatus,
  receiptFits,
  retentionMayDelete,
} from '../../server/src/outbox/domain/outbox';
import {
  backoffDelayMs,
  decideAfterFailure,
  parseRetryAfter,
} from '../../server/src/outbox/domain/retry';
import { defaultConfig } from '../../server/src/kernel/config';
import { TokenBucket, runConcurrently } from '../../server/src/outbox/domain/rate-limiter';
import { MESSAGE_STATUSES } from '../../shared/vocabulary';

describe('outbox state machine', () => {
  it('follows the happy path forward: queued, claimed, handed over (sending), sent, delivered', () => {
    expect(canTransition('queued', 'claimed')).toBe(true);
    expect(canTransition('claimed', 'sending')).toBe(true);
    expect(canTransition('sending', 'sent')).toBe(true);
    expect(canTransition('sent', 'delivered')).toBe(true);
    // nothing skips the claim and its hand-over
    expect(canTransition('queued', 'sending')).toBe(false);
    expect(canTransition('queued', 'sent')).toBe(false);
  });

  it('gives a claimed row back to the queue (it never left) and never to needs-review', () => {
    expect(canTransition('claimed', 'queued')).toBe(true);
    expect(canTransition('claimed', 'cancelled')).toBe(true);
    expect(canTransition('claimed', 'needs-review')).toBe(false);
    expect(canTransition('claimed', 'checking')).toBe(false);
  });

  it('cannot cancel what was handed over: its outcome is settled by the provider or a lookup', () => {
    expect(canTransition('sending', 'cancelled')).toBe(false);
    expect(canTransition('sending', 'checking')).toBe(true);
    expect(canTransition('checking', 'sent')).toBe(true);
    expect(canTransition('checking', 'queued')).toBe(true);
    expect(canTransition('checking', 'needs-review')).toBe(true);
    expect(canTransition('checking', 'cancelled')).toBe(false);
    // a delivery report may settle a check too
    expect(acceptsReport('checking', 'delivered')).toBe(true);
  });

  it('has no way out of a final state', () => {
    for (const final of ['delivered', 'failed', 'undeliverable', 'cancelled', 'skipped'] as const) {
      for (const to of MESSAGE_STATUSES) expect(canTransition(final, to)).toBe(false);
    }
  });

  it('lets a lease expire into needs-review, and only a person send it again', () => {
    expect(canTransition('sending', 'needs-review')).toBe(true);
    expect(canTransition('needs-review', 'queued')).toBe(true);
    expect(canTransition('queued', 'needs-review')).toBe(false);
  });

  it('accepts only reports that move a message forward', () => {
    expect(acceptsReport('sent', 'delivered')).toBe(true);
    expect(acceptsReport('delivered', 'sent')).toBe(false);
    expect(acceptsReport('delivered', 'undeliverable')).toBe(false);
    expect(acceptsReport('sent', 'sent')).toBe(false);
    expect(acceptsReport('failed', 'delivered')).toBe(false);
    expect(acceptsReport('sending', 'delivered')).toBe(true);
  });

  it('lets retention delete only decided messages, never one that may still (or never) go out', () => {
    expect(MESSAGE_STATUSES.filter(retentionMayDelete)).toEqual([
      'sent',
      'delivered',
      'failed',
      'undeliverable',
      'cancelled',
      'skipped',
    ]);
    for (const kept of ['queued', 'sending', 'needs-review', 'claimed', 'checking', ''])
      expect(retentionMayDelete(kept)).toBe(false);
  });

  it('maps Twilio and Threema report values', () => {
    expect(
      [
        'queued',
        'accepted',
        'sending',
        'sent',
        'delivered',
        'read',
        'undelivered',
        'failed',
        'canceled',
      ].map(fromTwilioStatus)
    ).toEqual([
      null,
      null,
      null,
      'sent',
      'delivered',
      'delivered',
      'undeliverable',
      'failed',
      null,
    ]);
    expect([0x01, 0x02, 0x03, 0x04, 0x7f].map(fromThreemaReceipt)).toEqual([
      'delivered',
      'delivered',
      'delivered',
      null,
      null,
    ]);
  });
});

describe('Threema receipts bound to their message', () => {
  const sentAt = new Date('2026-12-01T10:00:00Z');
  const message = { recipient: 'KLIENT01', sentAt };
  const after = (ms: number) => new Date(sentAt.getTime() + ms);

  it('counts only a receipt from the message’s recipient', () => {
    expect(receiptFits(message, { from: 'KLIENT01', date: after(1000) })).toBe(true);
    expect(receiptFits(message, { from: 'KLIENT02', date: after(1000) })).toBe(false);
    expect(receiptFits({ recipient: null, sentAt }, { from: 'KLIENT01', date: after(1000) })).toBe(
      false
    );
  });

  it('counts only a receipt dated from 5 minutes before the send to 30 days after it', () => {
    expect(receiptFits(message, { from: 'KLIENT01', date: new Date('2001-01-01T00:00:00Z') })).toBe(
      false
    );
    expect(receiptFits(message, { from: 'KLIENT01', date: after(-5 * 60_000) })).toBe(true);
    expect(receiptFits(message, { from: 'KLIENT01', date: after(-5 * 60_000 - 1) })).toBe(false);
    expect(receiptFits(message, { from: 'KLIENT01', date: after(30 * 86_400_000) })).toBe(true);
    expect(receiptFits(message, { from: 'KLIENT01', date: after(30 * 86_400_000 + 1) })).toBe(
      false
    );
  });
});

describe('retry decisions', () => {
  const policy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 5000, retryAfterCapMs: 60_000 };
  const now = new Date('2026-12-01T10:00:00Z');

  it('backs off exponentially with full jitter, capped', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, policy, () => 1))).toEqual([
      1000, 2000, 4000, 5000, 5000,
    ]);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(2000);
  });

  it('never retries sooner than Retry-After', () => {
    const decision = decideAfterFailure(
      { retryable: true, retryAfterMs: 30_000 },
      1,
      policy,
      now,
      () => 0.1
    );
    expect(decision).toEqual({
      kind: 'retry',
      delayMs: 30_000,
      sendAfter: new Date('2026-12-01T10:00:30Z'),
    });
  });

  it('waits at most retryAfterCapMs for a Retry-After, however long the provider asks for', () => {
    const year = 365 * 86_400_000;
    expect(
      decideAfterFailure({ retryable: true, retryAfterMs: year }, 1, policy, now, () => 0.1)
    ).toEqual({
      kind: 'retry',
      delayMs: 60_000,
      sendAfter: new Date('2026-12-01T10:01:00Z'),
    });
    expect(
      decideAfterFailure({ retryable: true, retryAfterMs: 60_001 }, 1, policy, now, () => 0.1)
    ).toMatchObject({ delayMs: 60_000 });
    expect(
      decideAfterFailure({ retryable: true, retryAfterMs: 59_000 }, 1, policy, now, () => 0.1)
    ).toMatchObject({ delayMs: 59_000 });
    // the cap limits what the provider asks for, not our own backoff
    const slowBackoff = {
      ...policy,
      maxDelayMs: 120_000,
      baseDelayMs: 120_000,
      retryAfterCapMs: 1000,
    };
    expect(
      decideAfterFailure({ retryable: true, retryAfterMs: year }, 1, slowBackoff, now, () => 1)
    ).toMatchObject({ delayMs: 120_000 });
  });

  it('caps Retry-After at 10 minutes by default (the config is the one place of the policy)', () => {
    expect(
      defaultConfig({ env: (_key: string, fallback?: string) => fallback }).dispatcher
        .retryAfterCapMs
    ).toBe(10 * 60_000);
  });

  it('fails permanent errors at once and transient ones after the last attempt', () => {
    expect(decideAfterFailure({ retryable: false }, 1, policy, now)).toEqual({ kind: 'fail' });
    expect(decideAfterFailure({ retryable: true }, 3, policy, now).kind).toBe('retry');
    expect(decideAfterFailure({ retryable: true }, 4, policy, now)).toEqual({ kind: 'fail' });
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 10:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('rate limiting', () => {
  it('lets a burst through, then one token per 1/rate seconds', () => {
    let clock = 0;
    const bucket = new TokenBucket(10, 2, () => clock);
    expect([bucket.take(), bucket.take()]).toEqual([0, 0]);
    expect(bucket.take()).toBe(100);
    clock += 100;
    expect(bucket.take()).toBe(0);
    expect(bucket.take()).toBe(100);
  });

  it('is unlimited at rate 0', () => {
    const bucket = new TokenBucket(0, 1, () => 0);
    expect(Array.from({ length: 100 }, () => bucket.take()).every((wait) => wait === 0)).toBe(true);
  });

  it('holds the average rate over many acquisitions', async () => {
    let clock = 0;
    const bucket = new TokenBucket(160, 160, () => clock);
    for (let n = 0; n < 160 * 3; n += 1) await bucket.acquire(async (ms) => void (clock += ms));
    // 160 from the burst, the next 320 at 160/s: two seconds.
    expect(clock).toBeGreaterThanOrEqual(1990);
    expect(clock).toBeLessThanOrEqual(2010);
  });

  it('runs at most `concurrency` workers at once and all items once', async () => {
    let active = 0;
    let peak = 0;
    const seen: number[] = [];
    await runConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(item);
      active -= 1;
    });
    expect(peak).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
