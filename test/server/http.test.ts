// The HTTP surface around the drills: the scenario catalogue, health and readiness, metrics
// for Prometheus, configuration errors, and which browser origins may open a socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import type { ScenarioSummary } from '../../shared/protocol.ts';
import { createDrill, joinDrill } from '../helpers/api.ts';
import { connect, handshake } from '../helpers/client.ts';
import { bootServer, type TestServer } from '../helpers/server.ts';

const ALLOWED = 'https://drills.example.org';
let server: TestServer;
beforeAll(async () => {
  server = await bootServer({ ALLOWED_ORIGINS: `${ALLOWED}, https://other.example.org` });
});
afterAll(async () => {
  await server?.stop();
});

describe('the scenario catalogue', () => {
  it('lists the fixture scenarios', async () => {
    const res = await fetch(`${server.url}/api/scenarios`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const list = (await res.json()) as ScenarioSummary[];
    expect(list.map((s) => s.id)).toContain('mini');
    expect(list.find((s) => s.id === 'mini')).toMatchObject({
      title: 'Mini outage',
      difficulty: 'beginner',
      roles: [{ id: 'ic', required: true }, { id: 'ops' }, { id: 'comms', required: false }],
    });
    // A summary is for choosing a scenario: no briefs, no secrets.
    expect(JSON.stringify(list)).not.toMatch(/SECRET/);
  });

  it('serves one scenario by id, and a typed 404 for an unknown one', async () => {
    expect((await fetch(`${server.url}/api/scenarios/mini`)).status).toBe(200);
    const missing = await fetch(`${server.url}/api/scenarios/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'NOT_FOUND', message: expect.any(String) },
    });
  });
});

describe('one scenario: public summary, or the whole of it for those who may know', () => {
  const scenario = (token?: string, id = 'mini') =>
    fetch(`${server.url}/api/scenarios/${id}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const FULL_ONLY = ['brief', 'secret', 'findings', 'hints', 'phases', 'debrief', 'scoring'];

  it('shows anyone only what a player may know before the start', async () => {
    const res = await scenario();
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    const list = (await (await fetch(`${server.url}/api/scenarios`)).json()) as ScenarioSummary[];
    expect(body).toEqual(list.find((s) => s.id === 'mini'));
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/SECRET|cache is empty|Nobody restarted|Hint/i);
    for (const key of FULL_ONLY) expect(text).not.toContain(`"${key}"`);
  });

  it('gives the whole scenario to a facilitator of one of its drills, to players once it ended', async () => {
    const created = await createDrill(server.url);
    const player = await joinDrill(server.url, created.joinCode, 'Pat');
    const spectator = await joinDrill(server.url, created.joinCode, 'Sue', true);

    const whole = await scenario(created.facilitator.token);
    expect(whole.status).toBe(200);
    const full = (await whole.json()) as { id: string; roles: { secret?: string }[] };
    expect(full.id).toBe('mini');
    expect(JSON.stringify(full)).toContain('OPS-ONLY-SECRET');
    for (const key of ['findings', 'hints', 'phases', 'debrief', 'scoring'])
      expect(full).toHaveProperty(key);

    // While the drill is open its players and spectators get a typed refusal, not secrets.
    for (const cred of [player, spectator]) {
      const res = await scenario(cred.token);
      expect(res.status).toBe(403);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({
        error: { code: 'FORBIDDEN', message: expect.any(String) },
      });
      expect(text).not.toContain('SECRET');
    }
    // A token of another scenario's drill, or no valid token at all, earns nothing either.
    const other = await createDrill(server.url, { scenarioId: 'dead-end' });
    const foreign = await scenario(other.facilitator.token);
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const bogus = await scenario('not-a-token');
    expect(bogus.status).toBe(401);
    expect(await bogus.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await scenario(created.facilitator.token, 'nope')).status).toBe(404);

    // Once the drill has ended, its participants may read the whole story (for the replay).
    const fac = await connect(server.url, created.facilitator);
    try {
      expect(await fac.send({ type: 'end', reason: 'done' })).toMatchObject({ ok: true });
    } finally {
      fac.close();
    }
    for (const cred of [player, spectator]) {
      const res = await scenario(cred.token);
      expect(res.status).toBe(200);
      expect(JSON.stringify(await res.json())).toContain('OPS-ONLY-SECRET');
    }
  });
});

describe('health', () => {
  it('answers /healthz and /readyz with 200', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true });
  });
});

describe('metrics', () => {
  it('exposes Prometheus text with the command, store, drill and socket series', async () => {
    const created = await createDrill(server.url);
    const facilitator = await connect(server.url, created.facilitator);
    try {
      expect(await facilitator.send({ type: 'postMessage', text: 'Counting.' })).toMatchObject({
        ok: true,
      });
      expect(await facilitator.send({ type: 'pause' })).toMatchObject({
        ok: false,
        error: { code: 'DRILL_NOT_RUNNING' },
      });
      const res = await fetch(`${server.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await res.text();
      for (const name of [
        'firedrill_commands_total',
        'firedrill_command_latency_seconds',
        'firedrill_store_commit_seconds',
        'firedrill_drills_running',
        'firedrill_sockets_connected',
      ]) {
        expect(text).toContain(`# TYPE ${name} `);
      }
      expect(text).toMatch(/^firedrill_commands_total\{type="postMessage",result="ok"\} [1-9]/m);
      expect(text).toMatch(
        /^firedrill_commands_total\{type="pause",result="DRILL_NOT_RUNNING"\} [1-9]/m,
      );
      expect(text).toMatch(/^firedrill_command_latency_seconds_count [1-9]/m);
      expect(text).toMatch(/^firedrill_store_commit_seconds_count [1-9]/m);
      expect(text).toMatch(/^firedrill_drills_running [1-9]/m);
      expect(text).toMatch(/^firedrill_sockets_connected\{seat="facilitator"\} [1-9]/m);
    } finally {
      facilitator.close();
    }
  });
});

describe('configuration', () => {
  it('names the bad variable when the configuration is invalid', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT="abc"/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ TICK_SECONDS: '0' })).toThrow(/TICK_SECONDS/);
    expect(() => loadConfig({ REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ NODE_ID: 'a b' })).toThrow(/NODE_ID/);
  });

  it('runs several processes only on a shared PostgreSQL', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(
      /REDIS_URL="redis:\/\/127.0.0.1:6379": .*DATABASE_URL/,
    );
    expect(
      loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: 'postgres://h/db' }),
    ).toMatchObject({ LEASE_SECONDS: 5, SHUTDOWN_GRACE_SECONDS: 0 });
  });

  it('fills in defaults for everything left out', () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 3000,
      COMMANDS_PER_SECOND: 20,
      ALLOWED_ORIGINS: [],
      TRUST_PROXY: false,
    });
    expect(
      loadConfig({ ALLOWED_ORIGINS: ' https://a.example , https://b.example ' }).ALLOWED_ORIGINS,
    ).toEqual(['https://a.example', 'https://b.example']);
  });
});

describe('browser origins', () => {
  it('refuses a socket from a foreign origin', async () => {
    const created = await createDrill(server.url);
    const auth = { drillId: created.drillId, token: created.facilitator.token };
    expect(await handshake(server.url, auth, { origin: 'https://evil.example.com' })).not.toBe(
      'connected',
    );
    expect(await handshake(server.url, auth, { origin: 'null' })).not.toBe('connected');
  });

  it('accepts its own origin and the configured ones, and clients that send none', async () => {
    const created = await createDrill(server.url);
    const auth = { drillId: created.drillId, token: created.facilitator.token };
    expect(await handshake(server.url, auth, { origin: ALLOWED })).toBe('connected');
    expect(await handshake(server.url, auth, { origin: 'https://other.example.org' })).toBe(
      'connected',
    );
    expect(await handshake(server.url, auth, { origin: server.url })).toBe('connected');
    expect(await handshake(server.url, auth)).toBe('connected');
  });
});
