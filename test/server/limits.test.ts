// Limits that hold when one client misbehaves: handshakes and sockets per address, sockets
// per seat (the newest wins), running drills per address and in total, and a client that
// does not read cut off instead of buffered for.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
import type { EventStore } from '../../server/store/event-store.ts';
import type { DrillError } from '../../shared/index.ts';
import type { CreatedDrill, Credential } from '../../shared/protocol.ts';
import { createDrill, joinDrill } from '../helpers/api.ts';
import { connect, type TestClient } from '../helpers/client.ts';
import { seatMiniDrill } from '../helpers/seated-drill.ts';
import { bootServer, type TestServer } from '../helpers/server.ts';

const until = async (what: string, pred: () => boolean, timeoutMs = 5000) => {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** A socket.io handshake as if from `address` (the server trusts X-Forwarded-For here). */
function openFrom(
  url: string,
  address: string,
  cred: Credential,
): Promise<{ socket: Socket; refused: DrillError | null }> {
  const socket = io(url, {
    transports: ['websocket'],
    auth: { drillId: cred.drillId, token: cred.token },
    extraHeaders: { 'x-forwarded-for': address },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve) => {
    socket.once('view', () => resolve({ socket, refused: null }));
    socket.once('connect_error', (err: Error & { data?: DrillError }) => {
      socket.close();
      resolve({ socket, refused: err.data ?? { code: 'INTERNAL', message: err.message } });
    });
  });
}

async function createFrom(url: string, address: string) {
  const res = await fetch(`${url}/api/drills`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ scenarioId: 'mini', facilitatorName: 'Fay' }),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as CreatedDrill & { error?: DrillError },
  };
}

/** firedrill_limit_refusals_total for one limit, from /metrics. */
async function refusals(url: string, limit: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`firedrill_limit_refusals_total{limit="${limit}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('the limits configuration', () => {
  it('defaults to limits an office behind one address can run a 15-person drill within', () => {
    expect(loadConfig({})).toMatchObject({
      HANDSHAKES_PER_MINUTE: 120,
      MAX_SOCKETS_PER_ADDRESS: 100,
      MAX_SOCKETS_PER_SEAT: 4,
      MAX_DRILLS_PER_ADDRESS: 30,
      MAX_DRILLS: 1000,
      IDLE_UNLOAD_SECONDS: 600,
      MAX_SEND_BUFFER_BYTES: 1_048_576,
    });
  });
  it('refuses a bad value with a message naming the variable', () => {
    for (const [name, value] of [
      ['HANDSHAKES_PER_MINUTE', '0'],
      ['MAX_SOCKETS_PER_ADDRESS', 'many'],
      ['MAX_SOCKETS_PER_SEAT', '1.5'],
      ['MAX_DRILLS_PER_ADDRESS', '-1'],
      ['MAX_DRILLS', '0'],
      ['IDLE_UNLOAD_SECONDS', '0'],
      ['MAX_SEND_BUFFER_BYTES', '100'],
    ] as const) {
      expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
      expect(() => loadConfig({ [name]: value })).toThrow(`${name}="${value}"`);
    }
  });
});

describe('connection limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await bootServer({
      TRUST_PROXY: 'true',
      MAX_SOCKETS_PER_ADDRESS: '8',
      MAX_SOCKETS_PER_SEAT: '2',
      MAX_SEND_BUFFER_BYTES: '65536',
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses sockets over the per-address cap with TOO_MANY_CONNECTIONS, and admits again once one closes', async () => {
    const { joinCode, facilitator } = await createDrill(server.url);
    const creds = [facilitator];
    for (const name of ['Ana', 'Ben', 'Cyd', 'Dee', 'Eve', 'Fox', 'Gus', 'Hal'])
      creds.push(await joinDrill(server.url, joinCode, name));
    const open: Socket[] = [];
    try {
      for (const cred of creds.slice(0, 8)) {
        const r = await openFrom(server.url, '203.0.113.10', cred);
        expect(r.refused).toBeNull();
        open.push(r.socket);
      }
      expect(await refusals(server.url, 'sockets_per_address')).toBe(0);
      const ninth = await openFrom(server.url, '203.0.113.10', creds[8]!);
      expect(await refusals(server.url, 'sockets_per_address')).toBe(1);
      expect(ninth.refused).toMatchObject({
        code: 'TOO_MANY_CONNECTIONS',
        message: expect.any(String),
        retryAfter: expect.any(Number),
      });
      // Another address is not affected.
      const elsewhere = await openFrom(server.url, '203.0.113.11', creds[8]!);
      expect(elsewhere.refused).toBeNull();
      elsewhere.socket.close();
      // A closed socket gives its slot back.
      open.shift()!.close();
      await until('the slot is free', () => server.realtime.connectedSockets() <= 7);
      const again = await openFrom(server.url, '203.0.113.10', creds[8]!);
      expect(again.refused).toBeNull();
      open.push(again.socket);
    } finally {
      open.forEach((s) => s.close());
    }
  });

  it('lets the newest socket of a seat in and closes the oldest over the cap with `replaced`', async () => {
    const drill = await seatMiniDrill(server);
    const extra: TestClient[] = [];
    try {
      const first = drill.clients.ops;
      const replaced = new Promise<{ reason: string }>((resolve) =>
        first.socket.once('replaced' as never, resolve),
      );
      const closed = new Promise<string>((resolve) => first.socket.once('disconnect', resolve));
      extra.push(await connect(server.url, drill.creds.ops));
      expect(first.socket.connected).toBe(true);
      // The third tab of the same seat: the oldest gives way, nobody is locked out.
      extra.push(await connect(server.url, drill.creds.ops));
      expect((await replaced).reason).toMatch(/another window/);
      expect(await refusals(server.url, 'sockets_per_seat')).toBe(1);
      expect(await closed).toBe('io server disconnect');
      for (const c of extra)
        expect(await c.send({ type: 'postMessage', text: 'still here' })).toMatchObject({
          ok: true,
        });
      // Other seats are untouched.
      expect(drill.clients.ic.socket.connected).toBe(true);
    } finally {
      extra.forEach((c) => c.close());
      drill.close();
    }
  });

  it('cuts off a client that stops reading, while the others carry on', async () => {
    const drill = await seatMiniDrill(server, { state: 'running' });
    const { socket: slow, refused } = await openFrom(
      server.url,
      '192.0.2.50',
      drill.creds.spectator,
    );
    expect(refused).toBeNull();
    try {
      const before = server.realtime.connectedSockets();
      // Stop reading (the TCP socket under the WebSocket), then ask for the whole view again
      // and again: the answers pile up on the server.
      const transport = slow.io.engine.transport as unknown as {
        ws: { _socket: { pause(): void } };
      };
      transport.ws._socket.pause();
      for (let i = 0; i < 4000 && server.realtime.connectedSockets() === before; i++) {
        slow.emit('sync', { lastSeq: 0 }, () => {});
        if (i % 200 === 199) await new Promise((r) => setTimeout(r, 10));
      }
      await until('the non-reader is cut off', () => server.realtime.connectedSockets() < before);
      expect(await refusals(server.url, 'send_buffer')).toBe(1);
      // Everyone else is served as before.
      expect(
        await drill.clients.ops.send({ type: 'postMessage', text: 'Still with you.' }),
      ).toMatchObject({ ok: true });
      await drill.settled();
    } finally {
      slow.close();
      drill.close();
    }
  });
});

describe('running drills', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await bootServer({
      TRUST_PROXY: 'true',
      MAX_DRILLS_PER_ADDRESS: '2',
      MAX_DRILLS: '3',
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('caps running drills per address (429 TOO_MANY_DRILLS) and in total (503 SERVER_BUSY), with a retry hint', async () => {
    const a1 = await createFrom(server.url, '198.51.100.1');
    const a2 = await createFrom(server.url, '198.51.100.1');
    expect([a1.status, a2.status]).toEqual([201, 201]);
    const a3 = await createFrom(server.url, '198.51.100.1');
    expect(a3.status).toBe(429);
    expect(a3.body.error).toMatchObject({ code: 'TOO_MANY_DRILLS', retryAfter: 60 });
    expect(a3.retryAfter).toBe('60');

    // Fill the server up from other addresses.
    while (server.registry.size < 3)
      expect((await createFrom(server.url, `198.51.100.${10 + server.registry.size}`)).status).toBe(
        201,
      );
    const busy = await createFrom(server.url, '198.51.100.99');
    expect(busy.status).toBe(503);
    expect(busy.body.error).toMatchObject({ code: 'SERVER_BUSY', retryAfter: 60 });
    expect(busy.retryAfter).toBe('60');
    expect(await refusals(server.url, 'drills_per_address')).toBe(1);
    expect(await refusals(server.url, 'drills')).toBe(1);

    // An ended drill frees its slot, for its address and in total.
    const fac = await connect(server.url, a1.body.facilitator);
    try {
      expect(await fac.send({ type: 'end' })).toMatchObject({ ok: true });
    } finally {
      fac.close();
    }
    expect((await createFrom(server.url, '198.51.100.1')).status).toBe(201);
  });
});

describe('the handshake rate per address', () => {
  let server: TestServer;
  let lookups = 0;
  let store: EventStore;
  beforeAll(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'firedrill-test-'));
    const real = await openEmbeddedStore(dataDir);
    store = {
      ...real,
      kind: real.kind,
      findCredential: (hash) => {
        lookups++;
        return real.findCredential(hash);
      },
    };
    server = await bootServer({ DATA_DIR: dataDir, HANDSHAKES_PER_MINUTE: '3' }, store);
  });
  afterAll(async () => {
    await server?.stop(false);
    await store?.close();
    await rm(server.dataDir, { recursive: true, force: true });
  });

  it('refuses handshakes over the rate with RATE_LIMITED before looking anything up', async () => {
    const forged = { drillId: 'd_nope', token: 'x'.repeat(32) };
    const refusals: (DrillError | null)[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await openFrom(server.url, 'ignored', forged as Credential);
      refusals.push(r.refused);
    }
    expect(refusals.map((r) => r?.code)).toEqual([
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);
    expect(refusals[3]).toMatchObject({ retryAfter: expect.any(Number) });
    expect(refusals[3]!.retryAfter).toBeGreaterThan(0);
    expect(lookups).toBe(3);
  });
});
