// The embedded store: PGlite (PostgreSQL compiled to WebAssembly) with its data directory
// on disk. Same SQL as the server store, zero setup. First open runs initdb (seconds).
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { EventStore } from './event-store.ts';
import { migrate, sqlEventStore, type Sql } from './sql.ts';

export async function openEmbeddedStore(dataDir: string | null): Promise<EventStore> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const db = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  const sql: Sql = {
    query: (text, params) => db.query(text, params ?? []) as never,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({ query: (text, params) => tx.query(text, params ?? []) as never }),
      ),
    close: () => db.close(),
  };
  await migrate(sql);
  return sqlEventStore(sql, 'embedded');
}
