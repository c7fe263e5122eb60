/**
 * When to try a failed send again. Exponential backoff with full jitter
 * (delay drawn from [0, base * 2^(attempt-1)], capped), never sooner than a
 * provider's Retry-After (itself capped), and no attempt beyond the
 * configured count.
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * The longest a provider's Retry-After may hold a message back. The header
   * is the provider's word, not ours: a misconfigured proxy or a buggy
   * answer (`Retry-After: 31536000`) would otherwise keep a reminder queued
   * for a year, long after its appointment. Past the cap we try again and,
   * if the provider still refuses, use up an attempt like any other failure.
   */
  retryAfterCapMs: number;
}

export function backoffDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}

export type FailureDecision =
  | { kind: 'retry'; sendAfter: Date; delayMs: number }
  | { kind: 'fail' };

/**
 * @param attempts attempts made so far, including the one that just failed
 */
export function decideAfterFailure(
  failure: { retryable: boolean; retryAfterMs?: number },
  attempts: number,
  policy: RetryPolicy,
  now: Date,
  random: () => number = Math.random
): FailureDecision {
  if (!failure.retryable || attempts >= policy.maxAttempts) return { kind: 'fail' };
  const retryAfterMs = Math.min(failure.retryAfterMs ?? 0, policy.retryAfterCapMs);
  const delayMs = Math.max(backoffDelayMs(attempts, policy, random), retryAfterMs);
  return { kind: 'retry', delayMs, sendAfter: new Date(now.getTime() + delayMs) };
}

/** Parses an HTTP Retry-After header: seconds, or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(
  value: string | null | undefined,
  now: Date = new Date()
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}
