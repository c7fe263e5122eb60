/**
 * Collects writes that arrive in the same moment and hands them over in
 * groups of up to `size` ("group commit"): one commit (one fsync on SQLite)
 * per group instead of per write, while the senders go on. `writeGroup`
 * settles every item of its group: it returns, per item and in order,
 * `undefined` when it is written or the error that stopped it; if it throws,
 * every item of the group fails with that error. The promise of each call
 * settles with its own item.
 */
export function groupCommit<T>(
  writeGroup: (items: T[]) => Promise<unknown[]>,
  { size = 100, gatherMs = 2 }: { size?: number; gatherMs?: number } = {}
): (item: T) => Promise<void> {
  const queue: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let flushing = false;
  async function flush() {
    flushing = true;
    // Let writes that arrive in the same moment join this group.
    await new Promise((resolve) => setTimeout(resolve, gatherMs));
    while (queue.length > 0) {
      const group = queue.splice(0, size);
      let outcomes: unknown[];
      try {
        outcomes = await writeGroup(group.map((entry) => entry.item));
      } catch (error) {
        outcomes = group.map(() => error ?? new Error('the group write failed'));
      }
      group.forEach((entry, index) =>
        outcomes[index] ? entry.reject(outcomes[index]) : entry.resolve()
      );
    }
    flushing = false;
  }
  return (item: T) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!flushing) void flush();
    });
}

/**
 * Runs `step` for each item in order, one after the other, and answers per
 * item what `groupCommit`'s `writeGroup` must return: `undefined` when the
 * step went through, or the error that stopped it. One failing item does not
 * stop the others.
 */
export async function settleEach<T>(
  items: T[],
  step: (item: T) => Promise<void>
): Promise<unknown[]> {
  const outcomes: unknown[] = [];
  for (const item of items) {
    try {
      await step(item);
      outcomes.push(undefined);
    } catch (error) {
      outcomes.push(error ?? new Error('the step failed'));
    }
  }
  return outcomes;
}
