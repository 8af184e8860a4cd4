// The credential cache in front of the embedded store: a handshake's lookup is served from
// memory, and a revoked credential is never served again, even by a lookup that overlapped
// the revocation.
import { describe, expect, it } from 'vitest';
import { cachingCredentials } from '../../server/store/credential-cache.ts';
import type { CredentialRecord, EventStore } from '../../server/store/event-store.ts';
import { openMemoryStore } from '../../server/store/memory.ts';
import type { DrillEvent } from '../../shared/index.ts';

async function setup(maxEntries?: number) {
  const inner = openMemoryStore();
  let lookups = 0;
  const counted: EventStore = {
    ...inner,
    kind: inner.kind,
    findCredential: (hash) => {
      lookups++;
      return inner.findCredential(hash);
    },
  };
  const store = cachingCredentials(counted, maxEntries);
  const created: DrillEvent = {
    type: 'created',
    at: 0,
    drillId: 'd1',
    scenarioId: 'mini',
    scenarioHash: 'h',
    seed: 1,
    joinCode: 'ABC123',
    solo: false,
  } as DrillEvent;
  const facilitator: CredentialRecord = {
    tokenHash: 'hf',
    drillId: 'd1',
    participantId: null,
    seat: 'facilitator',
  };
  await store.createDrill(
    {
      id: 'd1',
      scenarioId: 'mini',
      scenarioHash: 'h',
      joinCode: 'ABC123',
      createdAt: '',
      endedAt: null,
    },
    created,
    [facilitator],
  );
  return { store, inner, lookups: () => lookups };
}

const player = (hash: string): CredentialRecord & { participantId: string } => ({
  tokenHash: hash,
  drillId: 'd1',
  participantId: 'p1',
  seat: 'player',
});

describe('the credential cache', () => {
  it('answers lookups of credentials it saw written without asking the store', async () => {
    const { store, lookups } = await setup();
    await store.addCredential(player('h1'));
    expect(await store.findCredential('hf')).toMatchObject({ seat: 'facilitator' });
    expect(await store.findCredential('h1')).toMatchObject({ participantId: 'p1' });
    expect(lookups()).toBe(0);
    expect(await store.findCredential('nope')).toBeNull();
    expect(lookups()).toBe(1);
  });

  it('never serves a credential revoked by a seat taken back', async () => {
    const { store } = await setup();
    await store.addCredential(player('h1'));
    await store.findCredential('h1');
    await store.replaceCredentials(player('h2'));
    expect(await store.findCredential('h1')).toBeNull();
    expect(await store.findCredential('h2')).toMatchObject({ participantId: 'p1' });
  });

  it('does not keep what a lookup overlapping a revocation read', async () => {
    const { store, inner } = await setup();
    await inner.addCredential(player('h1'));
    // The lookup reads the old credential, then the revocation lands before it returns.
    const lookup = store.findCredential('h1');
    await store.replaceCredentials(player('h2'));
    await lookup;
    expect(await store.findCredential('h1')).toBeNull();
  });

  it('keeps at most its bound, dropping the least recently used', async () => {
    const { store, lookups } = await setup(2);
    await store.addCredential(player('h1'));
    await store.addCredential({ ...player('h2'), participantId: 'p2' });
    // hf (the facilitator's) is now the least recently used, and went.
    await store.findCredential('h1');
    expect(lookups()).toBe(0);
    expect(await store.findCredential('hf')).toMatchObject({ seat: 'facilitator' });
    expect(lookups()).toBe(1);
  });
});
