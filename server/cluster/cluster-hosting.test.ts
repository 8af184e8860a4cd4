// Hosting across processes, without Redis or PostgreSQL: two "processes" in one test, each
// with its own registry-side hosting, sharing an in-memory store, an in-memory bus that can
// lose messages or a process, and in-memory leases that can be taken away.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor, DrillEvent } from '../../shared/index.ts';
import { compileMini } from '../../test/fixtures/load.ts';
import type { Drill, HostPorts } from '../ports.ts';
import { systemClock } from '../ports.ts';
import { openMemoryStore } from '../store/memory.ts';
import {
  BusTimeout,
  type DrillBus,
  type DrillMessage,
  type DrillReply,
  type DrillRequest,
} from './bus.ts';
import { clusterHosting, type ClusterHosting } from './cluster-hosting.ts';
import type { LeaseStore } from './leases.ts';

const mini = compileMini();
const facilitator: Actor = { kind: 'facilitator' };
const silent = pino({ level: 'silent' });
const tick = () => new Promise((r) => setImmediate(r));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function memoryHub() {
  const listeners = new Map<string, Map<string, Set<(m: DrillMessage) => void>>>();
  const handlers = new Map<string, (d: string, r: DrillRequest) => Promise<DrillReply>>();
  const dead = new Set<string>();
  const reconnects = new Map<string, () => void>();
  let drop: ((m: DrillMessage) => boolean) | null = null;
  let dropReply = false;
  return {
    /** The next forwarded request is served, but its answer is lost on the way back. */
    loseNextReply() {
      dropReply = true;
    },
    /** The next message the predicate picks is lost on its way. */
    lose(pred: (m: DrillMessage) => boolean) {
      drop = pred;
    },
    /** A process stops answering (it died). */
    kill(node: string) {
      dead.add(node);
    },
    isDead: (node: string) => dead.has(node),
    /** The process's bus connection came back after a drop. */
    reconnect: (node: string) => reconnects.get(node)?.(),
    bus(node: string): DrillBus {
      listeners.set(node, new Map());
      return {
        node,
        publish(drillId, message) {
          if (dead.has(node)) return;
          if (drop?.(message)) return void (drop = null);
          for (const [other, drills] of listeners)
            if (other !== node && !dead.has(other))
              for (const l of drills.get(drillId) ?? [])
                setImmediate(() => l(structuredClone(message)));
        },
        async follow(drillId, onMessage) {
          const drills = listeners.get(node)!;
          if (!drills.has(drillId)) drills.set(drillId, new Set());
          drills.get(drillId)!.add(onMessage);
          return () => void drills.get(drillId)?.delete(onMessage);
        },
        request(to, drillId, request, timeoutMs) {
          const handler = handlers.get(to);
          if (!handler || dead.has(to))
            return sleep(timeoutMs).then(() => Promise.reject(new BusTimeout(to)));
          return new Promise((resolve, reject) =>
            setImmediate(
              () =>
                void handler(drillId, structuredClone(request)).then((reply) => {
                  if (!dropReply) return resolve(reply);
                  dropReply = false;
                  void sleep(timeoutMs).then(() => reject(new BusTimeout(to)));
                }),
            ),
          );
        },
        serve(handler) {
          handlers.set(node, handler);
        },
        onReconnect(listener) {
          reconnects.set(node, listener);
        },
        async close() {},
      };
    },
  };
}

function memoryLeases(ttlMs: number) {
  const rows = new Map<string, { holder: string; expires: number }>();
  const leases: LeaseStore & { steal(drillId: string, holder: string): void } = {
    ttlMs,
    async acquire(drillId, node) {
      const row = rows.get(drillId);
      const now = Date.now();
      if (row && row.expires > now && row.holder !== node) return { ok: false, holder: row.holder };
      rows.set(drillId, { holder: node, expires: now + ttlMs });
      return { ok: true, lagMs: row && row.holder !== node ? 0 : null };
    },
    async renew(node, drillIds) {
      const held = new Set<string>();
      for (const id of drillIds) {
        const row = rows.get(id);
        if (row?.holder === node) {
          row.expires = Date.now() + ttlMs;
          held.add(id);
        }
      }
      return held;
    },
    async release(node, drillId) {
      if (rows.get(drillId)?.holder === node) rows.delete(drillId);
    },
    async holders(drillIds) {
      const now = Date.now();
      const out = new Map<string, string>();
      for (const id of drillIds) {
        const row = rows.get(id);
        if (row && row.expires > now) out.set(id, row.holder);
      }
      return out;
    },
    async close() {},
    steal(drillId, holder) {
      rows.set(drillId, { holder, expires: Date.now() + 60_000 });
    },
  };
  return leases;
}

const open: ClusterHosting[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

async function twoProcesses(ttlMs = 400, maxForwardedPerDrill?: number) {
  const store = openMemoryStore();
  let gate: Promise<void> | null = null;
  const hub = memoryHub();
  const leases = memoryLeases(ttlMs);
  const process = (node: string) => {
    const published: { seq: number; count: number }[] = [];
    const ports: HostPorts = {
      store: {
        append: async (request) => {
          if (gate) await gate;
          await store.appendBatch([request]);
        },
        load: (drillId) => store.loadEvents(drillId),
      },
      publisher: {
        publish: (drill, events) => void published.push({ seq: drill.seq, count: events.length }),
        forget: () => {},
      },
      clock: systemClock,
    };
    const hosting = clusterHosting({
      bus: hub.bus(node),
      // A dead process renews nothing.
      leases: {
        ...leases,
        renew: (n, ids) => (hub.isDead(n) ? new Promise(() => {}) : leases.renew(n, ids)),
      },
      logger: silent,
      forwardTimeoutMs: 200,
      moveTimeoutMs: 3000,
      ...(maxForwardedPerDrill ? { maxForwardedPerDrill } : {}),
    })(ports, { tickSeconds: 0.05 });
    open.push(hosting);
    return { node, hosting, published };
  };
  const a = process('a');
  const b = process('b');
  void tick;
  const drillId = `d-${Math.random().toString(36).slice(2)}`;
  const created: DrillEvent = {
    type: 'created',
    at: 0,
    drillId,
    joinCode: drillId,
    scenarioId: 'mini',
    scenarioHash: mini.hash,
    seed: 3,
    solo: false,
  };
  await store.createDrill(
    {
      id: drillId,
      scenarioId: 'mini',
      scenarioHash: mini.hash,
      joinCode: drillId,
      createdAt: '',
      endedAt: null,
    },
    created,
    [],
  );
  const stored = await store.loadEvents(drillId);
  const onA = await a.hosting.created(mini, stored);
  const onB = await b.hosting.loaded(mini, stored);
  const holdAppends = () => {
    let open!: () => void;
    gate = new Promise((r) => (open = r));
    return () => {
      gate = null;
      open();
    };
  };
  return { store, hub, leases, a, b, onA, onB, drillId, holdAppends };
}

const join = (d: Drill, id: string) => d.join(id, id.toUpperCase(), 'player');

describe('hosting a drill across processes', () => {
  it('hosts where it was created; the other process forwards, and its copy has the step before it answers', async () => {
    const { a, b, onA, onB, store, drillId } = await twoProcesses();
    expect(a.hosting.open()).toEqual([{ drillId, hosting: true }]);
    expect(b.hosting.open()).toEqual([{ drillId, hosting: false }]);
    const result = await join(onB, 'p1');
    expect(result).toMatchObject({ ok: true, seq: 2 });
    expect(onB.state.participants.p1?.name).toBe('P1');
    expect(onA.state.participants.p1?.name).toBe('P1');
    expect((await store.loadEvents(drillId)).map((e) => e.event.type)).toEqual([
      'created',
      'joined',
    ]);
    // b's views were told of the step; a's too, once, by its host.
    expect(b.published.some((p) => p.seq === 2 && p.count === 1)).toBe(true);
    expect(a.published.filter((p) => p.seq === 2)).toHaveLength(1);
    // A retried command (same id) is applied once, whichever process it reaches.
    const cmd = { type: 'assignRole', participantId: 'p1', role: 'ic' } as const;
    const first = await onB.submit(facilitator, cmd, 'f:1');
    const again = await onA.submit(facilitator, cmd, 'f:1');
    expect(again).toMatchObject({ ok: true, seq: (first as { seq: number }).seq, duplicate: true });
  });

  it('answers a forwarded join whose answer was lost, when it is retried, without a second seat', async () => {
    const { hub, onA, onB, store, drillId } = await twoProcesses();
    hub.loseNextReply();
    expect(await join(onB, 'p1')).toMatchObject({ ok: true });
    expect(Object.keys(onA.state.participants)).toEqual(['p1']);
    expect((await store.loadEvents(drillId)).map((e) => e.event.type)).toEqual([
      'created',
      'joined',
    ]);
  });

  it('reloads from the store when it missed a step', async () => {
    const { hub, onA, onB } = await twoProcesses();
    hub.lose((m) => m.kind === 'events');
    await join(onA, 'p1');
    await sleep(20);
    expect(onB.state.seq).toBe(1);
    await join(onA, 'p2');
    await expect.poll(() => onB.state.seq, { timeout: 2000 }).toBe(3);
    expect(Object.keys(onB.state.participants).sort()).toEqual(['p1', 'p2']);
  });

  it('reloads every followed drill when its bus connection comes back', async () => {
    const { hub, onA, onB } = await twoProcesses();
    hub.lose((m) => m.kind === 'events');
    await join(onA, 'p1');
    await sleep(20);
    // Nothing follows to reveal the gap: only the reconnection does.
    expect(onB.state.seq).toBe(1);
    hub.reconnect('b');
    await expect.poll(() => onB.state.seq, { timeout: 2000 }).toBe(2);
  });

  it('answers BUSY to forwarded requests past its bound, and serves them again once drained', async () => {
    const { onA, onB, holdAppends } = await twoProcesses(400, 1);
    const open = holdAppends();
    const first = join(onB, 'p1');
    await sleep(20);
    expect(await join(onB, 'p2')).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    open();
    expect(await first).toMatchObject({ ok: true });
    expect(await join(onB, 'p2')).toMatchObject({ ok: true });
    expect(Object.keys(onA.state.participants).sort()).toEqual(['p1', 'p2']);
  });

  it('gives the drill up when its lease is taken, and the other process hosts it', async () => {
    const { leases, a, b, onA, onB, drillId } = await twoProcesses();
    leases.steal(drillId, 'b');
    await expect.poll(() => a.hosting.open()[0]?.hosting, { timeout: 2000 }).toBe(false);
    // b holds the lease but does not host yet: its next command makes it take the drill.
    const result = await join(onB, 'p1');
    expect(result).toMatchObject({ ok: true });
    expect(b.hosting.open()).toEqual([{ drillId, hosting: true }]);
    // a now forwards to b, and follows.
    expect(await join(onA, 'p2')).toMatchObject({ ok: true });
    await expect.poll(() => Object.keys(onA.state.participants).length).toBe(2);
  });

  it('is taken over at once when its host unloads it, and after its lease when its host dies', async () => {
    const { hub, store, a, b, onA, onB, drillId } = await twoProcesses(300);
    await join(onA, 'p1');
    await onA.unload();
    // Released: b takes it on the word, well before any lease could expire.
    await expect.poll(() => b.hosting.open()[0]?.hosting, { timeout: 150, interval: 5 }).toBe(true);
    expect(a.hosting.open()).toEqual([]);
    const onA2 = await a.hosting.loaded(mini, await store.loadEvents(drillId));
    expect(a.hosting.open()).toEqual([{ drillId, hosting: false }]);
    expect(await join(onA2, 'p2')).toMatchObject({ ok: true });
    // b dies: it stops renewing and answering. a's forwarded command waits, then a takes the
    // drill once b's lease has expired and answers it itself.
    hub.kill('b');
    const started = Date.now();
    expect(await join(onA2, 'p3')).toMatchObject({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(a.hosting.open()).toEqual([{ drillId, hosting: true }]);
    expect(Object.keys(onA2.state.participants).sort()).toEqual(['p1', 'p2', 'p3']);
    expect((await store.loadEvents(drillId)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    void onB;
  });
});
