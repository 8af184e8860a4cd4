// The production path: a whole server on PostgreSQL (DATABASE_URL), restarted under a
// running drill. Skipped with a reason when no PostgreSQL answers, and failing instead when
// FIREDRILL_REQUIRE_POSTGRES=1 (as CI sets it).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createDrill, exportedEvents, joinDrill } from '../helpers/api.ts';
import { connect } from '../helpers/client.ts';
import { bootServer, type TestServer } from '../helpers/server.ts';

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
});
