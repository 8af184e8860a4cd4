// Drill leases on PostgreSQL: one holder at a time, renewed by its holder, taken over only
// once expired (with how long the dead holder's drill went on), handed over on release.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresLeases } from '../../server/cluster/leases.ts';
import { openPostgresStore } from '../../server/store/postgres.ts';
import { DATABASE_URL, freshSchema } from '../helpers/cluster.ts';

const REQUIRED = process.env.FIREDRILL_REQUIRE_POSTGRES === '1';
const probe = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
probe.on('error', () => {});
const problem = await probe.connect().then(
  () => null,
  (err: Error) => err.message,
);
await probe.end().catch(() => {});
const schema = problem ? null : await freshSchema();
afterAll(async () => {
  await schema?.drop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function drillWithEvent(drillId: string) {
  const store = await openPostgresStore(schema!.url);
  await store.createDrill(
    {
      id: drillId,
      scenarioId: 'mini',
      scenarioHash: 'h',
      joinCode: randomBytes(4).toString('hex'),
      createdAt: '',
      endedAt: null,
    },
    { type: 'created', at: 0, drillId } as never,
    [],
  );
  await store.close();
}

describe.skipIf(problem !== null && !REQUIRED)('drill leases (PostgreSQL)', () => {
  it('has one holder at a time, renewed by it, released at once, taken after expiry', async () => {
    if (problem) throw new Error(`PostgreSQL is required: ${problem}`);
    const leases = postgresLeases(schema!.url, 400);
    const id = `d_${randomBytes(4).toString('hex')}`;
    await drillWithEvent(id);
    try {
      expect(await leases.acquire(id, 'a')).toEqual({ ok: true, lagMs: null });
      // Held: nobody else takes it, and they learn who holds it.
      expect(await leases.acquire(id, 'b')).toEqual({ ok: false, holder: 'a' });
      expect(await leases.holders([id, 'd_none'])).toEqual(new Map([[id, 'a']]));
      // Renewed past its first expiry, it stays a's.
      await sleep(250);
      expect(await leases.renew('a', [id])).toEqual(new Set([id]));
      await sleep(250);
      expect(await leases.acquire(id, 'b')).toMatchObject({ ok: false, holder: 'a' });
      expect(await leases.renew('b', [id])).toEqual(new Set());
      // Released: b takes it at once, with no time to make up (a stopped the clock itself).
      await leases.release('a', id);
      expect(await leases.holders([id])).toEqual(new Map());
      expect(await leases.acquire(id, 'b')).toEqual({ ok: true, lagMs: null });
      // b dies (stops renewing): once expired, c takes it over, and is told how long b's
      // drill went on after its last stored event: until now, at most a lease past b's expiry.
      await sleep(700);
      const taken = await leases.acquire(id, 'c');
      expect(taken.ok).toBe(true);
      const lag = (taken as { lagMs: number | null }).lagMs!;
      expect(lag).toBeGreaterThan(300);
      expect(lag).toBeLessThan(60_000);
      // b wakes up: its renewal finds the lease gone.
      expect(await leases.renew('b', [id])).toEqual(new Set());
    } finally {
      await leases.close();
    }
  });

  it('gives a drill to exactly one of many processes taking it at the same moment', async () => {
    if (problem) throw new Error(`PostgreSQL is required: ${problem}`);
    const id = `d_${randomBytes(4).toString('hex')}`;
    await drillWithEvent(id);
    const many = Array.from({ length: 6 }, () => postgresLeases(schema!.url, 5000));
    try {
      const results = await Promise.all(many.map((l, i) => l.acquire(id, `n${i}`)));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const winner = `n${results.findIndex((r) => r.ok)}`;
      for (const r of results) if (!r.ok) expect([winner, null]).toContain(r.holder);
    } finally {
      await Promise.all(many.map((l) => l.close()));
    }
  });
});
