// Connections come and go; the drill does not. A dropped client catches up exactly, a
// restarted server resumes every drill with exactly the events it acknowledged, and a
// retried command is applied once, across the restart too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
import type { StoredEvent } from '../../server/store/event-store.ts';
import type { CommandInput, DrillEvent } from '../../shared/index.ts';
import type { CommandAck } from '../../shared/protocol.ts';
import { exportedEvents } from '../helpers/api.ts';
import { connect, type TestClient } from '../helpers/client.ts';
import { seatMiniDrill, type SeatedDrill } from '../helpers/seated-drill.ts';
import { bootServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await bootServer();
});
afterAll(async () => {
  await server?.stop(true);
});

const ok = async (client: TestClient, command: CommandInput, id?: string) => {
  const ack = await client.send(command, id);
  expect(ack, `${command.type} was refused`).toMatchObject({ ok: true });
  return ack as Extract<CommandAck, { ok: true }>;
};

describe('a client dropped mid-drill', () => {
  it('catches up exactly when it reconnects with its last seq', async () => {
    const drill = await seatMiniDrill(server, { state: 'running', speed: 10 });
    const { facilitator, ic, ops, comms } = drill.clients;
    try {
      const lastSeen = ic.seq();
      ic.socket.disconnect();
      // The others carry on, including things meant for the absent ic only.
      await ok(ops, { type: 'takeAction', action: 'check-disk' });
      await ok(ops, { type: 'takeAction', action: 'ack' });
      await ok(comms, { type: 'postStatusUpdate', text: 'Investigating slow pages.' });
      await ok(facilitator, { type: 'fireInject', inject: 'vp-calls' });
      await ok(ops, { type: 'postMessage', text: 'Disks look fine.' });
      await ok(facilitator, { type: 'pause' });
      const host = await drill.host();
      expect(host.seq).toBeGreaterThan(lastSeen + 5);

      ic.socket.auth = { drillId: drill.drillId, token: drill.creds.ic.token, lastSeq: lastSeen };
      ic.socket.connect();
      await ic.waitFor(() => ic.seq() === host.seq);
      const reloaded = await connect(server.url, drill.creds.ic, lastSeen);
      const fresh = await connect(server.url, drill.creds.ic);
      try {
        expect(ic.view()).toEqual(fresh.view());
        expect(reloaded.view()).toEqual(fresh.view());
        expect(ic.view().channel.map((m) => m.text)).toEqual([
          'What is going on?',
          'Disks look fine.',
        ]);
        expect(ic.view().statusUpdates.map((u) => u.text)).toEqual(['Investigating slow pages.']);

        // And it keeps up from there, patch by patch.
        await ok(facilitator, { type: 'resume' });
        await ok(ops, { type: 'takeAction', action: 'restart', params: { service: 'api' } });
        await ok(ops, { type: 'takeAction', action: 'retry-everything' });
        await ok(comms, { type: 'postStatusUpdate', text: 'Still investigating.' });
        await ok(ic, { type: 'postMessage', text: 'Back with you.' });
        await ok(facilitator, { type: 'pause' });
        await Promise.all(
          [ic, fresh, reloaded, facilitator].map((c) => c.waitFor(() => c.seq() === host.seq)),
        );
        expect(ic.view()).toEqual(fresh.view());
        expect(reloaded.view()).toEqual(fresh.view());
        expect(ic.view().statusUpdates.map((u) => u.text)).toEqual([
          'Investigating slow pages.',
          'Still investigating.',
        ]);
        // The facilitator never dropped: every change reached it as a patch, and nothing was lost.
        const facilitatorNow = await connect(server.url, drill.creds.facilitator);
        expect(facilitator.view()).toEqual(facilitatorNow.view());
        expect(facilitator.view().facilitator?.vars).toMatchObject({ retries: 1 });
        facilitatorNow.close();
      } finally {
        reloaded.close();
        fresh.close();
      }
    } finally {
      drill.close();
    }
  });
});

describe('a server restart mid-drill', () => {
  let running: SeatedDrill;
  let paused: SeatedDrill;
  const acks: Record<string, Extract<CommandAck, { ok: true }>> = {};
  let pausedBefore: DrillEvent[];
  /** The running drill's log as it was durable when the server stopped. */
  let durable: StoredEvent[];
  let retriedWhileDown: Promise<CommandAck>;
  const inspect: CommandInput = { type: 'takeAction', action: 'inspect-cache' };

  beforeAll(async () => {
    running = await seatMiniDrill(() => server, { state: 'running', speed: 10 });
    paused = await seatMiniDrill(() => server, { state: 'running' });
    const { ops, ic } = running.clients;
    acks.inspect = await ok(ops, inspect, 'ops-inspect-once');
    acks.inspectRetried = await ok(ops, inspect, 'ops-inspect-once');
    acks.message = await ok(
      ic,
      { type: 'postMessage', text: 'Restarting soon?' },
      'ic-message-once',
    );
    await ok(paused.clients.ops, { type: 'takeAction', action: 'check-disk' });
    await ok(paused.clients.facilitator, { type: 'pause' });
    await ok(paused.clients.facilitator, { type: 'postMessage', text: 'Paused for the restart.' });
    pausedBefore = await exportedEvents(server.url, paused.drillId, paused.creds.facilitator.token);

    const { port, dataDir } = server;
    const opsGone = new Promise((resolve) => ops.socket.once('disconnect', resolve));
    await server.stop(false);
    const store = await openEmbeddedStore(dataDir);
    durable = await store.loadEvents(running.drillId);
    await store.close();
    // While the server is away the ops client retries; socket.io holds it until it is back.
    await opsGone;
    retriedWhileDown = ops.socket
      .timeout(30_000)
      .emitWithAck('command', { id: 'ops-inspect-once', command: inspect }) as Promise<CommandAck>;
    server = await bootServer({ DATA_DIR: dataDir, PORT: String(port) });
  });
  afterAll(() => {
    running?.close();
    paused?.close();
  });

  it('resumes the drill with exactly the events it had acknowledged', async () => {
    // A paused drill does not move: its log is the same, event for event.
    expect(
      await exportedEvents(server.url, paused.drillId, paused.creds.facilitator.token),
    ).toEqual(pausedBefore);

    // A running drill carries on from exactly where its durable log ended.
    const after = await server.store.loadEvents(running.drillId);
    expect(after.map((e) => e.seq)).toEqual(after.map((_, i) => i + 1));
    expect(after.slice(0, durable.length)).toEqual(durable);
    for (const ack of [acks.inspect!, acks.message!])
      expect(ack.seq).toBeLessThanOrEqual(durable.length);
    expect(after[acks.inspect!.seq - 1]?.event).toMatchObject({
      type: 'actionTaken',
      action: 'inspect-cache',
    });
    expect(after[acks.message!.seq - 1]?.event).toMatchObject({
      type: 'messagePosted',
      text: 'Restarting soon?',
    });
    expect(
      after.filter((e) => e.event.type === 'actionTaken' && e.event.action === 'inspect-cache'),
    ).toHaveLength(1);
    expect(after.filter((e) => e.event.type === 'messagePosted')).toHaveLength(1);
    const host = (await server.registry.get(running.drillId))!;
    expect(host.state.status).toBe('running');
  });

  it('fires a timer armed before the restart after it', async () => {
    // inspect-cache takes a virtual minute; the server stopped well before it was up.
    expect(durable.every((e) => e.event.at < 60)).toBe(true);
    const view = await running.clients.ops.waitFor(
      (v) => v.findings.some((f) => f.id === 'cache-empty'),
      20_000,
    );
    expect(view.drill.t).toBeGreaterThanOrEqual(60);
  });

  it('lets clients reconnect by themselves and see the drill as a fresh client would', async () => {
    const { facilitator } = running.clients;
    await facilitator.waitFor(
      (v) => v.drill.id === running.drillId && v.drill.status === 'running',
    );
    await ok(facilitator, { type: 'pause' });
    await running.settled();
    await paused.settled();
    for (const drill of [running, paused]) {
      for (const [seat, client] of Object.entries(drill.clients)) {
        expect(client.socket.connected, `${seat} reconnected`).toBe(true);
        const fresh = await connect(server.url, drill.creds[seat as keyof typeof drill.clients]);
        try {
          expect(client.view(), `${seat}'s view`).toEqual(fresh.view());
        } finally {
          fresh.close();
        }
      }
    }
    expect(paused.clients.ic.view().channel.map((m) => m.text)).toEqual([
      'Paused for the restart.',
    ]);
  });

  it('applies a retried command once, before and after the restart', async () => {
    expect(acks.inspectRetried).toEqual({ ok: true, seq: acks.inspect!.seq, duplicate: true });
    expect(await retriedWhileDown).toEqual({ ok: true, seq: acks.inspect!.seq, duplicate: true });
    expect(await running.clients.ops.send(inspect, 'ops-inspect-once')).toEqual({
      ok: true,
      seq: acks.inspect!.seq,
      duplicate: true,
    });
    expect(
      await running.clients.ic.send(
        { type: 'postMessage', text: 'Restarting soon?' },
        'ic-message-once',
      ),
    ).toEqual({
      ok: true,
      seq: acks.message!.seq,
      duplicate: true,
    });
    const events = await exportedEvents(
      server.url,
      running.drillId,
      running.creds.facilitator.token,
    );
    expect(
      events.filter((e) => e.type === 'actionTaken' && e.action === 'inspect-cache'),
    ).toHaveLength(1);
    expect(events.filter((e) => e.type === 'messagePosted')).toHaveLength(1);
    // A command id is a participant's own: the same id from someone else is a new command.
    const other = await running.clients.comms.send(
      { type: 'postMessage', text: 'Restarting soon?' },
      'ic-message-once',
    );
    expect(other).toMatchObject({ ok: true });
    expect(other).not.toHaveProperty('duplicate');
  });
});
