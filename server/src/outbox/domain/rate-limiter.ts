/**
 * A token bucket per provider: at most `perSecond` sends per second on
 * average, bursts up to `burst`. The clock is injected so tests need no
 * timers. (p-queue would do this, but it is ESM-only and the plugin's server
 * bundle is CommonJS; the bucket is a few lines.)
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number = Math.max(1, perSecond),
    private readonly now: () => number = Date.now
  ) {
    this.tokens = this.burst;
    this.last = now();
  }

  /** Milliseconds to wait before a token is free; 0 takes one now. */
  take(): number {
    if (!(this.perSecond > 0)) return 0;
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }

  async acquire(
    sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
  ): Promise<void> {
    for (;;) {
      const wait = this.take();
      if (wait === 0) return;
      await sleep(wait);
    }
  }
}

/** Runs `worker` over `items` with at most `concurrency` at a time; resolves when all have settled. */
export async function runConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T) => Promise<void>
): Promise<void> {
  let next = 0;
  const lanes = Array.from(
    { length: Math.max(1, Math.min(concurrency, items.length)) },
    async () => {
      while (next < items.length) {
        const item = items[next++];
        await worker(item);
      }
    }
  );
  await Promise.all(lanes);
}
