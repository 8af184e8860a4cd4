// The SQL behind both stores. `Sql` is the smallest surface both drivers offer:
// parameterised queries and a transaction.
import type { DrillEvent } from '../../shared/index.ts';
import {
  SeqConflictError,
  type AppendRequest,
  type CredentialRecord,
  type DrillRecord,
  type EventStore,
  type StoredEvent,
} from './event-store.ts';

export interface Sql {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  transaction<T>(fn: (tx: Pick<Sql, 'query'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Ordered migrations; each runs once, recorded in firedrill_migrations. */
export const MIGRATIONS: string[] = [
  `CREATE TABLE drills (
     id text PRIMARY KEY,
     scenario_id text NOT NULL,
     scenario_hash text NOT NULL,
     join_code text NOT NULL UNIQUE,
     created_at timestamptz NOT NULL DEFAULT now(),
     ended_at timestamptz
   );
   CREATE TABLE events (
     drill_id text NOT NULL REFERENCES drills(id),
     seq integer NOT NULL,
     type text NOT NULL,
     body jsonb NOT NULL,
     command_id text,
     recorded_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (drill_id, seq)
   );
   CREATE UNIQUE INDEX events_command ON events (drill_id, command_id) WHERE command_id IS NOT NULL;
   CREATE TABLE credentials (
     token_hash text PRIMARY KEY,
     drill_id text NOT NULL REFERENCES drills(id),
     participant_id text,
     seat text NOT NULL
   );
   CREATE INDEX drills_unfinished ON drills (created_at) WHERE ended_at IS NULL;`,
  // Several processes: which one hosts each drill, until when (server/cluster/leases.ts).
  `CREATE TABLE drill_leases (
     drill_id text PRIMARY KEY REFERENCES drills(id),
     holder text NOT NULL,
     expires_at timestamptz NOT NULL
   );
   CREATE INDEX drill_leases_holder ON drill_leases (holder);`,
  // Seat reclaim codes, shared by every server process: issued on one, redeemed on another.
  // One code per seat; expiry is the database's clock.
  `CREATE TABLE reclaim_codes (
     code_hash text PRIMARY KEY,
     drill_id text NOT NULL REFERENCES drills(id),
     participant_id text NOT NULL,
     expires_at timestamptz NOT NULL,
     UNIQUE (drill_id, participant_id)
   );
   CREATE INDEX reclaim_codes_expiry ON reclaim_codes (expires_at);`,
];

export async function migrate(sql: Sql): Promise<void> {
  // One migrator at a time across processes. The lock comes first: even CREATE TABLE IF NOT
  // EXISTS fails when two servers run it at the same moment on a fresh database.
  await sql.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('firedrill_migrations'))`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS firedrill_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await tx.query<{ version: number }>(
      `SELECT version FROM firedrill_migrations`,
    );
    const done = new Set(rows.map((r) => Number(r.version)));
    for (let v = 1; v <= MIGRATIONS.length; v++) {
      if (done.has(v)) continue;
      for (const statement of MIGRATIONS[v - 1]!.split(';')
        .map((s) => s.trim())
        .filter(Boolean)) {
        await tx.query(statement);
      }
      await tx.query(`INSERT INTO firedrill_migrations (version) VALUES ($1)`, [v]);
    }
  });
}

interface DrillRow {
  id: string;
  scenario_id: string;
  scenario_hash: string;
  join_code: string;
  created_at: string | Date;
  ended_at: string | Date | null;
}
const iso = (d: string | Date | null) => (d === null ? null : new Date(d).toISOString());
const toDrill = (r: DrillRow): DrillRecord => ({
  id: r.id,
  scenarioId: r.scenario_id,
  scenarioHash: r.scenario_hash,
  joinCode: r.join_code,
  createdAt: iso(r.created_at)!,
  endedAt: iso(r.ended_at),
});

export function sqlEventStore(sql: Sql, kind: EventStore['kind']): EventStore {
  return {
    kind,
    async appendBatch(batch: readonly AppendRequest[]) {
      if (batch.length === 0) return;
      const values: string[] = [];
      const params: unknown[] = [];
      for (const req of batch) {
        req.events.forEach((e, i) => {
          const n = params.length;
          values.push(`($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5})`);
          // The command id sits on the last event of a command's group.
          params.push(
            req.drillId,
            req.fromSeq + i,
            e.type,
            JSON.stringify(e),
            i === req.events.length - 1 ? req.commandId : null,
          );
        });
      }
      const ended = batch.filter((r) => r.ended).map((r) => r.drillId);
      if (values.length === 0 && ended.length === 0) return;
      const insert = `INSERT INTO events (drill_id, seq, type, body, command_id) VALUES ${values.join(', ')}`;
      try {
        if (ended.length === 0) {
          // One statement is atomic by itself: no BEGIN/COMMIT round trips.
          await sql.query(insert, params);
        } else {
          await sql.transaction(async (tx) => {
            if (values.length) await tx.query(insert, params);
            await tx.query(`UPDATE drills SET ended_at = now() WHERE id = ANY($1)`, [ended]);
          });
        }
      } catch (err) {
        if ((err as { code?: string }).code === '23505')
          throw new SeqConflictError(batch.map((b) => b.drillId).join(','));
        throw err;
      }
    },
    async createDrill(drill, created, credentials) {
      await sql.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO drills (id, scenario_id, scenario_hash, join_code) VALUES ($1, $2, $3, $4)`,
          [drill.id, drill.scenarioId, drill.scenarioHash, drill.joinCode],
        );
        await tx.query(`INSERT INTO events (drill_id, seq, type, body) VALUES ($1, 1, $2, $3)`, [
          drill.id,
          created.type,
          JSON.stringify(created),
        ]);
        for (const c of credentials) {
          await tx.query(
            `INSERT INTO credentials (token_hash, drill_id, participant_id, seat) VALUES ($1, $2, $3, $4)`,
            [c.tokenHash, c.drillId, c.participantId, c.seat],
          );
        }
      });
    },
    async addCredential(c) {
      await sql.query(
        `INSERT INTO credentials (token_hash, drill_id, participant_id, seat) VALUES ($1, $2, $3, $4)`,
        [c.tokenHash, c.drillId, c.participantId, c.seat],
      );
    },
    async replaceCredentials(c) {
      await sql.transaction(async (tx) => {
        await tx.query(`DELETE FROM credentials WHERE drill_id = $1 AND participant_id = $2`, [
          c.drillId,
          c.participantId,
        ]);
        await tx.query(
          `INSERT INTO credentials (token_hash, drill_id, participant_id, seat) VALUES ($1, $2, $3, $4)`,
          [c.tokenHash, c.drillId, c.participantId, c.seat],
        );
      });
    },
    async findCredential(tokenHash) {
      const { rows } = await sql.query<{
        token_hash: string;
        drill_id: string;
        participant_id: string | null;
        seat: CredentialRecord['seat'];
      }>(
        `SELECT token_hash, drill_id, participant_id, seat FROM credentials WHERE token_hash = $1`,
        [tokenHash],
      );
      const r = rows[0];
      return r
        ? {
            tokenHash: r.token_hash,
            drillId: r.drill_id,
            participantId: r.participant_id,
            seat: r.seat,
          }
        : null;
    },
    async storeReclaimCode(c, seconds) {
      // Expired codes go first: their hashes are free again. Then one statement replaces the
      // seat's earlier code, so two processes issuing for one seat leave one code.
      await sql.query(`DELETE FROM reclaim_codes WHERE expires_at <= now()`);
      await sql.query(
        `INSERT INTO reclaim_codes (code_hash, drill_id, participant_id, expires_at)
         VALUES ($1, $2, $3, now() + $4::double precision * interval '1 second')
         ON CONFLICT (drill_id, participant_id)
         DO UPDATE SET code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at`,
        [c.codeHash, c.drillId, c.participantId, seconds],
      );
    },
    async redeemReclaimCode(codeHash) {
      // One DELETE: of two concurrent redeems, the second finds the row gone. An expired
      // code is spent too, and opens nothing.
      const { rows } = await sql.query<{ drill_id: string; participant_id: string; live: boolean }>(
        `DELETE FROM reclaim_codes WHERE code_hash = $1
         RETURNING drill_id, participant_id, expires_at > now() AS live`,
        [codeHash],
      );
      const r = rows[0];
      return r?.live ? { drillId: r.drill_id, participantId: r.participant_id } : null;
    },
    async findDrillByJoinCode(code) {
      const { rows } = await sql.query<DrillRow>(`SELECT * FROM drills WHERE join_code = $1`, [
        code,
      ]);
      return rows[0] ? toDrill(rows[0]) : null;
    },
    async getDrill(id) {
      const { rows } = await sql.query<DrillRow>(`SELECT * FROM drills WHERE id = $1`, [id]);
      return rows[0] ? toDrill(rows[0]) : null;
    },
    async loadEvents(drillId) {
      const { rows } = await sql.query<{
        seq: number;
        body: DrillEvent | string;
        command_id: string | null;
      }>(`SELECT seq, body, command_id FROM events WHERE drill_id = $1 ORDER BY seq`, [drillId]);
      return rows.map((r): StoredEvent => ({
        seq: Number(r.seq),
        event: typeof r.body === 'string' ? (JSON.parse(r.body) as DrillEvent) : r.body,
        commandId: r.command_id,
      }));
    },
    async listUnfinished() {
      const { rows } = await sql.query<DrillRow>(
        `SELECT * FROM drills WHERE ended_at IS NULL ORDER BY created_at`,
      );
      return rows.map(toDrill);
    },
    close: () => sql.close(),
  };
}
