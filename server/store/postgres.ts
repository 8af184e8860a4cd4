// The PostgreSQL store (node-postgres pool), for production and several server processes.
import pg from 'pg';
import type { EventStore } from './event-store.ts';
import { migrate, sqlEventStore, type Sql } from './sql.ts';

export async function openPostgresStore(url: string): Promise<EventStore> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // An idle client's network error must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const sql: Sql = {
    query: (text, params) => pool.query(text, params as unknown[]) as never,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: (text, params) => client.query(text, params as unknown[]) as never,
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
  await migrate(sql);
  return sqlEventStore(sql, 'postgres');
}
