// One contract, every event store: in memory, embedded (PGlite) and PostgreSQL pass the same
// suite. PostgreSQL runs in a schema of its own, dropped afterwards, so runs never meet.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../server/ports.ts';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
import { openMemoryStore } from '../../server/store/memory.ts';
import {
  SeqConflictError,
  type DrillRecord,
  type EventStore,
} from '../../server/store/event-store.ts';
import { openPostgresStore } from '../../server/store/postgres.ts';
import type { DrillEvent } from '../../shared/index.ts';

/** Where a contract suite keeps its data. */
interface StoreTarget {
  /** Opens a migrated store on the target's database. */
  open(): Promise<EventStore>;
  dispose(): Promise<void>;
  /** Lets `ms` pass on the store's clock: turned by hand in memory, waited out in a database. */
  elapse(ms: number): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** A real database's clock is real time. */
const realTime = { elapse: sleep };

/** A clock turned by hand, for the in-memory store. */
function handClock(): Pick<Clock, 'now'> & Pick<StoreTarget, 'elapse'> {
  let now = Date.parse('2030-01-01T00:00:00Z');
  return {
    now: () => now,
    elapse: async (ms) => {
      now += ms;
    },
  };
}

let drills = 0;
const created = (drillId: string): DrillEvent => ({
  type: 'created',
  at: 0,
  drillId,
  scenarioId: 'mini',
  scenarioHash: 'hash',
  seed: 1,
  solo: false,
});
const said = (at: number, text: string): DrillEvent => ({
  type: 'messagePosted',
  at,
  participantId: 'p_1',
  text,
});

/** A drill record with a unique id and join code, and its `created` event. */
function newDrill(): { record: DrillRecord; created: DrillEvent } {
  const id = `d_${randomBytes(6).toString('hex')}_${++drills}`;
  const record = {
    id,
    scenarioId: 'mini',
    scenarioHash: 'hash',
    joinCode: `J${randomBytes(5).toString('hex').toUpperCase()}`,
    createdAt: '',
    endedAt: null,
  };
  return { record, created: created(id) };
}

function eventStoreContract(name: string, makeTarget: () => Promise<StoreTarget>) {
  describe(`the ${name} event store`, () => {
    let target: StoreTarget;
    let store: EventStore;
    const drill = async () => {
      const d = newDrill();
      await store.createDrill(d.record, d.created, []);
      return d.record.id;
    };

    beforeAll(async () => {
      target = await makeTarget();
      store = await target.open();
    });
    afterAll(async () => {
      await store?.close();
      await target?.dispose();
    });

    it('starts a drill with its created event and loads events in sequence order', async () => {
      const d = newDrill();
      await store.createDrill(d.record, d.created, []);
      await store.appendBatch([
        {
          drillId: d.record.id,
          fromSeq: 2,
          events: [said(1, 'one'), said(2, 'two')],
          commandId: null,
        },
      ]);
      await store.appendBatch([
        { drillId: d.record.id, fromSeq: 4, events: [said(3, 'three')], commandId: 'c-3' },
      ]);
      const loaded = await store.loadEvents(d.record.id);
      expect(loaded.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(loaded.map((e) => e.event)).toEqual([
        d.created,
        said(1, 'one'),
        said(2, 'two'),
        said(3, 'three'),
      ]);
      expect(await store.getDrill(d.record.id)).toMatchObject({
        id: d.record.id,
        scenarioId: 'mini',
        joinCode: d.record.joinCode,
        endedAt: null,
      });
      expect(await store.loadEvents('d_nobody')).toEqual([]);
      expect(await store.getDrill('d_nobody')).toBeNull();
    });

    it('puts a command id on the last event of its group, where a restarted host looks for it', async () => {
      const id = await drill();
      await store.appendBatch([
        { drillId: id, fromSeq: 2, events: [said(1, 'a'), said(1, 'b')], commandId: 'cmd-1' },
      ]);
      const loaded = await store.loadEvents(id);
      expect(loaded.map((e) => e.commandId)).toEqual([null, null, 'cmd-1']);
    });

    it('appends to several drills in one call', async () => {
      const [a, b] = [await drill(), await drill()];
      await store.appendBatch([
        { drillId: a, fromSeq: 2, events: [said(1, 'to a')], commandId: 'x' },
        {
          drillId: b,
          fromSeq: 2,
          events: [said(1, 'to b'), said(2, 'to b again')],
          commandId: 'x',
        },
      ]);
      expect((await store.loadEvents(a)).map((e) => e.event)).toEqual([
        created(a),
        said(1, 'to a'),
      ]);
      expect((await store.loadEvents(b)).map((e) => e.event)).toEqual([
        created(b),
        said(1, 'to b'),
        said(2, 'to b again'),
      ]);
    });

    it('refuses a duplicate (drill, seq) with SeqConflictError and writes nothing of that batch', async () => {
      const [a, b] = [await drill(), await drill()];
      await store.appendBatch([
        { drillId: b, fromSeq: 2, events: [said(1, 'first writer')], commandId: null },
      ]);
      const batch = store.appendBatch([
        {
          drillId: a,
          fromSeq: 2,
          events: [said(1, 'innocent'), said(2, 'bystander')],
          commandId: 'c-a',
          ended: true,
        },
        { drillId: b, fromSeq: 2, events: [said(1, 'second writer')], commandId: null },
      ]);
      await expect(batch).rejects.toBeInstanceOf(SeqConflictError);
      expect(await store.loadEvents(a)).toHaveLength(1);
      expect((await store.loadEvents(b)).map((e) => e.event)).toEqual([
        created(b),
        said(1, 'first writer'),
      ]);
      // The `ended` mark rode in the same transaction: rolled back with it.
      expect((await store.getDrill(a))?.endedAt).toBeNull();
    });

    it('refuses a command id a drill has already recorded, but not the same id in another drill', async () => {
      const [a, b] = [await drill(), await drill()];
      await store.appendBatch([
        { drillId: a, fromSeq: 2, events: [said(1, 'once')], commandId: 'same-id' },
      ]);
      await expect(
        store.appendBatch([
          { drillId: a, fromSeq: 3, events: [said(2, 'twice')], commandId: 'same-id' },
        ]),
      ).rejects.toBeInstanceOf(SeqConflictError);
      expect(await store.loadEvents(a)).toHaveLength(2);
      await store.appendBatch([
        { drillId: b, fromSeq: 2, events: [said(1, 'elsewhere')], commandId: 'same-id' },
      ]);
      expect(await store.loadEvents(b)).toHaveLength(2);
    });

    it('takes ended drills off the unfinished list', async () => {
      const [running, ended, endedBySilence] = [await drill(), await drill(), await drill()];
      await store.appendBatch([
        {
          drillId: ended,
          fromSeq: 2,
          events: [{ type: 'ended', at: 5, reason: 'done' }],
          commandId: null,
          ended: true,
        },
        // A drill that ends by itself is marked with an empty append.
        { drillId: endedBySilence, fromSeq: 2, events: [], commandId: null, ended: true },
      ]);
      const unfinished = (await store.listUnfinished()).map((d) => d.id);
      expect(unfinished).toContain(running);
      expect(unfinished).not.toContain(ended);
      expect(unfinished).not.toContain(endedBySilence);
      expect((await store.getDrill(ended))?.endedAt).toEqual(expect.any(String));
      expect(new Date((await store.getDrill(ended))!.endedAt!).getTime()).not.toBeNaN();
    });

    it('finds credentials by token hash and drills by join code', async () => {
      const d = newDrill();
      const facilitator = {
        tokenHash: `h-${d.record.id}-f`,
        drillId: d.record.id,
        participantId: null,
        seat: 'facilitator' as const,
      };
      await store.createDrill(d.record, d.created, [facilitator]);
      const player = {
        tokenHash: `h-${d.record.id}-p`,
        drillId: d.record.id,
        participantId: 'p_9',
        seat: 'player' as const,
      };
      await store.addCredential(player);
      expect(await store.findCredential(facilitator.tokenHash)).toEqual(facilitator);
      expect(await store.findCredential(player.tokenHash)).toEqual(player);
      expect(await store.findCredential('h-unknown')).toBeNull();
      expect(await store.findDrillByJoinCode(d.record.joinCode)).toMatchObject({ id: d.record.id });
      expect(await store.findDrillByJoinCode('NOSUCHCODE')).toBeNull();
    });

    it("replaces a participant's credentials with a new one, and only theirs", async () => {
      const d = newDrill();
      const cred = (hash: string, participantId: string) => ({
        tokenHash: `h-${d.record.id}-${hash}`,
        drillId: d.record.id,
        participantId,
        seat: 'player' as const,
      });
      await store.createDrill(d.record, d.created, []);
      const [old1, old2, other] = [cred('a', 'p_1'), cred('b', 'p_1'), cred('c', 'p_2')];
      for (const c of [old1, old2, other]) await store.addCredential(c);
      const fresh = cred('d', 'p_1');
      await store.replaceCredentials(fresh);
      expect(await store.findCredential(old1.tokenHash)).toBeNull();
      expect(await store.findCredential(old2.tokenHash)).toBeNull();
      expect(await store.findCredential(fresh.tokenHash)).toEqual(fresh);
      expect(await store.findCredential(other.tokenHash)).toEqual(other);
    });

    describe('seat reclaim codes', () => {
      const code = (drillId: string, participantId: string, tag: string) => ({
        codeHash: `r-${drillId}-${tag}`,
        drillId,
        participantId,
      });

      it('opens its seat once, and an unknown code opens nothing', async () => {
        const [a, b] = [await drill(), await drill()];
        const [forA, forB] = [code(a, 'p_1', 'x'), code(b, 'p_1', 'x')];
        await store.storeReclaimCode(forA, 600);
        await store.storeReclaimCode(forB, 600);
        expect(await store.redeemReclaimCode(forB.codeHash)).toEqual({
          drillId: b,
          participantId: 'p_1',
        });
        expect(await store.redeemReclaimCode(forB.codeHash)).toBeNull();
        expect(await store.redeemReclaimCode('r-unknown')).toBeNull();
        // Spending one code leaves the other drill's alone.
        expect(await store.redeemReclaimCode(forA.codeHash)).toEqual({
          drillId: a,
          participantId: 'p_1',
        });
        expect(await store.redeemReclaimCode(forA.codeHash)).toBeNull();
      });

      it("replaces a seat's earlier code, and only that seat's", async () => {
        const id = await drill();
        const [older, newer, other] = [
          code(id, 'p_1', 'old'),
          code(id, 'p_1', 'new'),
          code(id, 'p_2', 'other'),
        ];
        for (const c of [older, other, newer]) await store.storeReclaimCode(c, 600);
        expect(await store.redeemReclaimCode(older.codeHash)).toBeNull();
        expect(await store.redeemReclaimCode(newer.codeHash)).toMatchObject({
          participantId: 'p_1',
        });
        expect(await store.redeemReclaimCode(other.codeHash)).toMatchObject({
          participantId: 'p_2',
        });
      });

      it('opens nothing once expired, and frees the expired hash', async () => {
        const id = await drill();
        const [early, late, lasting] = [
          code(id, 'p_1', 'early'),
          code(id, 'p_2', 'late'),
          code(id, 'p_3', 'lasting'),
        ];
        await store.storeReclaimCode(early, 1);
        await store.storeReclaimCode(late, 1);
        await store.storeReclaimCode(lasting, 600);
        expect(await store.redeemReclaimCode(early.codeHash)).toMatchObject({
          participantId: 'p_1',
        });
        await target.elapse(1100);
        expect(await store.redeemReclaimCode(late.codeHash)).toBeNull();
        expect(await store.redeemReclaimCode(lasting.codeHash)).toMatchObject({
          participantId: 'p_3',
        });

        // An expired code no longer holds its hash against another seat.
        const expiring = code(id, 'p_4', 'reused');
        await store.storeReclaimCode(expiring, 1);
        await target.elapse(1100);
        await store.storeReclaimCode({ ...expiring, participantId: 'p_5' }, 600);
        expect(await store.redeemReclaimCode(expiring.codeHash)).toMatchObject({
          participantId: 'p_5',
        });
      });

      it("refuses a hash another seat's live code has, and keeps that code", async () => {
        const id = await drill();
        const first = code(id, 'p_1', 'same');
        await store.storeReclaimCode(first, 600);
        await expect(
          store.storeReclaimCode({ ...first, participantId: 'p_2' }, 600),
        ).rejects.toMatchObject({ code: '23505' });
        expect(await store.redeemReclaimCode(first.codeHash)).toMatchObject({
          participantId: 'p_1',
        });
      });

      it('gives the seat to one of several concurrent redeems', async () => {
        const id = await drill();
        for (let round = 0; round < 5; round++) {
          const c = code(id, 'p_1', `race-${round}`);
          await store.storeReclaimCode(c, 600);
          const results = await Promise.all(
            Array.from({ length: 6 }, () => store.redeemReclaimCode(c.codeHash)),
          );
          expect(results.filter((r) => r !== null)).toEqual([
            { drillId: id, participantId: 'p_1' },
          ]);
        }
      });
    });

    it('refuses a second drill with a join code already in use', async () => {
      const first = newDrill();
      await store.createDrill(first.record, first.created, []);
      const second = newDrill();
      const clash = store.createDrill(
        { ...second.record, joinCode: first.record.joinCode },
        second.created,
        [],
      );
      // The registry retries with a new code on a unique violation.
      await expect(clash).rejects.toMatchObject({ code: '23505' });
      expect(await store.getDrill(second.record.id)).toBeNull();
    });
  });
}

/** For stores that outlive their process: `target.open()` reaches the same data each time. */
function durableStoreContract(name: string, makeTarget: () => Promise<StoreTarget>) {
  describe(`the ${name} event store, reopened`, () => {
    it('migrates once: opening the database again keeps every drill', async () => {
      const target = await makeTarget();
      try {
        const d = newDrill();
        const first = await target.open();
        await first.createDrill(d.record, d.created, [
          {
            tokenHash: `h-${d.record.id}`,
            drillId: d.record.id,
            participantId: null,
            seat: 'facilitator',
          },
        ]);
        await first.appendBatch([
          { drillId: d.record.id, fromSeq: 2, events: [said(1, 'before')], commandId: 'c-1' },
        ]);
        const reclaim = {
          codeHash: `r-${d.record.id}`,
          drillId: d.record.id,
          participantId: 'p_1',
        };
        await first.storeReclaimCode(reclaim, 600);
        await first.close();

        const second = await target.open();
        try {
          expect((await second.loadEvents(d.record.id)).map((e) => e.event)).toEqual([
            d.created,
            said(1, 'before'),
          ]);
          expect(await second.findCredential(`h-${d.record.id}`)).toMatchObject({
            drillId: d.record.id,
          });
          expect((await second.listUnfinished()).map((r) => r.id)).toContain(d.record.id);
          // A seat reclaim code outlives the process that issued it.
          expect(await second.redeemReclaimCode(reclaim.codeHash)).toEqual({
            drillId: d.record.id,
            participantId: 'p_1',
          });
          await second.appendBatch([
            { drillId: d.record.id, fromSeq: 3, events: [said(2, 'after')], commandId: null },
          ]);
          await expect(
            second.appendBatch([
              { drillId: d.record.id, fromSeq: 4, events: [said(3, 'retry')], commandId: 'c-1' },
            ]),
          ).rejects.toBeInstanceOf(SeqConflictError);
          expect(await second.loadEvents(d.record.id)).toHaveLength(3);
        } finally {
          await second.close();
        }
      } finally {
        await target.dispose();
      }
    });
  });
}

// ------------------------------------------------------------------ the in-memory store
eventStoreContract('in-memory', async () => {
  const clock = handClock();
  return { open: async () => openMemoryStore(clock), dispose: async () => {}, ...clock };
});

// ------------------------------------------------------------------ the embedded store
eventStoreContract('embedded', async () => ({
  open: () => openEmbeddedStore(null),
  dispose: async () => {},
  ...realTime,
}));

durableStoreContract('embedded', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'firedrill-store-'));
  return {
    open: () => openEmbeddedStore(dir),
    dispose: () => rm(dir, { recursive: true, force: true }),
    ...realTime,
  };
});

// ------------------------------------------------------------------ PostgreSQL
const POSTGRES_URL =
  process.env.DATABASE_TEST_URL ??
  process.env.DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const REQUIRED = process.env.FIREDRILL_REQUIRE_POSTGRES === '1';

/** Null when PostgreSQL answers, else why it does not. */
async function postgresProblem(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return (err as Error).message || String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

/** The URL with a search_path, so every table the store creates lands in `schema`. */
const inSchema = (url: string, schema: string) =>
  `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const unreachable = await postgresProblem();
const shownUrl = POSTGRES_URL.replace(/\/\/[^@/]*@/, '//***@');

if (unreachable && REQUIRED) {
  describe('the postgres event store', () => {
    it('needs PostgreSQL (FIREDRILL_REQUIRE_POSTGRES=1)', () => {
      throw new Error(
        `PostgreSQL is required but cannot be reached at ${shownUrl}: ${unreachable}`,
      );
    });
  });
} else if (unreachable) {
  const reason = `PostgreSQL cannot be reached at ${shownUrl} (${unreachable}); set DATABASE_TEST_URL, or FIREDRILL_REQUIRE_POSTGRES=1 to fail instead`;
  console.warn(`Skipping the PostgreSQL event store contract: ${reason}`);
  describe.skip(`the postgres event store: skipped, ${reason}`, () => {
    it('runs the contract', () => {});
  });
} else {
  const schemas: string[] = [];
  const freshSchema = async () => {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    await withAdmin((c) => c.query(`CREATE SCHEMA ${schema}`));
    schemas.push(schema);
    return schema;
  };
  afterAll(async () => {
    await withAdmin(async (c) => {
      for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    });
  });

  const postgresTarget = async (): Promise<StoreTarget> => {
    const url = inSchema(POSTGRES_URL, await freshSchema());
    return { open: () => openPostgresStore(url), dispose: async () => {}, ...realTime };
  };
  eventStoreContract('postgres', postgresTarget);
  durableStoreContract('postgres', postgresTarget);

  describe('the postgres event store with several servers', () => {
    it('migrates once when two servers open the same database at the same moment', async () => {
      const url = inSchema(POSTGRES_URL, await freshSchema());
      const [a, b] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
      try {
        const d = newDrill();
        await a.createDrill(d.record, d.created, []);
        expect(await b.loadEvents(d.record.id)).toHaveLength(1);
        expect(b.kind).toBe('postgres');
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('redeems on one server a reclaim code another issued, once, even when both race', async () => {
      const url = inSchema(POSTGRES_URL, await freshSchema());
      const [a, b] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
      try {
        const d = newDrill();
        await a.createDrill(d.record, d.created, []);
        const seat = { drillId: d.record.id, participantId: 'p_1' };
        await a.storeReclaimCode({ ...seat, codeHash: 'r-across' }, 600);
        expect(await b.redeemReclaimCode('r-across')).toEqual(seat);
        expect(await a.redeemReclaimCode('r-across')).toBeNull();
        for (let round = 0; round < 5; round++) {
          const codeHash = `r-race-${round}`;
          await a.storeReclaimCode({ ...seat, codeHash }, 600);
          const results = await Promise.all(
            [a, b, a, b].map((store) => store.redeemReclaimCode(codeHash)),
          );
          expect(results.filter((r) => r !== null)).toEqual([seat]);
        }
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('lets only one of two servers append the same sequence number', async () => {
      const url = inSchema(POSTGRES_URL, await freshSchema());
      const [a, b] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
      try {
        const d = newDrill();
        await a.createDrill(d.record, d.created, []);
        const results = await Promise.allSettled([
          a.appendBatch([
            { drillId: d.record.id, fromSeq: 2, events: [said(1, 'from a')], commandId: null },
          ]),
          b.appendBatch([
            { drillId: d.record.id, fromSeq: 2, events: [said(1, 'from b')], commandId: null },
          ]),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(refused.reason).toBeInstanceOf(SeqConflictError);
        expect(await a.loadEvents(d.record.id)).toHaveLength(2);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });
  });
}
