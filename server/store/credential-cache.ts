// Credentials kept in memory in front of a store that this process alone writes (the
// embedded one): a socket's handshake then costs no round trip to the database thread,
// where it would wait behind the group commits in flight. Every credential write goes
// through here, so the cache is exact; a store shared by several processes must not use it
// (another process may revoke a credential). Bounded: the least recently used go first.
import type { CredentialRecord, EventStore } from './event-store.ts';

export function cachingCredentials(store: EventStore, maxEntries = 50_000): EventStore {
  const cache = new Map<string, CredentialRecord>();
  /** Bumped around every revocation: a lookup that overlapped one is not cached. */
  let epoch = 0;
  const remember = (cred: CredentialRecord) => {
    cache.delete(cred.tokenHash);
    cache.set(cred.tokenHash, { ...cred });
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
  };
  const forget = (drillId: string, participantId: string) => {
    for (const [hash, c] of cache)
      if (c.drillId === drillId && c.participantId === participantId) cache.delete(hash);
  };
  return {
    ...store,
    kind: store.kind,
    async createDrill(drill, created, credentials) {
      await store.createDrill(drill, created, credentials);
      credentials.forEach(remember);
    },
    async addCredential(cred) {
      await store.addCredential(cred);
      remember(cred);
    },
    async replaceCredentials(cred) {
      epoch++;
      forget(cred.drillId, cred.participantId);
      try {
        await store.replaceCredentials(cred);
      } finally {
        epoch++;
        forget(cred.drillId, cred.participantId);
      }
      remember(cred);
    },
    async findCredential(tokenHash) {
      const hit = cache.get(tokenHash);
      if (hit) {
        cache.delete(tokenHash);
        cache.set(tokenHash, hit);
        return { ...hit };
      }
      const before = epoch;
      const found = await store.findCredential(tokenHash);
      if (found && before === epoch) remember(found);
      return found;
    },
  };
}
