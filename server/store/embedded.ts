// The embedded store: PGlite (PostgreSQL compiled to WebAssembly) with its data directory
// on disk. Same SQL as the server store, zero setup. A new data directory is a copy of a
// template made once by initdb (pglite-template.ts): initdb in the serving worker would cost
// seconds and leave it holding hundreds of megabytes more for its whole life.
// PGlite runs in its own worker thread (pglite-worker.js): its work is synchronous
// WebAssembly, and on the server's thread every commit would stall every socket.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { cachingCredentials } from './credential-cache.ts';
import type { EventStore } from './event-store.ts';
import {
  copyTemplate,
  defaultTemplateCache,
  discardTemplate,
  templateIn,
  templateTar,
} from './pglite-template.ts';
import { migrate, sqlEventStore, type Sql } from './sql.ts';

type Reply =
  | { id: number; ok: true; rows: unknown[] }
  | { id: number; ok: false; error: { message: string; code?: string } };

export interface EmbeddedOptions {
  /** Where the template for new data directories is kept; null: initdb in each. */
  templateCache?: string | null;
}

/** `dataDir` null: a database in memory, gone when closed. */
export async function openEmbeddedStore(
  dataDir: string | null,
  { templateCache = defaultTemplateCache() }: EmbeddedOptions = {},
): Promise<EventStore> {
  if (!dataDir) {
    return fromTemplate(
      templateCache,
      (template) => openStore({ dataDir: null, loadDataDir: templateTar(template) }),
      () => openStore({ dataDir: null }),
    );
  }
  await mkdir(dataDir, { recursive: true });
  if ((await readdir(dataDir)).length > 0) return openStore({ dataDir });
  return fromTemplate(
    templateCache,
    async (template) => {
      await copyTemplate(template, dataDir);
      return openStore({ dataDir });
    },
    async () => {
      await emptyDirectory(dataDir);
      return openStore({ dataDir });
    },
  );
}

/**
 * A new database made from the template, or by initdb without one. A template that will not
 * copy or open is thrown away, so the next new database makes another.
 */
async function fromTemplate(
  cache: string | null,
  copy: (template: string) => Promise<EventStore>,
  initdb: () => Promise<EventStore>,
): Promise<EventStore> {
  const template = cache ? await templateIn(cache) : null;
  if (!template) return initdb();
  try {
    return await copy(template);
  } catch {
    await discardTemplate(template);
    return initdb();
  }
}

/** Removes what the copy put in `dir`, which was empty before, but not `dir`. */
async function emptyDirectory(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    await rm(join(dir, name), { recursive: true, force: true });
  }
}

/** Starts the database's worker (see pglite-worker.js for `workerData`) and migrates. */
async function openStore(workerData: {
  dataDir: string | null;
  loadDataDir?: string;
}): Promise<EventStore> {
  const worker = new Worker(new URL('./pglite-worker.js', import.meta.url), { workerData });
  const pending = new Map<
    number,
    { resolve: (rows: unknown[]) => void; reject: (err: Error) => void }
  >();
  let nextId = 1;
  let failure: Error | null = null;

  const failAll = (err: Error) => {
    failure = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  await new Promise<void>((ready, broken) => {
    worker.on('message', (msg: Reply | { ready: true }) => {
      if ('ready' in msg) return ready();
      const waiting = pending.get(msg.id);
      if (!waiting) return;
      pending.delete(msg.id);
      if (msg.ok) waiting.resolve(msg.rows);
      else waiting.reject(Object.assign(new Error(msg.error.message), { code: msg.error.code }));
    });
    worker.once('error', (err) => {
      failAll(err);
      broken(err);
    });
    worker.once('exit', (code) => {
      const err = new Error(`the embedded database stopped (exit ${code})`);
      failAll(err);
      broken(err); // if it stopped before it was ready
    });
  });

  const call = (msg: Record<string, unknown>) =>
    new Promise<unknown[]>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...msg, id });
    });
  // The worker holds one open transaction at a time.
  let transactions: Promise<unknown> = Promise.resolve();

  const sql: Sql = {
    query: async (text, params) => ({
      rows: (await call({ kind: 'query', text, params: params ?? [] })) as never[],
    }),
    transaction(fn) {
      const run = async () => {
        await call({ kind: 'begin' });
        try {
          const result = await fn({
            query: async (text, params) => ({
              rows: (await call({ kind: 'tx', text, params: params ?? [] })) as never[],
            }),
          });
          await call({ kind: 'end', commit: true });
          return result;
        } catch (err) {
          await call({ kind: 'end', commit: false }).catch(() => {});
          throw err;
        }
      };
      const result = transactions.then(run, run);
      transactions = result.catch(() => {});
      return result;
    },
    async close() {
      await transactions;
      await call({ kind: 'close' }).catch(() => {});
      await worker.terminate();
    },
  };
  try {
    await migrate(sql);
  } catch (err) {
    await sql.close();
    throw err;
  }
  // This process is the database's only writer: credentials can be served from memory.
  return cachingCredentials(sqlEventStore(sql, 'embedded'));
}
