import { groupCommit, settleEach } from '../../server/src/outbox/domain/group-commit';

describe('groupCommit', () => {
  it('hands writes of one moment over together, in groups of at most `size`', async () => {
    const groups: number[][] = [];
    const write = groupCommit<number>(
      async (items) => {
        groups.push(items);
        return items.map(() => undefined);
      },
      { size: 3 }
    );
    await Promise.all([1, 2, 3, 4, 5].map(write));
    expect(groups).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it("settles each call with its own item's outcome", async () => {
    const write = groupCommit<number>(async (items) =>
      items.map((item) => (item % 2 ? new Error(`odd ${item}`) : undefined))
    );
    const outcomes = await Promise.allSettled([1, 2, 3].map(write));
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'rejected',
      'fulfilled',
      'rejected',
    ]);
    expect((outcomes[2] as PromiseRejectedResult).reason.message).toBe('odd 3');
  });

  it('fails every item of a group whose write throws, and goes on with the next group', async () => {
    let calls = 0;
    const write = groupCommit<number>(async (items) => {
      calls += 1;
      if (calls === 1) throw new Error('disk full');
      return items.map(() => undefined);
    });
    const first = await Promise.allSettled([1, 2].map(write));
    expect(first.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    await expect(write(3)).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});

describe('settleEach', () => {
  it('runs every step in order and answers undefined or the error per item', async () => {
    const ran: number[] = [];
    const boom = new Error('zwei');
    const outcomes = await settleEach([1, 2, 3], async (n) => {
      ran.push(n);
      if (n === 2) throw boom;
    });
    expect(ran).toEqual([1, 2, 3]);
    expect(outcomes).toEqual([undefined, boom, undefined]);
  });

  it('turns a thrown undefined into an error, so groupCommit still rejects that item', async () => {
    const outcomes = await settleEach([1], async () => {
      throw undefined;
    });
    expect(outcomes[0]).toBeInstanceOf(Error);
  });
});
