// The event store contract: an append-only log per drill, plus the drill's record, its
// seats' credentials and the seat reclaim codes waiting to be redeemed. Two implementations share one SQL dialect (PostgreSQL): an embedded
// PGlite database (zero setup) and a PostgreSQL server; a third keeps it in memory for unit
// tests. One contract suite tests all three.
import type { DrillEvent } from '../../shared/index.ts';

export interface DrillRecord {
  id: string;
  scenarioId: string;
  scenarioHash: string;
  joinCode: string;
  createdAt: string;
  endedAt: string | null;
}

export interface CredentialRecord {
  tokenHash: string;
  drillId: string;
  participantId: string | null;
  /** 'room': a read-only screen for the meeting room (see shared/engine/room-view.ts). */
  seat: 'facilitator' | 'player' | 'spectator' | 'room';
}

export interface StoredEvent {
  seq: number;
  event: DrillEvent;
  commandId: string | null;
}

/** One drill's events to append atomically; `seq` of the first is `fromSeq`. */
export interface AppendRequest {
  drillId: string;
  fromSeq: number;
  events: DrillEvent[];
  commandId: string | null;
  /** Marks the drill ended in the same transaction. */
  ended?: boolean;
}

/** A seat reclaim code, as stored: only its hash, like a credential's token. */
export interface ReclaimCodeRecord {
  codeHash: string;
  drillId: string;
  participantId: string;
}

export class SeqConflictError extends Error {
  constructor(drillId: string) {
    super(`sequence conflict on drill ${drillId}: another writer appended first`);
  }
}

export interface EventStore {
  readonly kind: 'embedded' | 'postgres' | 'memory';
  /** Several drills' appends in one transaction: the unit of group commit. */
  appendBatch(batch: readonly AppendRequest[]): Promise<void>;
  createDrill(
    drill: DrillRecord,
    created: DrillEvent,
    credentials: CredentialRecord[],
  ): Promise<void>;
  addCredential(cred: CredentialRecord): Promise<void>;
  /**
   * A participant's new credential, in one transaction with revoking every other credential
   * of that participant: a seat taken back on a new device is no longer open on the old one.
   */
  replaceCredentials(cred: CredentialRecord & { participantId: string }): Promise<void>;
  findCredential(tokenHash: string): Promise<CredentialRecord | null>;
  /**
   * Stores a seat reclaim code that expires `seconds` from now (the store's clock). It
   * replaces any earlier code for the same seat. A hash another seat's code already has is a
   * unique violation (code '23505'): the caller mints another code.
   */
  storeReclaimCode(code: ReclaimCodeRecord, seconds: number): Promise<void>;
  /**
   * The seat a reclaim code opens, at most once: the code is spent in the same atomic step,
   * so of two concurrent redeems (on any processes) only one gets the seat. Null for an
   * unknown, spent or expired code.
   */
  redeemReclaimCode(codeHash: string): Promise<Omit<ReclaimCodeRecord, 'codeHash'> | null>;
  findDrillByJoinCode(code: string): Promise<DrillRecord | null>;
  getDrill(id: string): Promise<DrillRecord | null>;
  loadEvents(drillId: string): Promise<StoredEvent[]>;
  listUnfinished(): Promise<DrillRecord[]>;
  close(): Promise<void>;
}
