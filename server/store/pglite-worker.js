// The embedded database's own thread: PGlite runs its WebAssembly PostgreSQL here, so a
// commit never blocks the server's event loop. Plain JavaScript so that it loads the same
// way whatever runs the server (tsx, vitest, a build). The protocol (embedded.ts):
//   { id, kind: 'query', text, params }      one statement, outside any transaction
//   { id, kind: 'begin' }                     opens a transaction; until 'end' only
//   { id, kind: 'tx', text, params }          statements of that transaction run
//   { id, kind: 'end', commit }               commits or rolls back
//   { id, kind: 'dump', path }                writes the data directory to `path` as a tar
//   { id, kind: 'close' }
// Every message is answered { id, ok: true, rows } or { id, ok: false, error }.
// workerData: { dataDir } for a database on disk; { dataDir: null, loadDataDir } for one in
// memory that starts as a copy of that tar (pglite-template.ts), else by initdb.
import { Blob } from 'node:buffer';
import { readFile, writeFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const db = workerData.dataDir
  ? await PGlite.create(workerData.dataDir)
  : await PGlite.create(
      workerData.loadDataDir
        ? { loadDataDir: new Blob([await readFile(workerData.loadDataDir)]) }
        : {},
    );
let tx = null; // { query, finish(commit) }

const reply = (id, result) => parentPort.postMessage({ id, ...result });
const failure = (err) => ({
  ok: false,
  error: { message: err instanceof Error ? err.message : String(err), code: err?.code },
});

// A transaction spans several messages: PGlite's callback stays open until 'end' arrives.
function openTransaction() {
  return new Promise((opened, failed) => {
    let finish;
    const done = db
      .transaction(
        (handle) =>
          new Promise((resolve, reject) => {
            finish = (commit) => (commit ? resolve() : reject(ROLLBACK));
            opened({
              query: (text, params) => handle.query(text, params),
              finish: (c) => finish(c),
              done,
            });
          }),
      )
      .catch((err) => {
        if (err !== ROLLBACK) throw err;
      });
    done.catch(failed);
  });
}
const ROLLBACK = new Error('rolled back');

parentPort.on('message', async (msg) => {
  try {
    switch (msg.kind) {
      case 'query':
        return reply(msg.id, { ok: true, rows: (await db.query(msg.text, msg.params)).rows });
      case 'begin':
        tx = await openTransaction();
        return reply(msg.id, { ok: true, rows: [] });
      case 'tx':
        return reply(msg.id, { ok: true, rows: (await tx.query(msg.text, msg.params)).rows });
      case 'end': {
        const current = tx;
        tx = null;
        if (!current) return reply(msg.id, { ok: true, rows: [] });
        current.finish(msg.commit);
        // Answer only once COMMIT (or ROLLBACK) is done: an acknowledged write is durable.
        await current.done;
        return reply(msg.id, { ok: true, rows: [] });
      }
      case 'dump': {
        const tar = await db.dumpDataDir('none');
        await writeFile(msg.path, new Uint8Array(await tar.arrayBuffer()));
        return reply(msg.id, { ok: true, rows: [] });
      }
      case 'close':
        await db.close();
        return reply(msg.id, { ok: true, rows: [] });
    }
  } catch (err) {
    reply(msg.id, failure(err));
  }
});
parentPort.postMessage({ ready: true });
