// This device's seats, per drill, in localStorage: a closed and reopened page resumes
// with the same seat. A solo practice keeps two credentials: the player's seat and the
// facilitator's, which only drives the clock and hints.
import type { Credential } from '../../shared/protocol.ts';

export interface DrillSeats {
  drillId: string;
  /** The seat this device sits in. */
  primary: Credential;
  /** Solo practice: the facilitator credential, used for clock controls only. */
  control?: Credential;
  /** Known to whoever created the drill; the view does not carry it. */
  joinCode?: string;
  scenarioTitle?: string;
  savedAt: number;
}

const PREFIX = 'firedrill:seats:';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled by the browser
  }
}

function isSeats(v: unknown): v is DrillSeats {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Partial<DrillSeats>;
  return (
    typeof s.drillId === 'string' &&
    typeof s.primary?.token === 'string' &&
    typeof s.primary.seat === 'string'
  );
}

export function saveSeats(seats: Omit<DrillSeats, 'savedAt'>, store = storage()): void {
  store?.setItem(PREFIX + seats.drillId, JSON.stringify({ ...seats, savedAt: Date.now() }));
}

export function loadSeats(drillId: string, store = storage()): DrillSeats | null {
  const raw = store?.getItem(PREFIX + drillId);
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return isSeats(v) && v.drillId === drillId ? v : null;
  } catch {
    return null;
  }
}

export function forgetSeats(drillId: string, store = storage()): void {
  store?.removeItem(PREFIX + drillId);
}

/** Drills this device has a seat in, newest first. */
export function recentSeats(store = storage(), limit = 5): DrillSeats[] {
  if (!store) return [];
  const out: DrillSeats[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (!key?.startsWith(PREFIX)) continue;
    const seats = loadSeats(key.slice(PREFIX.length), store);
    if (seats) out.push(seats);
  }
  return out.sort((a, b) => b.savedAt - a.savedAt).slice(0, limit);
}
