// The production path: a whole server on PostgreSQL (DATABASE_URL), restarted under a
// running drill, and two servers sharing one database. Skipped with a reason when no PostgreSQL answers, and failing instead when
// FIREDRILL_REQUIRE_POSTGRES=1 (as CI sets it).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Credential } from '../../shared/protocol.ts';
import { createDrill, exportedEvents, joinDrill } from '../helpers/api.ts';
import { connect } from '../helpers/client.ts';
import { bootServer, post, type TestServer } from '../helpers/server.ts';

const URL_ =
  process.env.DATABASE_TEST_URL ??
  process.env.DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const REQUIRED = process.env.FIREDRILL_REQUIRE_POSTGRES === '1';
const schema = `srv_${randomBytes(6).toString('hex')}`;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: URL_, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

const problem = await admin((c) => c.query(`CREATE SCHEMA ${schema}`)).then(
  () => null,
  (err: Error) => err.message || String(err),
);
const databaseUrl = `${URL_}${URL_.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

afterAll(async () => {
  if (!problem) await admin((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
});

describe.skipIf(problem !== null && !REQUIRED)('a server on PostgreSQL', () => {
  it('runs a drill, restarts under it, and resumes it with nothing lost or doubled', async () => {
    if (problem) throw new Error(`PostgreSQL is required but cannot be reached: ${problem}`);
    let server: TestServer = await bootServer({ DATABASE_URL: databaseUrl });
    const { drillId, joinCode, facilitator } = await createDrill(server.url);
    const [ic, ops] = [
      await joinDrill(server.url, joinCode, 'Ines'),
      await joinDrill(server.url, joinCode, 'Omar'),
    ];
    const fac = await connect(server.url, facilitator);
    for (const [cred, role] of [
      [ic, 'ic'],
      [ops, 'ops'],
    ] as const) {
      expect(
        await fac.send({ type: 'assignRole', participantId: cred.participantId!, role }),
      ).toMatchObject({ ok: true });
    }
    expect(await fac.send({ type: 'start' })).toMatchObject({ ok: true });
    const omar = await connect(server.url, ops);
    expect(
      await omar.send({ type: 'takeAction', action: 'ack', params: {} }, 'ack-once-1'),
    ).toMatchObject({ ok: true });
    const before = await exportedEvents(server.url, drillId, facilitator.token);
    fac.close();
    omar.close();
    await server.stop();

    server = await bootServer({ DATABASE_URL: databaseUrl });
    try {
      expect(await exportedEvents(server.url, drillId, facilitator.token)).toEqual(before);
      const again = await connect(server.url, ops);
      expect(again.view().drill.status).toBe('running');
      expect(
        again.view().timeline.some((e) => e.kind === 'action' && e.text.includes('Acknowledge')),
      ).toBe(true);
      // The same command id after the restart is recognised, not applied twice.
      expect(
        await again.send({ type: 'takeAction', action: 'ack', params: {} }, 'ack-once-1'),
      ).toMatchObject({
        ok: true,
        duplicate: true,
      });
      expect(await exportedEvents(server.url, drillId, facilitator.token)).toEqual(before);
      again.close();
    } finally {
      await server.stop();
    }
  });

  it('redeems on one server a seat code another server issued, once, even after the issuer stops', async () => {
    if (problem) throw new Error(`PostgreSQL is required but cannot be reached: ${problem}`);
    const a = await bootServer({ DATABASE_URL: databaseUrl });
    const b = await bootServer({ DATABASE_URL: databaseUrl });
    let aRunning = true;
    try {
      const drill = await createDrill(a.url);
      const omar = await joinDrill(a.url, drill.joinCode, 'Omar');
      const issue = async (server: TestServer) => {
        const res = await fetch(`${server.url}/api/drills/${drill.drillId}/reclaim`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${drill.facilitator.token}`,
          },
          body: JSON.stringify({ participantId: omar.participantId }),
        });
        expect(res.status).toBe(201);
        return ((await res.json()) as { code: string }).code;
      };
      const reclaim = (server: TestServer, code: string) =>
        post<Credential>(server.url, '/api/reclaim', { code });
      // Whether a server knows a token: a player's is refused the whole scenario (403) while
      // the drill runs, an unknown or revoked one is not recognised at all (401).
      const known = async (server: TestServer, token: string) =>
        (await fetch(`${server.url}/api/scenarios/mini?token=${token}`)).status !== 401;

      // Issued on A, redeemed on B: Omar's own seat, and spent on both servers.
      const code = await issue(a);
      const back = await reclaim(b, code);
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({
        drillId: drill.drillId,
        participantId: omar.participantId,
        seat: 'player',
      });
      expect((await reclaim(a, code)).status).toBe(404);
      expect((await reclaim(b, code)).status).toBe(404);
      expect(await known(a, back.body.token)).toBe(true);
      expect(await known(a, omar.token)).toBe(false);
      const again = await connect(b.url, back.body);
      expect(again.view().participants.filter((p) => p.name === 'Omar')).toHaveLength(1);
      again.close();

      // Both servers redeem one code at the same moment: one of them gets the seat.
      const raced = await issue(b);
      const statuses = (await Promise.all([reclaim(a, raced), reclaim(b, raced)])).map(
        (r) => r.status,
      );
      expect(statuses.sort()).toEqual([200, 404]);

      // The issuing process goes away: the code still opens the seat on the other.
      const survivor = await issue(a);
      await a.stop();
      aRunning = false;
      const afterStop = await reclaim(b, survivor);
      expect(afterStop.status).toBe(200);
      expect(afterStop.body.participantId).toBe(omar.participantId);
    } finally {
      await Promise.all([aRunning ? a.stop() : undefined, b.stop()]);
    }
  });
});
