// The room screen: a read-only seat for the meeting room's shared screen. It shows the clock,
// the channel and the status page, and no secret reaches it by any door: not its views or
// patches (during the drill or after the end), not a command, not the HTTP API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomView } from '../../shared/engine/room-view.ts';
import type { Credential } from '../../shared/protocol.ts';
import { connect, type TestClient } from '../helpers/client.ts';
import { seatMiniDrill } from '../helpers/seated-drill.ts';
import { bootServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await bootServer();
});
afterAll(async () => {
  await server?.stop();
});

const SECRETS =
  /BRIEF-SECRET|OPS-ONLY-SECRET|OPS-FINDING-SECRET|What is going on\?|cache restarted|Look at the cache|Calm before the storm|Slowness|Mitigated|SHOUT-FOR-IC|FACILITATOR-NOTE|written-1/;

async function roomSeat(drillId: string, token: string) {
  const res = await fetch(`${server.url}/api/drills/${drillId}/room`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: (await res.json()) as Credential };
}
const roomOf = (client: TestClient) => client.view() as unknown as RoomView;

describe('the room screen', () => {
  it('shows the clock, the channel and the status page, and nothing secret, ever', async () => {
    const drill = await seatMiniDrill(server, { state: 'running', speed: 10 });
    const { facilitator, ic, ops, comms } = drill.clients;
    const issued = await roomSeat(drill.drillId, drill.creds.facilitator.token);
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({
      drillId: drill.drillId,
      participantId: null,
      seat: 'room',
    });
    const room = await connect(server.url, issued.body);
    try {
      const must = async (client: TestClient, command: Parameters<TestClient['send']>[0]) =>
        expect(await client.send(command)).toMatchObject({ ok: true });
      await must(ops, { type: 'takeAction', action: 'inspect-cache' });
      await must(ops, { type: 'takeAction', action: 'restart', params: { service: 'cache' } });
      await must(comms, { type: 'postStatusUpdate', text: 'We are looking into it.' });
      await must(facilitator, { type: 'fireInject', inject: 'vp-calls' });
      await must(facilitator, { type: 'revealHint' });
      await must(facilitator, {
        type: 'postAs',
        from: 'The CEO',
        text: 'SHOUT-FOR-IC',
        to: ['ic'],
      });
      await must(facilitator, { type: 'postAs', from: 'The CEO', text: 'Are we down?' });
      await must(facilitator, { type: 'injectText', from: 'A customer', text: 'Cannot log in' });
      await must(facilitator, { type: 'addNote', text: 'FACILITATOR-NOTE' });
      await must(ic, { type: 'postMessage', text: 'Omar, what do you see?' });
      await ops.waitFor((v) => v.findings.some((f) => f.id === 'cache-empty'), 20_000);
      await room.waitFor(() => roomOf(room).channel.length === 2);
      await room.sync();

      const view = roomOf(room);
      expect(Object.keys(view).sort()).toEqual([
        'channel',
        'drill',
        'statusUpdates',
        'thirdParties',
      ]);
      expect(view.drill).toMatchObject({ title: 'Mini outage', status: 'running' });
      expect(view.drill.t).toBeGreaterThan(0);
      expect(view.channel.map((m) => [m.from, m.character, m.text])).toEqual([
        ['The CEO', true, 'Are we down?'],
        ['Ines', false, 'Omar, what do you see?'],
      ]);
      expect(view.statusUpdates.map((u) => u.text)).toEqual(['We are looking into it.']);

      // It watches; it cannot act, whatever it sends.
      for (const command of [
        { type: 'postMessage', text: 'hi' },
        { type: 'pause' },
        { type: 'judgeItem', item: 'acked', verdict: 'pass', reason: 'me' },
      ] as const)
        expect(await room.send(command)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

      // After the end the debrief opens every box, but not on the room screen.
      await must(facilitator, { type: 'end', reason: 'Debrief' });
      await room.waitFor(() => roomOf(room).drill.status === 'ended');
      await room.sync();
      expect(room.received.join('\n')).not.toMatch(SECRETS);
      expect(room.received.join('\n')).not.toContain('debrief');

      // The HTTP doors stay shut to its token, even now that the drill has ended.
      const token = issued.body.token;
      const auth = { authorization: `Bearer ${token}` };
      for (const path of [
        `/api/drills/${drill.drillId}/events`,
        `/api/drills/${drill.drillId}/export.md`,
        `/api/drills/${drill.drillId}/export.json`,
        `/api/scenarios/mini`,
      ]) {
        const res = await fetch(server.url + path, { headers: auth });
        expect([path, res.status]).toEqual([path, 403]);
        expect(await res.text()).not.toMatch(SECRETS);
      }
      const more = await fetch(`${server.url}/api/drills/${drill.drillId}/room`, {
        method: 'POST',
        headers: auth,
      });
      expect(more.status).toBe(403);
    } finally {
      room.close();
      drill.close();
    }
  });

  it('is issued by the facilitator only', async () => {
    const drill = await seatMiniDrill(server);
    try {
      expect((await roomSeat(drill.drillId, drill.creds.ops.token)).status).toBe(403);
      expect((await roomSeat(drill.drillId, drill.creds.spectator.token)).status).toBe(403);
      expect((await roomSeat(drill.drillId, 'nope')).status).toBe(401);
      expect((await roomSeat('no-such-drill', drill.creds.facilitator.token)).status).toBe(401);
    } finally {
      drill.close();
    }
  });
});
