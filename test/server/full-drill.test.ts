// A whole drill over real sockets: a facilitator and three players, from creation to
// debrief. The score the players see is the score the engine computes from the stored log.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, fold, parseScenarioYaml, score, type DrillEvent } from '../../shared/index.ts';
import type { CreatedDrill, Credential } from '../../shared/protocol.ts';
import { connect, type TestClient } from '../helpers/client.ts';
import { bootServer, post, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await bootServer();
});
afterAll(async () => {
  await server?.stop();
});

const mini = (() => {
  const r = parseScenarioYaml(readFileSync('test/fixtures/mini.yaml', 'utf8'));
  if (!r.ok) throw new Error('fixture invalid');
  return compile(r.scenario);
})();

async function join(code: string, name: string): Promise<Credential> {
  const res = await post<Credential>(server.url, '/api/join', { code, name });
  expect(res.status).toBe(200);
  return res.body;
}

describe('a full drill', () => {
  it('runs from creation to debrief and scores as the engine says', async () => {
    const created = await post<CreatedDrill>(server.url, '/api/drills', {
      scenarioId: 'mini',
      facilitatorName: 'Fay',
    });
    expect(created.status).toBe(201);
    const { drillId, joinCode, facilitator } = created.body;
    expect(joinCode).toMatch(/^[A-Z2-9]{8}$/);

    const fac = await connect(server.url, facilitator);
    const creds = await Promise.all([
      join(joinCode, 'Ines'),
      join(joinCode, 'Omar'),
      join(joinCode, 'Cleo'),
    ]);
    const [ic, ops, comms] = await Promise.all(creds.map((c) => connect(server.url, c)));
    const players: [TestClient, Credential, string][] = [
      [ic!, creds[0]!, 'ic'],
      [ops!, creds[1]!, 'ops'],
      [comms!, creds[2]!, 'comms'],
    ];
    await fac.waitFor((v) => v.participants.length === 3);

    // Roles: the facilitator assigns them; each player's view follows.
    for (const [client, cred, role] of players) {
      expect(
        await fac.send({ type: 'assignRole', participantId: cred.participantId!, role }),
      ).toMatchObject({ ok: true });
      await client.waitFor((v) => v.me?.role.id === role);
    }
    // A picked role is only a name until the start; the brief comes with the clock.
    expect(ops!.view().me?.role.brief).toBeNull();

    expect(await fac.send({ type: 'setSpeed', speed: 10 })).toMatchObject({ ok: true });
    expect(await fac.send({ type: 'start' })).toMatchObject({ ok: true });
    await ops!.waitFor((v) => v.drill.status === 'running');
    expect(ops!.view().me?.role.brief).toContain('OPS-BRIEF-SECRET');

    expect(await ops!.send({ type: 'takeAction', action: 'ack', params: {} })).toMatchObject({
      ok: true,
    });
    expect(
      await ops!.send({ type: 'takeAction', action: 'inspect-cache', params: {} }),
    ).toMatchObject({ ok: true });
    // inspect-cache takes one virtual minute: 6 real seconds at 10x.
    await ops!.waitFor((v) => v.findings.some((f) => f.id === 'cache-empty'), 20_000);
    expect(
      await comms!.send({ type: 'postStatusUpdate', text: 'We are looking into slow pages.' }),
    ).toMatchObject({ ok: true });
    expect(await ic!.send({ type: 'postMessage', text: 'Omar, what do you see?' })).toMatchObject({
      ok: true,
    });
    // The slowness starts at minute 2; warming the cache then mitigates it.
    await fac.waitFor((v) => v.facilitator?.phase.id === 'slow', 20_000);
    await ops!.waitFor((v) => v.alerts.some((a) => a.id === 'slow'));
    expect(await ops!.send({ type: 'takeAction', action: 'warm-cache', params: {} })).toMatchObject(
      { ok: true },
    );
    await fac.waitFor((v) => v.facilitator?.phase.id === 'mitigated', 20_000);
    expect(await fac.send({ type: 'end', reason: 'Good enough' })).toMatchObject({ ok: true });

    const debriefs = await Promise.all(players.map(([c]) => c.waitFor((v) => v.debrief !== null)));
    const shown = debriefs[0]!.debrief!.score;
    for (const d of debriefs) expect(d.debrief!.score).toEqual(shown);

    // The stored log, folded by the pure core, gives the very same score.
    const res = await fetch(`${server.url}/api/drills/${drillId}/export.json`, {
      headers: { authorization: `Bearer ${facilitator.token}` },
    });
    expect(res.status).toBe(200);
    const exported = (await res.json()) as { events: DrillEvent[] };
    const state = fold(mini, exported.events);
    expect(score(mini, state)).toEqual(shown);
    expect(shown.items.find((i) => i.id === 'warmed')?.earned).toBe(30);

    const md = await fetch(
      `${server.url}/api/drills/${drillId}/export.md?token=${facilitator.token}`,
    );
    expect(md.status).toBe(200);
    const text = await md.text();
    expect(text).toContain('# Postmortem: Mini outage');
    expect(text).toContain(`${shown.percent}%`);

    // Players may not export; a wrong token is refused.
    const denied = await fetch(
      `${server.url}/api/drills/${drillId}/export.md?token=${creds[0]!.token}`,
    );
    expect(denied.status).toBe(403);
    const wrong = await fetch(`${server.url}/api/drills/${drillId}/export.json?token=nope`);
    expect(wrong.status).toBe(401);
    for (const c of [fac, ic!, ops!, comms!]) c.close();
  });
});
