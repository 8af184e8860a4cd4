// Group commit: appends that arrive while a commit is in flight share the next transaction,
// each caller resumes only once its own batch is durable, and a bad append fails alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
import {
  SeqConflictError,
  type AppendRequest,
  type EventStore,
} from '../../server/store/event-store.ts';
import { groupCommitter } from '../../server/store/group-commit.ts';
import type { DrillEvent } from '../../shared/index.ts';

let store: EventStore;
beforeAll(async () => {
  store = await openEmbeddedStore(null);
});
afterAll(async () => {
  await store?.close();
});

let drills = 0;
async function newDrill(): Promise<string> {
  const id = `d_gc_${++drills}`;
  const created: DrillEvent = {
    type: 'created',
    at: 0,
    drillId: id,
    scenarioId: 'mini',
    scenarioHash: 'h',
    seed: 1,
    solo: false,
  };
  await store.createDrill(
    {
      id,
      scenarioId: 'mini',
      scenarioHash: 'h',
      joinCode: `GC${drills}XYZ`,
      createdAt: '',
      endedAt: null,
    },
    created,
    [],
  );
  return id;
}
const said = (drillId: string, fromSeq: number, text: string): AppendRequest => ({
  drillId,
  fromSeq,
  events: [{ type: 'messagePosted', at: fromSeq, participantId: 'p_1', text }],
  commandId: null,
});

/** The real store behind a gate: each appendBatch waits until the test opens it. */
function gated(inner: EventStore) {
  const batches: AppendRequest[][] = [];
  const gates: (() => void)[] = [];
  const durable: AppendRequest[][] = [];
  const store: EventStore = {
    ...inner,
    async appendBatch(batch) {
      batches.push([...batch]);
      await new Promise<void>((open) => gates.push(open));
      await inner.appendBatch(batch);
      durable.push([...batch]);
    },
  };
  const opened = async (n: number) => {
    while (gates.length < n) await new Promise((r) => setImmediate(r));
  };
  return {
    store,
    batches,
    durable,
    /** Lets the next waiting commit through, once it has been asked for. */
    async release() {
      await opened(1);
      gates.shift()!();
    },
  };
}

/** Tracks whether a promise has settled, without awaiting it. */
function watch<T>(p: Promise<T>) {
  const w = { settled: false, ok: false, error: null as unknown };
  p.then(
    () => Object.assign(w, { settled: true, ok: true }),
    (error: unknown) => Object.assign(w, { settled: true, ok: false, error }),
  );
  return w;
}
const turns = async (n = 20) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};
/** Waits until the condition holds: the database answers from its own thread. */
const until = async (condition: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
};

describe('group commit', () => {
  it('commits many concurrent appends in fewer transactions than appends', async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, () => newDrill()));
    const committer = groupCommitter(store);
    await Promise.all(ids.map((id) => committer.append(said(id, 2, 'hello'))));
    const stats = committer.stats();
    expect(stats.commits).toBeLessThan(ids.length);
    expect(stats.maxBatch).toBeGreaterThan(1);
    expect(stats.events).toBe(ids.length);
    for (const id of ids) expect(await store.loadEvents(id)).toHaveLength(2);
  });

  it('resolves each append only once its own batch is durable', async () => {
    const [a, b, c] = [await newDrill(), await newDrill(), await newDrill()];
    const gate = gated(store);
    const committer = groupCommitter(gate.store);
    const first = watch(committer.append(said(a, 2, 'first')));
    await turns();
    // These arrive while the first commit is in flight: they wait for the next one.
    const second = watch(committer.append(said(b, 2, 'second')));
    const third = watch(committer.append(said(c, 2, 'third')));
    await turns();
    expect([first.settled, second.settled, third.settled]).toEqual([false, false, false]);

    await gate.release();
    await until(() => gate.durable.length === 1 && first.settled);
    expect(first.ok).toBe(true);
    expect([second.settled, third.settled]).toEqual([false, false]);
    expect(await store.loadEvents(b)).toHaveLength(1);

    await gate.release();
    await committer.drain();
    expect([second.ok, third.ok]).toEqual([true, true]);
    expect(gate.batches.map((batch) => batch.map((r) => r.drillId))).toEqual([[a], [b, c]]);
    expect(await store.loadEvents(c)).toHaveLength(2);
  });

  it('does not fail the neighbours of a bad append in the same batch', async () => {
    const [a, b, c] = [await newDrill(), await newDrill(), await newDrill()];
    await store.appendBatch([said(b, 2, 'already there')]);
    const gate = gated(store);
    const committer = groupCommitter(gate.store);
    const opener = watch(committer.append(said(a, 2, 'opener')));
    await turns();
    const good1 = committer.append(said(a, 3, 'good one'));
    const bad = committer.append(said(b, 2, 'conflicting'));
    const good2 = committer.append(said(c, 2, 'good two'));
    const results = Promise.allSettled([good1, bad, good2]);
    // The opener, then the shared batch (which fails), then each of its requests alone.
    for (let i = 0; i < 5; i++) await gate.release();
    const [r1, r2, r3] = await results;
    expect(opener.ok).toBe(true);
    expect(r1.status).toBe('fulfilled');
    expect(r3.status).toBe('fulfilled');
    expect(r2.status).toBe('rejected');
    expect((r2 as PromiseRejectedResult).reason).toBeInstanceOf(SeqConflictError);
    expect((await store.loadEvents(a)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect((await store.loadEvents(b)).map((e) => e.event)).toMatchObject([
      { type: 'created' },
      { text: 'already there' },
    ]);
    expect(await store.loadEvents(c)).toHaveLength(2);
  });

  it('commits an append made the moment the previous one is durable', async () => {
    const a = await newDrill();
    const committer = groupCommitter(store);
    // A drill host appends again as soon as its last append resolves (a bot's next move):
    // the committer may still be winding down its previous commit.
    const next = committer
      .append(said(a, 2, 'first'))
      .then(() => committer.append(said(a, 3, 'right after')));
    const stuck = new Promise<'stuck'>((resolve) =>
      setTimeout(() => resolve('stuck'), 2000).unref(),
    );
    expect(await Promise.race([next.then(() => 'durable' as const), stuck])).toBe('durable');
    expect(await store.loadEvents(a)).toHaveLength(3);
  });

  it('waits for the commit in flight when drained', async () => {
    const a = await newDrill();
    const gate = gated(store);
    const committer = groupCommitter(gate.store);
    const append = watch(committer.append(said(a, 2, 'late')));
    const drained = watch(committer.drain());
    await turns();
    expect(drained.settled).toBe(false);
    await gate.release();
    await committer.drain();
    expect(append.ok).toBe(true);
    expect(drained.ok).toBe(true);
  });
});
