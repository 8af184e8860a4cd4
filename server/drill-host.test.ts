// The drill host on its ports alone: an in-memory store, a recording publisher and a clock
// turned by hand. No network, no database, no waiting for real time.
import { describe, expect, it } from 'vitest';
import { compileMini } from '../test/fixtures/load.ts';
import type { Actor, DrillEvent } from '../shared/index.ts';
import { DrillHost } from './drill-host.ts';
import type { Clock, HostedDrill, HostPorts } from './ports.ts';
import type { AppendRequest, EventStore } from './store/event-store.ts';
import { openMemoryStore } from './store/memory.ts';

const mini = compileMini();
const facilitator: Actor = { kind: 'facilitator' };
const ops: Actor = { kind: 'player', participantId: 'p-ops' };

/** A clock that moves only when told to, firing what falls due on the way. */
function handClock(start = 1_000_000) {
  let now = start;
  let timers: { at: number; fire: () => void }[] = [];
  const clock: Clock = {
    now: () => now,
    after(ms, fire) {
      const timer = { at: now + ms, fire };
      timers.push(timer);
      return () => void (timers = timers.filter((t) => t !== timer));
    },
  };
  return {
    clock,
    /** Real time passes but the timers are late (a busy process): nothing fires. */
    skip(ms: number) {
      now += ms;
    },
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const next = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        timers = timers.filter((t) => t !== next);
        now = next.at;
        next.fire();
        // Let the host's queue take the step the timer asked for.
        for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      }
      now = end;
    },
  };
}

async function hostOn(store: EventStore, clock: Clock) {
  const drillId = `d-${Math.random().toString(36).slice(2)}`;
  const created: DrillEvent = {
    type: 'created',
    at: 0,
    drillId,
    joinCode: drillId.toUpperCase(),
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
  const appends: AppendRequest[] = [];
  const published: { seq: number; stable: boolean; types: string[] }[] = [];
  let failNext = false;
  let gate: Promise<void> | null = null;
  const ports: HostPorts = {
    store: {
      async append(request) {
        appends.push(request);
        if (gate) await gate;
        if (failNext) {
          failNext = false;
          throw new Error('the disk is full');
        }
        await store.appendBatch([request]);
      },
      load: (id) => store.loadEvents(id),
    },
    publisher: {
      publish: (drill: HostedDrill, events) =>
        void published.push({
          seq: drill.seq,
          stable: drill.stable,
          types: events.map((e) => e.type),
        }),
      forget: () => {},
    },
    clock,
  };
  const host = new DrillHost(mini, await store.loadEvents(drillId), ports, { tickSeconds: 60 });
  for (const [id, name, role] of [
    ['p-ic', 'Ivy', 'ic'],
    ['p-ops', 'Oscar', 'ops'],
  ] as const) {
    await host.join(id, name, 'player');
    await host.submit(facilitator, { type: 'assignRole', participantId: id, role }, null);
  }
  return {
    host,
    appends,
    published,
    failNextAppend: () => void (failNext = true),
    holdAppends() {
      let open!: () => void;
      gate = new Promise((r) => (open = r));
      return () => {
        gate = null;
        open();
      };
    },
  };
}

describe('the drill host', () => {
  it('stores a command and the timers due before it in one append', async () => {
    const time = handClock();
    const store = openMemoryStore();
    const { host, appends } = await hostOn(store, time.clock);
    await host.submit(facilitator, { type: 'start' }, null);
    await host.submit(ops, { type: 'takeAction', action: 'inspect-cache', params: {} }, null);
    // The inspection is done at minute 1; its timer has not fired when warming is asked for.
    time.skip(61_000);
    const before = appends.length;
    const warm = await host.submit(
      ops,
      { type: 'takeAction', action: 'warm-cache', params: {} },
      'c-1',
    );
    expect(warm.ok).toBe(true);
    const written = appends.slice(before);
    expect(written).toHaveLength(1);
    expect(written[0]!.commandId).toBe('c-1');
    expect(written[0]!.events.map((e) => e.type)).toEqual(['timeAdvanced', 'actionTaken']);
    expect((await store.loadEvents(host.id)).at(-1)).toMatchObject({ commandId: 'c-1' });
  });

  it('publishes a step only once it is durable, and says it is unstable meanwhile', async () => {
    const time = handClock();
    const { host, published, holdAppends } = await hostOn(openMemoryStore(), time.clock);
    const open = holdAppends();
    const seq = host.seq;
    const pending = host.submit(facilitator, { type: 'start' }, null);
    await new Promise((r) => setImmediate(r));
    expect(host.stable).toBe(false);
    expect(published.filter((p) => p.seq > seq)).toEqual([]);
    open();
    await pending;
    expect(host.stable).toBe(true);
    expect(published.at(-1)).toMatchObject({ stable: true, types: ['clockStarted'] });
  });

  it('goes back to what the store holds when an append fails, and carries on', async () => {
    const time = handClock();
    const store = openMemoryStore();
    const { host, failNextAppend } = await hostOn(store, time.clock);
    await host.submit(facilitator, { type: 'start' }, null);
    const seq = host.seq;
    failNextAppend();
    await expect(
      host.submit(ops, { type: 'postMessage', text: 'lost in the write' }, 'c-lost'),
    ).rejects.toThrow('the disk is full');
    expect(host.seq).toBe(seq);
    expect(host.state.channel).toEqual([]);
    // The retry of the same command is not mistaken for a duplicate: it was never stored.
    const retried = await host.submit(
      ops,
      { type: 'postMessage', text: 'lost in the write' },
      'c-lost',
    );
    expect(retried).toMatchObject({ ok: true, seq: seq + 1 });
    expect(retried.ok && retried.duplicate).toBeFalsy();
    expect((await store.loadEvents(host.id)).length).toBe(host.seq);
  });

  it('answers a retried command id with the first answer and stores nothing new', async () => {
    const time = handClock();
    const store = openMemoryStore();
    const { host } = await hostOn(store, time.clock);
    await host.submit(facilitator, { type: 'start' }, null);
    const first = await host.submit(ops, { type: 'postMessage', text: 'once' }, 'c-9');
    const again = await host.submit(ops, { type: 'postMessage', text: 'once' }, 'c-9');
    expect(again).toMatchObject({ ok: true, duplicate: true, seq: first.ok ? first.seq : -1 });
    expect(host.state.channel).toHaveLength(1);
  });

  it('fires timers at their exact virtual second as real time passes', async () => {
    const time = handClock();
    const store = openMemoryStore();
    const { host } = await hostOn(store, time.clock);
    await host.submit(facilitator, { type: 'start' }, null);
    await time.advance(119_000);
    expect(host.state.phase).toBe('calm');
    await time.advance(2_000);
    expect(host.state.phase).toBe('slow');
    const log = (await store.loadEvents(host.id)).map((e) => e.event);
    expect(log.filter((e) => e.type === 'timeAdvanced').map((e) => e.at)).toContain(120);
  });

  it('marks the drill ended in the same append as the step that ended it by itself', async () => {
    const time = handClock();
    const store = openMemoryStore();
    const { host, appends } = await hostOn(store, time.clock);
    await host.submit(facilitator, { type: 'start' }, null);
    await host.submit(ops, { type: 'takeAction', action: 'inspect-cache', params: {} }, null);
    await time.advance(121_000);
    await host.submit(ops, { type: 'takeAction', action: 'warm-cache', params: {} }, null);
    expect(host.state.phase).toBe('mitigated');
    // Five minutes in "mitigated" reach the terminal phase: no command ends it.
    await time.advance(6 * 60_000);
    expect(host.state.status).toBe('ended');
    const ending = appends.filter((a) => a.ended);
    expect(ending).toHaveLength(1);
    expect(ending[0]!.events.length).toBeGreaterThan(0);
    expect((await store.getDrill(host.id))?.endedAt).not.toBeNull();
  });

  it('lets pass the time a dead host kept the drill for, when taking it over', async () => {
    const time = handClock();
    const store = openMemoryStore();
    const { host } = await hostOn(store, time.clock);
    await host.submit(facilitator, { type: 'start' }, null);
    await time.advance(30_000);
    const stored = await store.loadEvents(host.id);
    const at = host.state.t;
    host.close();
    const ports = {
      store: {
        append: (r: AppendRequest) => store.appendBatch([r]),
        load: (id: string) => store.loadEvents(id),
      },
      publisher: { publish: () => {}, forget: () => {} },
      clock: time.clock,
    };
    // Resumed after a clean handover: from the stored second. Taken over 5 s after the dead
    // host's last step: 5 s on.
    const resumed = new DrillHost(mini, stored, ports);
    expect(resumed.virtualNow()).toBe(at);
    resumed.close();
    const taken = new DrillHost(mini, stored, ports, { resumeLagMs: 5_000 });
    expect(taken.virtualNow()).toBeCloseTo(at + 5, 6);
    taken.close();
  });
});
