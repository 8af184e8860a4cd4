// Solo practice: one human, bots in every other role. The bots play the scenario's ideal
// response through the same command path as people; the human sees only their own role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { practise, type Practice } from '../helpers/api.ts';
import { connect, type TestClient } from '../helpers/client.ts';
import { bootServer, post, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let solo: Practice;
let human: TestClient;
let facilitator: TestClient;
beforeAll(async () => {
  server = await bootServer();
  solo = await practise(server.url, 'ic', 'Ines');
  [human, facilitator] = await Promise.all([
    connect(server.url, solo.player),
    connect(server.url, solo.facilitator),
  ]);
});
afterAll(async () => {
  human?.close();
  facilitator?.close();
  await server?.stop();
});

describe('solo practice', () => {
  it('starts a running drill with a bot in every other role', async () => {
    expect(solo.player).toMatchObject({ drillId: solo.drillId, seat: 'player' });
    expect(solo.facilitator).toMatchObject({ drillId: solo.drillId, seat: 'facilitator' });
    const view = human.view();
    expect(view.drill).toMatchObject({ status: 'running', solo: true });
    const byRole = Object.fromEntries(view.participants.map((p) => [p.role, p.kind]));
    expect(byRole).toEqual({ ic: 'player', ops: 'bot', comms: 'bot' });
  });

  it('lets bots take ideal actions and post status updates over time, at speed 10', async () => {
    expect(await facilitator.send({ type: 'setSpeed', speed: 10 })).toMatchObject({ ok: true });
    // Bots wait a virtual minute before their first move: six real seconds at 10x.
    const acted = await facilitator.waitFor(
      (v) => v.timeline.some((e) => e.kind === 'action' && e.role === 'ops'),
      20_000,
    );
    const botAction = acted.timeline.find((e) => e.kind === 'action' && e.role === 'ops')!;
    expect(botAction.text).toMatch(/\(bot\): Inspect the cache/);
    // The comms bot keeps customers informed once the slowness starts (minute 2).
    const updated = await human.waitFor((v) => v.statusUpdates.length > 0, 20_000);
    expect(updated.statusUpdates[0]).toMatchObject({
      role: 'comms',
      name: expect.stringContaining('(bot)'),
    });
    // The inspection takes a virtual minute; its credit comes when it completes.
    const scored = await facilitator.waitFor(
      (v) => (v.facilitator!.score.items.find((i) => i.id === 'inspected')?.earned ?? 0) > 0,
      20_000,
    );
    expect(scored.facilitator!.score.items.find((i) => i.id === 'inspected')?.earned).toBe(20);
  });

  it('has a bot answer a question in the channel, from what its role sees', async () => {
    expect(
      await human.send({
        type: 'postMessage',
        text: 'Ops, what do you see? Anything on the cache?',
      }),
    ).toMatchObject({ ok: true });
    const answered = await human.waitFor(
      (v) => v.channel.some((m) => m.from.kind === 'player' && m.text.startsWith('@Ines ')),
      20_000,
    );
    const answer = answered.channel.find((m) => m.text.startsWith('@Ines '))!;
    expect(answer.from).toMatchObject({ kind: 'player', name: 'Ops (bot)', role: 'ops' });
    expect(answer.text).toMatch(/Cache/);
  });

  it("shows the human only their own role's view", async () => {
    const view = human.view();
    expect(view.seat).toEqual({ kind: 'player', role: 'ic' });
    expect(view.me?.role.id).toBe('ic');
    expect(view.actions.map((a) => a.id).sort()).toEqual(['ack', 'page-exec']);
    expect(view.facilitator).toBeNull();
    const everything = human.received.join('\n');
    expect(everything).toContain('IC-BRIEF-SECRET');
    for (const secret of [
      'OPS-BRIEF-SECRET',
      'OPS-ONLY-SECRET',
      'OPS-FINDING-SECRET',
      'COMMS-BRIEF-SECRET',
    ]) {
      expect(everything).not.toContain(secret);
    }
    // The bots' own moves are theirs: the human sees only what the audience rules allow.
    expect(view.timeline.filter((e) => e.kind === 'action').every((e) => e.role === 'ic')).toBe(
      true,
    );
  });

  it('pauses and resumes through the facilitator credential, and not through the player', async () => {
    expect(await human.send({ type: 'pause' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await facilitator.send({ type: 'pause' })).toMatchObject({ ok: true });
    const paused = await human.waitFor((v) => v.drill.status === 'paused');
    const host = (await server.registry.get(solo.drillId))!;
    expect(host.virtualNow()).toBe(paused.drill.t);
    // While paused nothing is scheduled: the bots wait too.
    expect(await human.send({ type: 'takeAction', action: 'ack' })).toMatchObject({
      ok: false,
      error: { code: 'DRILL_NOT_RUNNING' },
    });
    expect(await facilitator.send({ type: 'resume' })).toMatchObject({ ok: true });
    await human.waitFor((v) => v.drill.status === 'running');
    expect(await human.send({ type: 'takeAction', action: 'ack' })).toMatchObject({ ok: true });
  });

  it('lets the solo player ask for a hint, which a team player may not', async () => {
    expect(await human.send({ type: 'revealHint' })).toMatchObject({ ok: true });
    await human.waitFor((v) => v.hints.length === 1);
  });

  it('refuses practice in a role the scenario does not have', async () => {
    const res = await post<{ error: { code: string } }>(server.url, '/api/practise', {
      scenarioId: 'mini',
      name: 'X',
      role: 'janitor',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('UNKNOWN_ROLE');
  });
});

describe('solo practice in every bundled scenario', () => {
  let bundled: TestServer;
  beforeAll(async () => {
    bundled = await bootServer({ SCENARIOS_DIR: 'scenarios' });
  });
  afterAll(async () => {
    await bundled?.stop();
  });

  it('seats a bot in every other role, whatever the length of the role names', async () => {
    const scenarios = (await (await fetch(`${bundled.url}/api/scenarios`)).json()) as {
      id: string;
      roles: { id: string }[];
    }[];
    expect(scenarios.length).toBeGreaterThanOrEqual(4);
    for (const s of scenarios) {
      for (const r of s.roles) {
        const res = await post<{ error?: { message: string } }>(bundled.url, '/api/practise', {
          scenarioId: s.id,
          name: 'Solo',
          role: r.id,
        });
        expect(res.status, `${s.id} as ${r.id}: ${JSON.stringify(res.body)}`).toBe(201);
      }
    }
  });
});

describe('difficulty variants', () => {
  let fixtures: TestServer;
  beforeAll(async () => {
    fixtures = await bootServer();
  });
  afterAll(async () => {
    await fixtures?.stop();
  });

  it('lists a variant under its scenario and practises it with only its bots', async () => {
    const list = (await (await fetch(`${fixtures.url}/api/scenarios`)).json()) as {
      id: string;
      real: boolean;
      variants: { id: string; label: string }[];
    }[];
    const mini = list.find((s) => s.id === 'mini')!;
    expect(mini.real).toBe(false);
    expect(mini.variants).toEqual([
      expect.objectContaining({ id: 'mini.lean', label: 'Lean team' }),
    ]);
    expect(list.map((s) => s.id)).not.toContain('mini.lean');
    const res = await post<{ player: { token: string } }>(fixtures.url, '/api/practise', {
      scenarioId: 'mini.lean',
      name: 'Ines',
      role: 'ic',
    });
    expect(res.status).toBe(201);
    const client = await connect(fixtures.url, res.body.player as never);
    const roles = Object.fromEntries(client.view().participants.map((p) => [p.role, p.kind]));
    expect(roles).toEqual({ ic: 'player', ops: 'bot' });
    expect(client.view().drill.scenario.title).toBe('Mini outage (Lean team)');
    client.close();
  });
});
