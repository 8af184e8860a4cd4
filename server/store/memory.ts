// The in-memory event store: the same contract as the SQL stores (one suite tests all of
// them), kept in maps. For unit tests of the host and the registry, which then run without a
// database; nothing survives the process, so the server never chooses it by itself.
import type { DrillEvent } from '../../shared/index.ts';
import { systemClock, type Clock } from '../ports.ts';
import {
  SeqConflictError,
  type CredentialRecord,
  type DrillRecord,
  type EventStore,
  type ReclaimCodeRecord,
  type StoredEvent,
} from './event-store.ts';

/** The unique violation the SQL stores raise (the registry retries a join code on it). */
const uniqueViolation = (what: string) =>
  Object.assign(new Error(`duplicate ${what}`), { code: '23505' });

/** `clock` is the time its timestamps and reclaim-code expiry read (a test turns it by hand). */
export function openMemoryStore(clock: Pick<Clock, 'now'> = systemClock): EventStore {
  const drills = new Map<string, DrillRecord>();
  const logs = new Map<string, StoredEvent[]>();
  const commandIds = new Map<string, Set<string>>();
  const credentials = new Map<string, CredentialRecord>();
  const reclaimCodes = new Map<string, ReclaimCodeRecord & { expiresAt: number }>();
  const copy = <T>(value: T): T => structuredClone(value);
  const isoNow = () => new Date(clock.now()).toISOString();

  return {
    kind: 'memory',
    async appendBatch(batch) {
      // Check everything first: a batch is written whole or not at all.
      const seen = new Map<string, { next: number; ids: Set<string> }>();
      for (const request of batch) {
        const log = logs.get(request.drillId);
        if (!log) throw new Error(`no drill ${request.drillId}`);
        const at = seen.get(request.drillId) ?? {
          next: log.length + 1,
          ids: new Set(commandIds.get(request.drillId)),
        };
        seen.set(request.drillId, at);
        if (request.events.length === 0) continue;
        if (request.fromSeq < at.next) throw new SeqConflictError(request.drillId);
        if (request.fromSeq > at.next)
          throw new Error(
            `a gap in drill ${request.drillId}: ${request.fromSeq} after ${at.next - 1}`,
          );
        if (request.commandId !== null && at.ids.has(request.commandId))
          throw new SeqConflictError(request.drillId);
        if (request.commandId !== null) at.ids.add(request.commandId);
        at.next += request.events.length;
      }
      const endedAt = isoNow();
      for (const request of batch) {
        const log = logs.get(request.drillId)!;
        request.events.forEach((event, i) =>
          log.push({
            seq: request.fromSeq + i,
            event: copy(event),
            commandId: i === request.events.length - 1 ? request.commandId : null,
          }),
        );
        if (request.commandId !== null && request.events.length > 0) {
          const ids = commandIds.get(request.drillId) ?? new Set<string>();
          ids.add(request.commandId);
          commandIds.set(request.drillId, ids);
        }
        const drill = drills.get(request.drillId)!;
        if (request.ended && drill.endedAt === null) drill.endedAt = endedAt;
      }
    },
    async createDrill(drill, created: DrillEvent, creds) {
      if (drills.has(drill.id)) throw uniqueViolation('drill id');
      if ([...drills.values()].some((d) => d.joinCode === drill.joinCode))
        throw uniqueViolation('join code');
      if (creds.some((c) => credentials.has(c.tokenHash))) throw uniqueViolation('token');
      drills.set(drill.id, { ...drill, createdAt: isoNow(), endedAt: null });
      logs.set(drill.id, [{ seq: 1, event: copy(created), commandId: null }]);
      for (const c of creds) credentials.set(c.tokenHash, { ...c });
    },
    async addCredential(cred) {
      if (credentials.has(cred.tokenHash)) throw uniqueViolation('token');
      if (!drills.has(cred.drillId)) throw new Error(`no drill ${cred.drillId}`);
      credentials.set(cred.tokenHash, { ...cred });
    },
    async replaceCredentials(cred) {
      // As one transaction: the participant's other credentials go, the new one comes.
      const mine = (c: CredentialRecord) =>
        c.drillId === cred.drillId && c.participantId === cred.participantId;
      const taken = credentials.get(cred.tokenHash);
      if (taken && !mine(taken)) throw uniqueViolation('token');
      if (!drills.has(cred.drillId)) throw new Error(`no drill ${cred.drillId}`);
      for (const [hash, c] of credentials) if (mine(c)) credentials.delete(hash);
      credentials.set(cred.tokenHash, { ...cred });
    },
    async findCredential(tokenHash) {
      const found = credentials.get(tokenHash);
      return found ? { ...found } : null;
    },
    async storeReclaimCode(code, seconds) {
      const now = clock.now();
      for (const [hash, c] of reclaimCodes) if (c.expiresAt <= now) reclaimCodes.delete(hash);
      if (!drills.has(code.drillId)) throw new Error(`no drill ${code.drillId}`);
      const sameSeat = (c: ReclaimCodeRecord) =>
        c.drillId === code.drillId && c.participantId === code.participantId;
      const taken = reclaimCodes.get(code.codeHash);
      if (taken && !sameSeat(taken)) throw uniqueViolation('reclaim code');
      for (const [hash, c] of reclaimCodes) if (sameSeat(c)) reclaimCodes.delete(hash);
      reclaimCodes.set(code.codeHash, { ...code, expiresAt: now + seconds * 1000 });
    },
    async redeemReclaimCode(codeHash) {
      // Looked up and spent with no await between: atomic on the one thread.
      const found = reclaimCodes.get(codeHash);
      if (!found) return null;
      reclaimCodes.delete(codeHash);
      if (found.expiresAt <= clock.now()) return null;
      return { drillId: found.drillId, participantId: found.participantId };
    },
    async findDrillByJoinCode(code) {
      const found = [...drills.values()].find((d) => d.joinCode === code);
      return found ? { ...found } : null;
    },
    async getDrill(id) {
      const found = drills.get(id);
      return found ? { ...found } : null;
    },
    async loadEvents(drillId) {
      return copy(logs.get(drillId) ?? []);
    },
    async listUnfinished() {
      return [...drills.values()].filter((d) => d.endedAt === null).map((d) => ({ ...d }));
    },
    async close() {},
  };
}
