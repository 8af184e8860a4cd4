// Load shedding over real sockets: past the queue bound of a drill, a command is refused at
// once with BUSY and a retry hint, is not applied, and goes through when sent again later
// with the same id. Nothing acknowledged is lost or doubled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seatMiniDrill, type SeatedDrill } from '../helpers/seated-drill.ts';
import { bootServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let drill: SeatedDrill;
beforeAll(async () => {
  server = await bootServer({ MAX_QUEUED_COMMANDS_PER_DRILL: '1', COMMANDS_PER_SECOND: '1000' });
  drill = await seatMiniDrill(server, { state: 'running' });
});
afterAll(async () => {
  drill?.close();
  await server?.stop();
});

describe('a drill with more commands waiting than it may queue', () => {
  it('answers the surplus BUSY with a retry hint, applies it once when retried, and loses nothing', async () => {
    const { ops, comms } = drill.clients;
    const burst = Array.from({ length: 8 }, (_, i) => ({
      client: i % 2 ? ops : comms,
      id: `burst-${i}-${Math.random().toString(36).slice(2, 10)}`,
      text: `burst ${i}`,
    }));
    const acks = await Promise.all(
      burst.map((b) => b.client.send({ type: 'postMessage', text: b.text }, b.id)),
    );
    const busy = acks.filter((a) => !a.ok);
    expect(busy.length).toBeGreaterThan(0);
    for (const a of busy)
      expect(a).toMatchObject({ ok: false, error: { code: 'BUSY', retryAfter: 1 } });

    const host = await drill.host();
    await host.idle();
    const said = () => host.state.channel.map((m) => m.text).filter((t) => t.startsWith('burst'));
    // Refused commands were not applied; accepted ones were, once each.
    expect(said().sort()).toEqual(
      burst
        .filter((_, i) => acks[i]!.ok)
        .map((b) => b.text)
        .sort(),
    );

    // Sent again one at a time, with the same ids: each is applied once, none twice.
    for (const [i, b] of burst.entries()) {
      const again = await b.client.send({ type: 'postMessage', text: b.text }, b.id);
      expect(again).toMatchObject({ ok: true, ...(acks[i]!.ok ? { duplicate: true } : {}) });
    }
    expect(said().sort()).toEqual(burst.map((b) => b.text).sort());
  });
});
