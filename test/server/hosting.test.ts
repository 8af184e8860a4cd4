// Drills are hosted while someone uses them: one nobody is connected to is unloaded with its
// virtual clock stopped at the exact second it read, and loaded again, running on from that
// second, on the next connection. A server starting up loads no drill until asked.
import { describe, afterAll, beforeAll, expect, it } from 'vitest';
import { loadCatalogue } from '../../server/catalogue.ts';
import { DrillHost } from '../../server/drill-host.ts';
import type { AppendRequest, StoredEvent } from '../../server/store/event-store.ts';
import type { HostPorts } from '../../server/ports.ts';
import { createDrill } from '../helpers/api.ts';
import { connect } from '../helpers/client.ts';
import { seatMiniDrill } from '../helpers/seated-drill.ts';
import { bootServer, type TestServer } from '../helpers/server.ts';

const until = async (what: string, pred: () => boolean, timeoutMs = 5000) => {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('drills nobody is connected to', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await bootServer({ IDLE_UNLOAD_SECONDS: '0.4' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('are unloaded with their clock stopped exactly, and resume from that second on the next connection', async () => {
    const drill = await seatMiniDrill(server, { state: 'running', speed: 10 });
    await new Promise((r) => setTimeout(r, 600));
    drill.close();
    await until('the drill is unloaded', () => server.registry.hosted === 0);

    const log = await server.store.loadEvents(drill.drillId);
    const last = log.at(-1)!.event;
    // Stopping appended the second the clock read: about 6 virtual seconds in at speed 10.
    expect(last.type).toBe('timeAdvanced');
    expect(last.at).toBeGreaterThan(4);
    // Unhosted, the clock does not move: nothing is appended while real time passes.
    await new Promise((r) => setTimeout(r, 500));
    expect((await server.store.loadEvents(drill.drillId)).length).toBe(log.length);

    const ops = await connect(server.url, drill.creds.ops);
    try {
      expect(server.registry.hosted).toBe(1);
      expect(ops.view().drill.status).toBe('running');
      expect(ops.view().drill.t).toBe(last.at);
      expect(ops.seq()).toBe(log.length);
      // And it runs on from there.
      await ops.waitFor((v) => v.drill.t > last.at + 1);
      expect(await ops.send({ type: 'takeAction', action: 'ack', params: {} })).toMatchObject({
        ok: true,
      });
    } finally {
      ops.close();
    }
  });

  it('are not loaded when the server starts, only when someone connects', async () => {
    const created = await createDrill(server.url);
    const fac = await connect(server.url, created.facilitator);
    expect(await fac.send({ type: 'start' })).toMatchObject({ ok: false }); // roles missing
    fac.close();
    const { dataDir } = server;
    await server.stop(false);
    server = await bootServer({ DATA_DIR: dataDir, IDLE_UNLOAD_SECONDS: '0.4' });
    expect(server.registry.hosted).toBe(0);
    const again = await connect(server.url, created.facilitator);
    try {
      expect(server.registry.hosted).toBe(1);
      expect(again.view().drill.status).toBe('lobby');
    } finally {
      again.close();
    }
  });
});

describe('a host that stops hosting', () => {
  it('stores the virtual second its clock reads, firing what is due, and a new host resumes exactly there', async () => {
    const compiled = (await loadCatalogue('test/fixtures')).get('mini')!;
    const log: StoredEvent[] = [
      {
        seq: 1,
        event: {
          type: 'created',
          at: 0,
          drillId: 'd_exact',
          joinCode: 'ABCDEFGH',
          scenarioId: 'mini',
          scenarioHash: compiled.hash,
          seed: 1,
          solo: true,
        },
        commandId: null,
      },
    ];
    let wall = 1_000_000;
    const ports: HostPorts = {
      store: {
        append: async (req: AppendRequest) => {
          req.events.forEach((event, i) =>
            log.push({ seq: req.fromSeq + i, event, commandId: null }),
          );
        },
        load: async () => log,
      },
      publisher: { publish: () => {}, forget: () => {} },
      clock: { now: () => wall, after: () => () => {} },
    };
    const opts = { tickSeconds: 60 };
    const first = new DrillHost(compiled, log, ports, opts);
    expect(await first.submit({ kind: 'system' }, { type: 'start' }, null)).toMatchObject({
      ok: true,
    });
    // 130.25 real seconds at speed 1, past the phase change due at minute 2 (120 s).
    wall += 130_250;
    await first.unload();
    expect(log.at(-1)!.event).toEqual({ type: 'timeAdvanced', at: 130.25 });
    expect(first.state.phase).toBe('slow');
    expect(await first.submit({ kind: 'system' }, { type: 'pause' }, null)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });

    // An hour later another host loads the log: no virtual time passed in between.
    wall += 3_600_000;
    const second = new DrillHost(compiled, log, ports, opts);
    try {
      expect(second.virtualNow()).toBe(130.25);
      wall += 2_000;
      expect(second.virtualNow()).toBe(132.25);
    } finally {
      second.close();
    }
  });
});
