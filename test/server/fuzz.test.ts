// Hostile input, fuzzed: whatever arrives on a socket or at the HTTP API, the server answers
// with a typed error (or drops a connection the protocol cannot parse), stays up, and leaves
// the drill exactly as it was.
import fc from 'fast-check';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../server/store/embedded.ts';
import type { EventStore } from '../../server/store/event-store.ts';
import { ErrorCode, type CommandInput } from '../../shared/index.ts';
import {
  CreateDrillBody,
  JoinBody,
  PractiseBody,
  SyncMessage,
  type CommandAck,
} from '../../shared/protocol.ts';
import { createDrill } from '../helpers/api.ts';
import { commandId, connect, handshake, type TestClient } from '../helpers/client.ts';
import { seatMiniDrill, type SeatedDrill } from '../helpers/seated-drill.ts';
import { bootServer, post, type TestServer } from '../helpers/server.ts';

let store: EventStore;
/** Generous limits, so the fuzzer reaches the parsers. */
let server: TestServer;
/** Tight limits, to see them bite. */
let limited: TestServer;
let drill: SeatedDrill;

beforeAll(async () => {
  store = await openEmbeddedStore(null);
  server = await bootServer(
    { COMMANDS_PER_SECOND: '10000', JOIN_ATTEMPTS_PER_MINUTE: '100000' },
    store,
  );
  limited = await bootServer({ COMMANDS_PER_SECOND: '3', JOIN_ATTEMPTS_PER_MINUTE: '3' }, store);
  // Paused: no scheduler ticks, so the sequence number moves only if a command is applied.
  drill = await seatMiniDrill(server, { state: 'paused' });
});
afterAll(async () => {
  drill?.close();
  await server?.stop();
  await limited?.stop();
  await store?.close();
});

const CODES = new Set<string>(ErrorCode.options);
const prototypeKeys = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'isPrototypeOf',
];
const prototypeNames = () => Object.getOwnPropertyNames(Object.prototype).sort();
const PRISTINE = prototypeNames();

/** The drill, the process and the server are as they were. */
async function expectUnharmed(seqBefore: number) {
  const host = await drill.host();
  await host.idle();
  expect(host.seq).toBe(seqBefore);
  expect(await store.loadEvents(drill.drillId)).toHaveLength(seqBefore);
  expect(prototypeNames()).toEqual(PRISTINE);
  expect(({} as Record<string, unknown>).role).toBeUndefined();
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
}

const expectTypedRefusal = (ack: CommandAck, codes?: string[]) => {
  expect(ack.ok).toBe(false);
  if (ack.ok) return;
  expect(CODES.has(ack.error.code), `unknown code ${ack.error.code}`).toBe(true);
  if (codes) expect(codes).toContain(ack.error.code);
  expect(typeof ack.error.message).toBe('string');
  expect(ack.error.message).not.toMatch(/\n\s+at /); // never a stack trace
};

const emitWithAck = (client: TestClient, event: string, payload: unknown) =>
  client.socket.timeout(5000).emitWithAck(event, payload) as Promise<CommandAck>;

// ------------------------------------------------------------------ arbitraries
const anyJson = fc.jsonValue({ maxDepth: 4 });
const anyPayload = fc.oneof(
  anyJson,
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  fc.constantFrom(null, undefined, 0, '', [], {}),
);
const someId = fc.oneof(
  fc.constantFrom('ack', 'inspect-cache', 'vp-calls', 'h1', 'ic', 'ops'),
  fc.constantFrom(...prototypeKeys),
  fc.string({ maxLength: 12 }),
);
const validCommand: fc.Arbitrary<CommandInput> = fc.oneof(
  fc.record({
    type: fc.constant('assignRole' as const),
    participantId: someId,
    role: fc.oneof(someId, fc.constant(null)),
  }),
  fc.constantFrom<CommandInput>(
    { type: 'start' },
    { type: 'pause' },
    { type: 'resume' },
    { type: 'revealHint' },
    { type: 'end' },
  ),
  fc.record({ type: fc.constant('setSpeed' as const), speed: fc.integer({ min: 1, max: 10 }) }),
  fc.record({
    type: fc.constant('takeAction' as const),
    action: someId,
    params: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  }),
  fc.record({ type: fc.constant('fireInject' as const), inject: someId }),
  fc.record({
    type: fc.constant('postMessage' as const),
    text: fc.string({ minLength: 1, maxLength: 50 }),
  }),
  fc.record({
    type: fc.constant('postStatusUpdate' as const),
    text: fc.string({ minLength: 1, maxLength: 50 }),
  }),
  fc.record({ type: fc.constant('removeParticipant' as const), participantId: someId }),
  fc.record({
    type: fc.constantFrom('postAs' as const, 'injectText' as const),
    from: fc.oneof(fc.constantFrom('The CEO', 'Omar', 'Facilitator'), fc.string({ maxLength: 45 })),
    text: fc.string({ minLength: 1, maxLength: 50 }),
    to: fc.oneof(fc.constant('all' as const), fc.array(someId, { maxLength: 3 })),
  }),
  fc.record({ type: fc.constant('addNote' as const), text: fc.string({ maxLength: 50 }) }),
  fc.record({
    type: fc.constant('judgeItem' as const),
    item: fc.oneof(someId, fc.constantFrom('acked', 'updates', 'timing-detect')),
    verdict: fc.constantFrom('pass' as const, 'fail' as const, 'clear' as const),
    reason: fc.string({ maxLength: 50 }),
  }),
);
/** Valid commands bent out of shape: a field of the wrong type, an extra field, a huge string, an unknown type. */
const bentCommand = fc.oneof(
  fc.tuple(validCommand, fc.nat(), anyJson).map(([c, i, v]) => {
    const keys = Object.keys(c);
    return { ...c, [keys[i % keys.length]!]: v };
  }),
  fc
    .tuple(
      validCommand,
      fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...prototypeKeys)),
      anyJson,
    )
    .map(([c, k, v]) => ({ ...c, [k]: v })),
  fc
    .tuple(
      fc.constantFrom('postMessage', 'postStatusUpdate', 'end', 'takeAction'),
      fc.integer({ min: 2001, max: 12_000 }),
    )
    .map(([type, n]) =>
      type === 'takeAction'
        ? { type, action: 'x'.repeat(n) }
        : type === 'end'
          ? { type, reason: 'r'.repeat(n) }
          : { type, text: 't'.repeat(n) },
    ),
  fc.record({ type: fc.string({ maxLength: 20 }) }),
  fc.record({ type: fc.constantFrom(...prototypeKeys) }),
);
const message = fc.oneof(
  fc.record({
    id: fc.string({ minLength: 8, maxLength: 64 }),
    command: fc.oneof(validCommand, bentCommand),
  }),
  fc.record({
    id: fc.oneof(fc.string({ maxLength: 7 }), fc.string({ minLength: 65, maxLength: 90 }), anyJson),
    command: validCommand,
  }),
  fc.record({
    id: fc.string({ minLength: 8, maxLength: 20 }),
    command: validCommand,
    extra: anyJson,
  }),
  fc.record({ command: validCommand }),
  fc.record({ id: fc.string({ minLength: 8, maxLength: 20 }) }),
);
/** Built from JSON text, as a socket parser builds them: own "__proto__" keys included. */
const pollutingMessages = [
  '{"id":"pollute-1a","command":{"type":"postMessage","text":"hi"},"__proto__":{"polluted":true}}',
  '{"id":"pollute-2a","command":{"type":"postMessage","text":"hi","__proto__":{"role":"ic"}}}',
  '{"id":"pollute-3a","command":{"type":"takeAction","action":"restart","params":{"__proto__":"x","service":"cache"}}}',
  '{"id":"pollute-4a","command":{"__proto__":{"type":"end"}}}',
  '{"id":"pollute-5a","constructor":{"prototype":{"polluted":true}},"command":{"type":"start"}}',
  '{"__proto__":{"id":"pollute-6a","command":{"type":"end"}}}',
].map((text) => JSON.parse(text) as unknown);

describe('fuzzed socket input', () => {
  it('answers any command payload from a spectator with a typed refusal and changes nothing', async () => {
    const before = (await drill.host()).seq;
    const { spectator } = drill.clients;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(anyPayload, message, fc.constantFrom(...pollutingMessages)),
        async (payload) => {
          expectTypedRefusal(await emitWithAck(spectator, 'command', payload), [
            'INVALID_PAYLOAD',
            'FORBIDDEN',
          ]);
        },
      ),
      { numRuns: 250 },
    );
    await expectUnharmed(before);
  });

  it('refuses identifiers named after Object members instead of finding them on the prototype', async () => {
    const before = (await drill.host()).seq;
    const { facilitator, ops } = drill.clients;
    const key = fc.constantFrom(...prototypeKeys);
    const nina = drill.creds.nina.participantId!;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          key.map((k): CommandInput => ({ type: 'assignRole', participantId: k, role: 'ic' })),
          key.map((k): CommandInput => ({ type: 'assignRole', participantId: nina, role: k })),
          key.map((k): CommandInput => ({ type: 'removeParticipant', participantId: k })),
          key.map((k): CommandInput => ({ type: 'fireInject', inject: k })),
          key.map((k): CommandInput => ({ type: 'revealHint', hint: k })),
        ),
        async (command) => {
          expectTypedRefusal(await facilitator.send(command), [
            'UNKNOWN_PARTICIPANT',
            'UNKNOWN_ROLE',
            'UNKNOWN_INJECT',
            'UNKNOWN_HINT',
          ]);
        },
      ),
      { numRuns: 60 },
    );
    for (const k of prototypeKeys) {
      expectTypedRefusal(await ops.send({ type: 'takeAction', action: k }), [
        'DRILL_NOT_RUNNING',
        'UNKNOWN_ACTION',
      ]);
    }
    await expectUnharmed(before);
  });

  it('answers any sync payload with the view or INVALID_PAYLOAD', async () => {
    const before = (await drill.host()).seq;
    const { ic } = drill.clients;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyJson,
          fc.record({ lastSeq: fc.oneof(fc.nat(), fc.integer(), fc.double(), fc.string()) }),
          fc.record({ lastSeq: fc.nat(), more: anyJson }),
        ),
        async (payload) => {
          const res = (await ic.socket.timeout(5000).emitWithAck('sync', payload)) as {
            ok: boolean;
            seq?: number;
            error?: { code: string };
          };
          const valid = SyncMessage.safeParse(JSON.parse(JSON.stringify(payload ?? null))).success;
          if (valid) expect(res).toMatchObject({ ok: true, seq: before });
          else expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
        },
      ),
      { numRuns: 150 },
    );
    await expectUnharmed(before);
  });

  it('survives commands without an ack callback and events it does not know', async () => {
    const before = (await drill.host()).seq;
    const { spectator, comms } = drill.clients;
    const reserved = new Set([
      'connect',
      'connect_error',
      'disconnect',
      'disconnecting',
      'newListener',
      'removeListener',
      'command',
      'sync',
    ]);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(anyPayload, message),
        fc.string({ minLength: 1, maxLength: 20 }).filter((name) => !reserved.has(name)),
        async (payload, event) => {
          spectator.socket.emit('command', payload);
          comms.socket.emit(event, payload);
          comms.socket.emit(event, payload, () => {});
        },
      ),
      { numRuns: 100 },
    );
    // Both connections still answer, in order, after everything they were sent.
    expect((await spectator.sync()).ok).toBe(true);
    expect((await comms.sync()).ok).toBe(true);
    expect(spectator.socket.connected && comms.socket.connected).toBe(true);
    await expectUnharmed(before);

    // A valid command without a callback is still applied, once.
    drill.clients.facilitator.socket.emit('command', {
      id: commandId(),
      command: { type: 'postMessage', text: 'No ack wanted.' },
    });
    await drill.clients.facilitator.waitFor((v) =>
      v.channel.some((m) => m.text === 'No ack wanted.'),
    );
    expect((await drill.host()).seq).toBe(before + 1);
  });

  it('refuses any handshake it cannot authenticate, with UNAUTHENTICATED', async () => {
    const tokenLike = fc.string({ minLength: 16, maxLength: 128 });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.object({ maxDepth: 2 }),
          fc.record(
            {
              drillId: fc.oneof(fc.constant(drill.drillId), fc.string({ maxLength: 70 }), anyJson),
              token: fc.oneof(tokenLike, anyJson, fc.constantFrom(...prototypeKeys)),
              lastSeq: anyJson,
            },
            { requiredKeys: [] },
          ),
          fc.record({ drillId: fc.constant(drill.drillId), token: tokenLike, extra: anyJson }),
        ),
        async (auth) => {
          expect(await handshake(server.url, auth)).toMatchObject({
            code: 'UNAUTHENTICATED',
            message: expect.any(String),
          });
        },
      ),
      { numRuns: 60 },
    );
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('drops a handshake that is not even an object, and stays up', async () => {
    for (const auth of ['a string', [1, 2, 3], true]) {
      expect(await handshake(server.url, auth)).toSatisfy(
        (r: unknown) => r === 'dropped' || (r as { code?: string }).code === 'UNAUTHENTICATED',
      );
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('closes the connection of a message over the size limit, and only that one', async () => {
    const before = (await drill.host()).seq;
    const socket = io(server.url, {
      transports: ['websocket'],
      auth: { drillId: drill.drillId, token: drill.creds.ic.token },
      reconnection: false,
      forceNew: true,
    });
    await new Promise((resolve) => socket.once('view', resolve));
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    socket.emit('command', {
      id: commandId(),
      command: { type: 'postMessage', text: 'x'.repeat(40_000) },
    });
    expect(await closed).toMatch(/transport/);
    socket.close();
    expect(drill.clients.ic.socket.connected).toBe(true);
    await expectUnharmed(before);
  });

  it('still takes a valid command afterwards', async () => {
    const host = await drill.host();
    const before = host.seq;
    expect(await drill.clients.ic.send({ type: 'postMessage', text: 'Still here.' })).toEqual({
      ok: true,
      seq: before + 1,
    });
  });
});

// ------------------------------------------------------------------ HTTP
type Reply = { status: number; text: string };
async function send(path: string, body: string, type = 'application/json'): Promise<Reply> {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': type },
    body,
  });
  return { status: res.status, text: await res.text() };
}
function expectTypedHttp(
  reply: Reply,
  schema: { safeParse(v: unknown): { success: boolean } },
  sent: unknown,
) {
  expect(reply.status, reply.text).toBeLessThan(500);
  const body = JSON.parse(reply.text) as { error?: { code: string; message: string } };
  if (reply.status >= 400) {
    expect(body.error).toEqual({ code: expect.any(String), message: expect.any(String) });
    expect(CODES.has(body.error!.code)).toBe(true);
  } else {
    // Only a body the schema accepts may succeed.
    expect(schema.safeParse(sent).success, `accepted ${JSON.stringify(sent)}`).toBe(true);
  }
}

describe('fuzzed HTTP input', () => {
  const endpoints = [
    {
      path: '/api/drills',
      schema: CreateDrillBody,
      near: fc.record(
        {
          scenarioId: fc.oneof(fc.constant('mini'), fc.string({ maxLength: 90 }), anyJson),
          facilitatorName: fc.oneof(fc.string({ maxLength: 50 }), anyJson),
          seed: fc.oneof(fc.integer(), fc.double(), anyJson),
        },
        { requiredKeys: [] },
      ),
      runs: 20,
    },
    {
      path: '/api/join',
      schema: JoinBody,
      near: fc.record(
        {
          code: fc.oneof(
            fc.constant(null).map(() => drill.joinCode),
            fc.string({ maxLength: 20 }),
            anyJson,
          ),
          name: fc.oneof(fc.string({ maxLength: 50 }), anyJson),
          spectator: fc.oneof(fc.boolean(), anyJson),
        },
        { requiredKeys: [] },
      ),
      runs: 60,
    },
    {
      path: '/api/practise',
      schema: PractiseBody,
      near: fc.record(
        {
          scenarioId: fc.oneof(fc.constant('mini'), fc.string({ maxLength: 90 }), anyJson),
          name: fc.oneof(fc.string({ maxLength: 50 }), anyJson),
          role: fc.oneof(fc.constantFrom('ic', 'ops', ...prototypeKeys), fc.string()),
          seed: anyJson,
        },
        { requiredKeys: [] },
      ),
      runs: 20,
    },
  ];

  for (const endpoint of endpoints) {
    it(`answers any body POSTed to ${endpoint.path} with JSON and never a 5xx`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            anyJson,
            endpoint.near,
            endpoint.near.map((b) => ({ ...b, unexpected: 1 })),
          ),
          async (body) => {
            expectTypedHttp(await send(endpoint.path, JSON.stringify(body)), endpoint.schema, body);
          },
        ),
        { numRuns: endpoint.runs },
      );
      for (const raw of [
        '',
        '{',
        'not json',
        '{"__proto__":{"polluted":true}}',
        '\u0000\uffff',
        '[1,2',
        'null',
      ]) {
        const reply = await send(endpoint.path, raw);
        expect(reply.status, `${JSON.stringify(raw)} gave ${reply.text}`).toBeGreaterThanOrEqual(
          400,
        );
        expectTypedHttp(reply, endpoint.schema, raw);
      }
      const wrongType = await send(endpoint.path, '{}', 'text/plain');
      expect(wrongType.status).toBe(415);
      expect(prototypeNames()).toEqual(PRISTINE);
    });
  }

  it('refuses a body over the size limit with 413', async () => {
    const reply = await send(
      '/api/join',
      JSON.stringify({ code: 'ABCDEFGH', name: 'n'.repeat(100_000) }),
    );
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.text)).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) },
    });
  });

  it('answers unknown API routes with a typed 404', async () => {
    const res = await fetch(`${server.url}/api/nothing-here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });
});

describe('rate limits', () => {
  it('answers /api/join with 429 after the configured attempts per minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post<{ error?: { code: string } }>(limited.url, '/api/join', {
        code: 'NOSUCHCD',
        name: 'Guess',
      });
      statuses.push(res.status);
      if (res.status === 429)
        expect(res.body).toEqual({
          error: {
            code: 'RATE_LIMITED',
            message: expect.any(String),
            retryAfter: expect.any(Number),
          },
        });
    }
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
  });

  it('refuses commands over the per-socket rate with RATE_LIMITED, and applies none of those', async () => {
    const created = await createDrill(limited.url);
    const facilitator = await connect(limited.url, created.facilitator);
    try {
      const host = (await limited.registry.get(created.drillId))!;
      const before = host.seq;
      const acks = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          facilitator.send({ type: 'postMessage', text: `burst ${i}` }),
        ),
      );
      const accepted = acks.filter((a) => a.ok).length;
      const limitedAcks = acks.filter((a) => !a.ok);
      expect(accepted).toBe(3);
      for (const a of limitedAcks)
        expect(a).toEqual({
          ok: false,
          error: { code: 'RATE_LIMITED', message: expect.any(String) },
        });
      await host.idle();
      expect(host.seq).toBe(before + accepted);
    } finally {
      facilitator.close();
    }
  });
});
