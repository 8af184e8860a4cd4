// New embedded data directories are copies of one template made by initdb (see
// server/store/pglite-template.ts). A copy is recognised by its system identifier, which
// initdb draws at random and every copy of one data directory shares.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
import type { EventStore } from '../../server/store/event-store.ts';
import { buildTemplate, templatePath, templateTar } from '../../server/store/pglite-template.ts';

const SLOW = 90_000; // each initdb takes seconds, more on a busy machine

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'firedrill-template-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

let made = 0;
const fresh = () => mkdtemp(join(scratch, `dir-${++made}-`));

/** The system identifier initdb gave a data directory: the first field of pg_control. */
async function systemId(dataDir: string): Promise<bigint> {
  return (await readFile(join(dataDir, 'global', 'pg_control'))).readBigUInt64LE(0);
}

/** Writes a drill with two events and reads them back. */
async function roundTrip(store: EventStore, id: string): Promise<void> {
  await store.createDrill(
    { id, scenarioId: 'mini', scenarioHash: 'h', joinCode: `J${id}`, createdAt: '', endedAt: null },
    {
      type: 'created',
      at: 0,
      drillId: id,
      scenarioId: 'mini',
      scenarioHash: 'h',
      seed: 1,
      solo: false,
    },
    [],
  );
  await store.appendBatch([
    {
      drillId: id,
      fromSeq: 2,
      events: [{ type: 'messagePosted', at: 1, participantId: 'p_1', text: 'hello' }],
      commandId: null,
    },
  ]);
  expect((await store.loadEvents(id)).map((e) => e.seq)).toEqual([1, 2]);
}

describe('new embedded data directories', () => {
  let cache: string;
  beforeAll(async () => {
    cache = await fresh();
  });

  it(
    'opened twice at once with no template yet: both work, copies of the one template made',
    async () => {
      const [a, b] = [await fresh(), await fresh()];
      const stores = await Promise.all([
        openEmbeddedStore(a, { templateCache: cache }),
        openEmbeddedStore(b, { templateCache: cache }),
      ]);
      await roundTrip(stores[0]!, 'd_a');
      await roundTrip(stores[1]!, 'd_b');
      await Promise.all(stores.map((s) => s.close()));

      const template = await systemId(templatePath(cache));
      expect(await systemId(a)).toBe(template);
      expect(await systemId(b)).toBe(template);
      // One template, no second build left behind.
      expect(await readdir(cache)).toEqual([basename(dirname(templatePath(cache)))]);
    },
    SLOW,
  );

  it(
    'from the template: migrated, keeps what is written, reopens, and leaves the template as it was',
    async () => {
      const dir = await fresh();
      let store = await openEmbeddedStore(dir, { templateCache: cache });
      await roundTrip(store, 'd_kept');
      await store.close();
      expect(await systemId(dir)).toBe(await systemId(templatePath(cache)));

      store = await openEmbeddedStore(dir, { templateCache: cache });
      expect((await store.loadEvents('d_kept')).map((e) => e.seq)).toEqual([1, 2]);
      await store.close();

      store = await openEmbeddedStore(await fresh(), { templateCache: cache });
      expect(await store.getDrill('d_kept')).toBeNull();
      await store.close();
    },
    SLOW,
  );

  it(
    'a database in memory starts from the template too, which stays',
    async () => {
      const template = await buildTemplate(cache); // there already unless run alone
      const store = await openEmbeddedStore(null, { templateCache: cache });
      await roundTrip(store, 'd_memory');
      await store.close();
      // A template that would not load is thrown away (next test): this one loaded.
      expect(await readdir(template)).toContain('PG_VERSION');
    },
    SLOW,
  );

  it(
    'a database in memory whose template will not load is made by initdb, and the template thrown away',
    async () => {
      const template = await buildTemplate(cache);
      await writeFile(templateTar(template), 'not a tar');
      const store = await openEmbeddedStore(null, { templateCache: cache });
      await roundTrip(store, 'd_memory_fallback');
      await store.close();
      await expect(readdir(template)).rejects.toThrow();
    },
    SLOW,
  );

  it(
    'a template that will not open is thrown away; the directory is made by initdb, and the next makes a new template',
    async () => {
      const template = await buildTemplate(cache); // there already unless run alone
      const control = join(template, 'global', 'pg_control');
      await writeFile(control, Buffer.alloc((await readFile(control)).length));

      const dir = await fresh();
      let store = await openEmbeddedStore(dir, { templateCache: cache });
      await roundTrip(store, 'd_fallback');
      await store.close();
      expect(await systemId(dir)).not.toBe(0n);
      await expect(readdir(template)).rejects.toThrow();

      const next = await fresh();
      store = await openEmbeddedStore(next, { templateCache: cache });
      await store.close();
      expect(await systemId(next)).toBe(await systemId(template));
      expect(await systemId(next)).not.toBe(await systemId(dir));
    },
    SLOW,
  );

  it(
    'a template that cannot be made: initdb in place',
    async () => {
      const notADirectory = join(scratch, 'a-file');
      await writeFile(notADirectory, '');
      const dir = await fresh();
      const store = await openEmbeddedStore(dir, { templateCache: notADirectory });
      await roundTrip(store, 'd_no_template');
      await store.close();
    },
    SLOW,
  );
});

it(
  'two processes making the template at once both end up with the same one, and nothing left over',
  async () => {
    const cache = await fresh();
    const [first, second] = await Promise.all([buildTemplate(cache), buildTemplate(cache)]);
    expect(second).toBe(first);
    expect(await systemId(first)).not.toBe(0n);
    expect((await readdir(cache)).filter((name) => name.startsWith('.'))).toEqual([]);
  },
  SLOW,
);
