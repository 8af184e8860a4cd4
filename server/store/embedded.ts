// The embedded store: PGlite (PostgreSQL compiled to WebAssembly) with its data directory
// on disk. Same SQL as the server store, zero setup. First open runs initdb (seconds).
// PGlite runs in its own worker thread (pglite-worker.js): its work is synchronous
// WebAssembly, and on the server's thread every commit would stall every socket.
import { mkdir } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { cachingCredentials } from './credential-cache.ts';
import type { EventStore } from './event-store.ts';
import { migrate, sqlEventStore, type Sql } from './sql.ts';

type Reply =
  | { id: number; ok: true; rows: unknown[] }
  | { id: number; ok: false; error: { message: string; code?: string } };

export async function openEmbeddedStore(dataDir: string | null): Promise<EventStore> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const worker = new Worker(new URL('./pglite-worker.js', import.meta.url), {
    workerData: { dataDir },
  });
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
    worker.once('exit', (code) =>
      failAll(new Error(`the embedded database stopped (exit ${code})`)),
    );
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
  await migrate(sql);
  // This process is the database's only writer: credentials can be served from memory.
  return cachingCredentials(sqlEventStore(sql, 'embedded'));
}
