// Text that PostgreSQL's jsonb cannot hold (a NUL, a lone UTF-16 surrogate) or that breaks
// a name onto two lines, sent over real HTTP and real sockets: each is a typed
// INVALID_PAYLOAD that changes nothing, never a 500, and the drill carries on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpError } from '../../shared/protocol.ts';
import { exportedEvents, joinDrill } from '../helpers/api.ts';
import type { TestClient } from '../helpers/client.ts';
import { seatMiniDrill, type SeatedDrill } from '../helpers/seated-drill.ts';
import { bootServer, post, type TestServer } from '../helpers/server.ts';

const HOSTILE = {
  'a NUL': 'before\u0000after',
  'a lone high surrogate': 'smile \ud83d please',
  'a lone low surrogate': '\ude00 trailing',
  'an escape': 'bell \u001b[31m red',
};
const HOSTILE_NAMES = {
  ...HOSTILE,
  'a newline': 'Ann\n## Lessons',
  'a line separator': 'Ann\u2028Bob',
};

let server: TestServer;
let seated: SeatedDrill;
let drill: { drillId: string; joinCode: string; token: string };
let ops: TestClient;
let fac: TestClient;

beforeAll(async () => {
  server = await bootServer();
  seated = await seatMiniDrill(server, { state: 'running' });
  ({ ops, facilitator: fac } = seated.clients);
  drill = {
    drillId: seated.drillId,
    joinCode: seated.joinCode,
    token: seated.creds.facilitator.token,
  };
});

afterAll(async () => {
  seated?.close();
  await server?.stop();
});

const invalid = { error: { code: 'INVALID_PAYLOAD', message: expect.any(String) } };

describe('hostile names over HTTP', () => {
  it.each(Object.entries(HOSTILE_NAMES))('refuses a joining name with %s', async (_, name) => {
    const before = await exportedEvents(server.url, drill.drillId, drill.token);
    const res = await post<HttpError>(server.url, '/api/join', { code: drill.joinCode, name });
    expect(res).toEqual({ status: 400, body: invalid });
    expect(await exportedEvents(server.url, drill.drillId, drill.token)).toEqual(before);
  });

  it.each(Object.entries(HOSTILE_NAMES))(
    "refuses a facilitator's or a practising name with %s",
    async (_, name) => {
      const created = await post<HttpError>(server.url, '/api/drills', {
        scenarioId: 'mini',
        facilitatorName: name,
      });
      expect(created).toEqual({ status: 400, body: invalid });
      const practice = await post<HttpError>(server.url, '/api/practise', {
        scenarioId: 'mini',
        name,
        role: 'ops',
      });
      expect(practice).toEqual({ status: 400, body: invalid });
    },
  );

  it('still accepts names with accents, emoji and inner spaces', async () => {
    const cred = await joinDrill(server.url, drill.joinCode, '  Zoë 🧯 Ødegaard  ');
    await fac.waitFor((v) => v.participants.some((p) => p.name === 'Zoë 🧯 Ødegaard'));
    expect(cred.participantId).toBeTruthy();
  });
});

describe('hostile chat and status updates over a socket', () => {
  it.each(Object.entries(HOSTILE))('refuses a message or update with %s', async (_, text) => {
    const before = await exportedEvents(server.url, drill.drillId, drill.token);
    for (const type of ['postMessage', 'postStatusUpdate'] as const) {
      const ack = await ops.send({ type, text });
      expect(ack).toEqual({ ok: false, ...invalid });
    }
    const reason = await fac.send({ type: 'end', reason: text });
    expect(reason).toEqual({ ok: false, ...invalid });
    expect(await exportedEvents(server.url, drill.drillId, drill.token)).toEqual(before);
  });

  it('keeps line breaks, tabs and emoji in a message, and the drill carries on', async () => {
    const text = 'Line one\n\tline two 🔥 (surrogate pair)';
    expect(await ops.send({ type: 'postMessage', text })).toMatchObject({ ok: true });
    await ops.waitFor((v) => v.channel.some((m) => m.text === text));
  });
});
