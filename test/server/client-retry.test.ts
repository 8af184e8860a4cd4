// The browser's own command path (client/store/drill-connection.ts, sendCommand) against a
// real server: a command answered BUSY because the drill's queue is full, or INTERNAL because
// a write failed, is sent again under the same id once the hint has passed, and lands exactly
// once. While it waits on BUSY the store counts it in flight and says the server is busy.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openMemoryStore } from '../../server/store/memory.ts';
import type { EventStore } from '../../server/store/event-store.ts';
import { closeDrill, openDrill, sendCommand } from '../../client/store/drill-connection.ts';
import { useDrillStore, type DrillStore } from '../../client/store/drill-store.ts';
import { seatMiniDrill, type SeatedDrill } from '../helpers/seated-drill.ts';
import { bootServer, type TestServer } from '../helpers/server.ts';

/** A memory store whose appends can be held at a gate, or made to fail once. */
function controlledStore() {
  const inner = openMemoryStore();
  let gate: Promise<void> | null = null;
  let open = () => {};
  let failCommand = false;
  let failed = 0;
  const store: EventStore = {
    ...inner,
    async appendBatch(batch) {
      if (gate) await gate;
      if (failCommand && batch.some((r) => r.commandId !== null)) {
        failCommand = false;
        failed++;
        throw new Error('the disk is full (on purpose)');
      }
      return inner.appendBatch(batch);
    },
  };
  return {
    store,
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release() {
      gate = null;
      open();
    },
    failNextCommand() {
      failCommand = true;
    },
    failed: () => failed,
  };
}

async function until(what: string, pred: (s: DrillStore) => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!pred(useDrillStore.getState())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Every command message the server received, to see what the client sent and under which id. */
const received: { id: string; command: { type: string; text?: string } }[] = [];
const sends = (text: string) => received.filter((m) => m.command.text === text);

let controlled: ReturnType<typeof controlledStore>;
let server: TestServer;
let drill: SeatedDrill;
beforeAll(async () => {
  controlled = controlledStore();
  server = await bootServer(
    { MAX_QUEUED_COMMANDS_PER_DRILL: '1', COMMANDS_PER_SECOND: '1000' },
    controlled.store,
  );
  // Paused: no clock ticks reach the store, only the commands of the test.
  drill = await seatMiniDrill(server, { state: 'paused' });
  // The client connects to its page's origin.
  vi.stubGlobal('location', new URL(server.url));
  openDrill(drill.creds.ops);
  await until('the client to be live', (s) => s.status === 'live' && s.view !== null);
  for (const socket of server.io.of('/').sockets.values())
    socket.onAny((event: string, msg: (typeof received)[number]) => {
      if (event === 'command') received.push(msg);
    });
});
afterEach(() => controlled?.release());
afterAll(async () => {
  closeDrill();
  vi.unstubAllGlobals();
  drill?.close();
  await server?.stop();
  await controlled?.store.close();
});

const said = async (text: string) =>
  (await drill.host()).state.channel.filter((m) => m.text === text).length;

describe("the client's sendCommand against a busy server", () => {
  it('waits out BUSY, showing it, and the command lands once when the queue drains', async () => {
    const { comms } = drill.clients;
    controlled.hold();
    // The one queue slot is taken by a command stuck at the store; the next is refused.
    const blocker = comms.send({ type: 'postMessage', text: 'blocker' });
    const probe = await comms.send({ type: 'postMessage', text: 'probe' });
    expect(probe).toMatchObject({ ok: false, error: { code: 'BUSY', retryAfter: 1 } });

    const text = `through the crowd ${Math.random().toString(36).slice(2)}`;
    const sent = sendCommand({ type: 'postMessage', text });
    await until('the client to wait on BUSY', (s) => s.busyRetries === 1);
    expect(useDrillStore.getState()).toMatchObject({ status: 'live', inFlight: 1 });
    expect(await said(text)).toBe(0);

    // Still busy on the next try (the hint is 1 s): the client keeps waiting, not failing.
    await new Promise((r) => setTimeout(r, 1500));
    expect(useDrillStore.getState()).toMatchObject({ inFlight: 1, busyRetries: 1 });

    controlled.release();
    expect(await blocker).toMatchObject({ ok: true });
    const res = await sent;
    expect(res).toMatchObject({ ok: true });
    await (await drill.host()).idle();
    expect(await said(text)).toBe(1);
    expect(await said('probe')).toBe(0);
    // Sent at least three times (BUSY, BUSY, accepted), always under the same id.
    expect(sends(text).length).toBeGreaterThanOrEqual(3);
    expect(new Set(sends(text).map((m) => m.id)).size).toBe(1);
    expect(useDrillStore.getState()).toMatchObject({ inFlight: 0, busyRetries: 0 });
  });

  it('sends a command again after INTERNAL (a failed write) and it lands once', async () => {
    controlled.failNextCommand();
    const text = `after a failed write ${Math.random().toString(36).slice(2)}`;
    const res = await sendCommand({ type: 'postMessage', text });
    expect(controlled.failed()).toBe(1);
    expect(res).toMatchObject({ ok: true });
    await (await drill.host()).idle();
    expect(await said(text)).toBe(1);
    expect(sends(text).length).toBe(2);
    expect(new Set(sends(text).map((m) => m.id)).size).toBe(1);
    expect(useDrillStore.getState()).toMatchObject({ inFlight: 0, busyRetries: 0 });
  });

  it('does not send again a command refused for its own sake', async () => {
    // Ops is a player: the clock is the facilitator's.
    const before = received.filter((m) => m.command.type === 'resume').length;
    const res = await sendCommand({ type: 'resume' });
    expect(res).toMatchObject({ ok: false });
    if (!res.ok) expect(['BUSY', 'INTERNAL']).not.toContain(res.error.code);
    expect(received.filter((m) => m.command.type === 'resume').length).toBe(before + 1);
    expect(useDrillStore.getState().busyRetries).toBe(0);
  });
});
