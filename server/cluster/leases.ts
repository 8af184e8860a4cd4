// Drill leases: with several server processes on one PostgreSQL, one process hosts a drill
// at a time (runs its steps, its timers and its bots); the others forward commands to it. A
// lease is a row with an expiry that its holder renews; a process that dies stops renewing,
// and another takes the drill over once the row has expired. The unique (drill, seq) index of
// the event log stays the last guard: a holder paused past its expiry that wakes and appends
// gets a sequence conflict, not a fork.
import pg from 'pg';

export interface Acquired {
  ok: true;
  /**
   * Taken over from a holder that stopped renewing (it died): how long the drill has gone on
   * since its last stored event, counted until now but at most one lease past the dead
   * holder's expiry (the time a follower takes to notice); a drill nobody picked up for
   * longer does not jump ahead by the whole outage. The new host lets that much virtual time
   * pass. Null when nobody held it (created, or released).
   */
  lagMs: number | null;
}

export interface LeaseStore {
  /** Takes (or keeps) a drill's lease unless another process holds a live one. */
  acquire(drillId: string, node: string): Promise<Acquired | { ok: false; holder: string | null }>;
  /**
   * Extends this node's leases; returns the drills whose lease it still holds (an expired
   * lease nobody took is still its own: nobody else can have written).
   */
  renew(node: string, drillIds: readonly string[]): Promise<Set<string>>;
  /** Gives a drill up at once, so another process need not wait for the expiry. */
  release(node: string, drillId: string): Promise<void>;
  /** The live holders of some drills (a drill nobody holds is absent). */
  holders(drillIds: readonly string[]): Promise<Map<string, string>>;
  readonly ttlMs: number;
  close(): Promise<void>;
}

interface AcquireRow {
  taken: string | null;
  prev_holder: string | null;
  prev_live: boolean | null;
  lag_ms: number | string | null;
}

/** Leases in the drill_leases table (created by the store's migrations). */
export function postgresLeases(url: string, ttlMs: number): LeaseStore {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => {});
  const ttl = `now() + ($3::double precision * interval '1 millisecond')`;
  return {
    ttlMs,
    async acquire(drillId, node) {
      // One statement: every part sees the same snapshot, so `prev` is the lease as it was
      // before this statement took it; a concurrent taker waits on the row lock and then
      // sees the lease live and takes nothing.
      const { rows } = await pool.query<AcquireRow>(
        `WITH prev AS (
           SELECT holder, expires_at FROM drill_leases WHERE drill_id = $1
         ), taken AS (
           INSERT INTO drill_leases AS l (drill_id, holder, expires_at) VALUES ($1, $2, ${ttl})
           ON CONFLICT (drill_id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
           WHERE l.expires_at <= now() OR l.holder = EXCLUDED.holder
           RETURNING holder
         )
         SELECT t.holder AS taken, p.holder AS prev_holder, p.expires_at > now() AS prev_live,
           CASE WHEN p.holder IS NOT NULL AND p.holder <> $2 THEN
             GREATEST(0, EXTRACT(EPOCH FROM (LEAST(now(), p.expires_at + $3::double precision * interval '1 millisecond') -
               (SELECT recorded_at FROM events WHERE drill_id = $1 ORDER BY seq DESC LIMIT 1))) * 1000)
           END AS lag_ms
         FROM (SELECT 1) AS one LEFT JOIN taken t ON true LEFT JOIN prev p ON true`,
        [drillId, node, ttlMs],
      );
      const row = rows[0]!;
      if (row.taken === node) {
        const lag = row.lag_ms === null ? null : Number(row.lag_ms);
        return { ok: true, lagMs: lag !== null && Number.isFinite(lag) ? lag : null };
      }
      return { ok: false, holder: row.prev_live ? row.prev_holder : null };
    },
    async renew(node, drillIds) {
      if (drillIds.length === 0) return new Set();
      const { rows } = await pool.query<{ drill_id: string }>(
        `UPDATE drill_leases SET expires_at = ${ttl}
         WHERE holder = $1 AND drill_id = ANY($2) RETURNING drill_id`,
        [node, drillIds, ttlMs],
      );
      return new Set(rows.map((r) => r.drill_id));
    },
    async release(node, drillId) {
      await pool.query(`DELETE FROM drill_leases WHERE drill_id = $1 AND holder = $2`, [
        drillId,
        node,
      ]);
    },
    async holders(drillIds) {
      if (drillIds.length === 0) return new Map();
      const { rows } = await pool.query<{ drill_id: string; holder: string }>(
        `SELECT drill_id, holder FROM drill_leases WHERE drill_id = ANY($1) AND expires_at > now()`,
        [drillIds],
      );
      return new Map(rows.map((r) => [r.drill_id, r.holder]));
    },
    close: () => pool.end(),
  };
}
