// Who may do what, over real sockets: every command against every kind of seat, and no
// payload ever carrying another role's secrets.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandInput, ErrorCode } from '../../shared/index.ts';
import type { CreatedDrill } from '../../shared/protocol.ts';
import { createDrill, joinDrill } from '../helpers/api.ts';
import { connect, handshake, type TestClient } from '../helpers/client.ts';
import { seatMiniDrill, type SeatedDrill } from '../helpers/seated-drill.ts';
import { bootServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let otherDrill: CreatedDrill;
beforeAll(async () => {
  // Every row seats a fresh drill through /api/join: lift the per-minute join limit.
  server = await bootServer({ JOIN_ATTEMPTS_PER_MINUTE: '10000' });
  otherDrill = await createDrill(server.url);
});
afterAll(async () => {
  await server?.stop();
});

type Outcome = 'ok' | ErrorCode;
type Role = 'ic' | 'ops' | 'comms';
type Refusal = `no connection: ${ErrorCode}`;

interface Row {
  command: CommandInput;
  /** Where the drill is when the command arrives. */
  in: 'lobby' | 'running' | 'paused' | 'ended';
  facilitator: Outcome;
  /** A player whose role the command is for, and one with another role. */
  rightRole: [Role, Outcome];
  otherRole: [Role, Outcome];
  noRole: Outcome;
  spectator: Outcome;
  removed: Refusal;
  badToken: Refusal;
  otherDrillToken: Refusal;
}

/** Stands for Nina's participant id (the player without a role) in a command. */
const NINA = '<nina>';
const F: Outcome = 'FORBIDDEN';
/** The removed player, a bad token and another drill's token never get a socket, whatever the command. */
const NO_SEAT = {
  removed: 'no connection: FORBIDDEN',
  badToken: 'no connection: UNAUTHENTICATED',
  otherDrillToken: 'no connection: UNAUTHENTICATED',
} as const;

// prettier-ignore
const MATRIX: Row[] = [
  // command                                                             in             facilitator                           right role                               other role                              no role                          spectator     removed, bad token, other drill's token
  { command: { type: 'assignRole', participantId: NINA, role: 'comms' }, in: 'lobby',   facilitator: 'ok',                    rightRole: ['ops', F],                   otherRole: ['ic', F],                   noRole: 'ok',                    spectator: F, ...NO_SEAT },
  { command: { type: 'assignRole', participantId: NINA, role: 'comms' }, in: 'running', facilitator: 'ok',                    rightRole: ['ops', F],                   otherRole: ['ic', F],                   noRole: 'DRILL_ALREADY_STARTED', spectator: F, ...NO_SEAT },
  { command: { type: 'start' },                                         in: 'lobby',   facilitator: 'ok',                    rightRole: ['ic', F],                    otherRole: ['ops', F],                  noRole: F,                       spectator: F, ...NO_SEAT },
  { command: { type: 'start' },                                         in: 'running', facilitator: 'DRILL_ALREADY_STARTED', rightRole: ['ic', F],                    otherRole: ['ops', F],                  noRole: F,                       spectator: F, ...NO_SEAT },
  { command: { type: 'pause' },                                         in: 'running', facilitator: 'ok',                    rightRole: ['ic', F],                    otherRole: ['ops', F],                  noRole: F,                       spectator: F, ...NO_SEAT },
  { command: { type: 'pause' },                                         in: 'lobby',   facilitator: 'DRILL_NOT_RUNNING',     rightRole: ['ic', F],                    otherRole: ['ops', F],                  noRole: F,                       spectator: F, ...NO_SEAT },
  { command: { type: 'resume' },                                        in: 'paused',  facilitator: 'ok',                    rightRole: ['ic', F],                    otherRole: ['ops', F],                  noRole: F,                       spectator: F, ...NO_SEAT },
  { command: { type: 'resume' },                                        in: 'running', facilitator: 'DRILL_NOT_RUNNING',     rightRole: ['ic', F],                    otherRole: ['ops', F],                  noRole: F,                       spectator: F, ...NO_SEAT },
  { command: { type: 'setSpeed', speed: 2 },                            in: 'running', facilitator: 'ok',                    rightRole: ['ic', F],                    otherRole: ['ops', F],                  noRole: F,                       spectator: F, ...NO_SEAT },
  { command: { type: 'takeAction', action: 'inspect-cache' },           in: 'running', facilitator: F,                       rightRole: ['ops', 'ok'],                otherRole: ['ic', 'NOT_YOUR_ROLE'],     noRole: 'NO_ROLE',               spectator: F, ...NO_SEAT },
  { command: { type: 'takeAction', action: 'warm-cache' },              in: 'running', facilitator: F,                       rightRole: ['ops', 'ACTION_UNAVAILABLE'], otherRole: ['ic', 'NOT_YOUR_ROLE'],    noRole: 'NO_ROLE',               spectator: F, ...NO_SEAT },
  { command: { type: 'takeAction', action: 'ack' },                     in: 'paused',  facilitator: F,                       rightRole: ['ops', 'DRILL_NOT_RUNNING'], otherRole: ['comms', 'DRILL_NOT_RUNNING'], noRole: 'DRILL_NOT_RUNNING', spectator: F, ...NO_SEAT },
  { command: { type: 'fireInject', inject: 'vp-calls' },                in: 'running', facilitator: 'ok',                    rightRole: ['ic', F],                    otherRole: ['ops', F],                  noRole: F,                       spectator: F, ...NO_SEAT },
  { command: { type: 'fireInject', inject: 'vp-calls' },                in: 'lobby',   facilitator: 'DRILL_NOT_RUNNING',     rightRole: ['ic', F],                    otherRole: ['ops', F],                  noRole: F,                       spectator: F, ...NO_SEAT },
  { command: { type: 'revealHint' },                                    in: 'running', facilitator: 'ok',                    rightRole: ['ic', F],                    otherRole: ['ops', F],                  noRole: F,                       spectator: F, ...NO_SEAT },
  { command: { type: 'postMessage', text: 'hello' },                    in: 'running', facilitator: 'ok',                    rightRole: ['ic', 'ok'],                 otherRole: ['ops', 'ok'],               noRole: 'ok',                    spectator: F, ...NO_SEAT },
  { command: { type: 'postStatusUpdate', text: 'Investigating' },       in: 'running', facilitator: F,                       rightRole: ['comms', 'ok'],              otherRole: ['ops', 'NOT_YOUR_ROLE'],    noRole: 'NOT_YOUR_ROLE',         spectator: F, ...NO_SEAT },
  { command: { type: 'postStatusUpdate', text: 'Investigating' },       in: 'lobby',   facilitator: F,                       rightRole: ['comms', 'DRILL_NOT_RUNNING'], otherRole: ['ops', 'DRILL_NOT_RUNNING'], noRole: 'DRILL_NOT_RUNNING', spectator: F, ...NO_SEAT },
  { command: { type: 'removeParticipant', participantId: NINA },        in: 'running', facilitator: 'ok',                    rightRole: ['ic', F],                    otherRole: ['ops', F],                  noRole: F,                       spectator: F, ...NO_SEAT },
  { command: { type: 'end', reason: 'Done' },                           in: 'running', facilitator: 'ok',                    rightRole: ['ic', F],                    otherRole: ['ops', F],                  noRole: F,                       spectator: F, ...NO_SEAT },
  { command: { type: 'postMessage', text: 'too late' },                 in: 'ended',   facilitator: 'DRILL_ENDED',           rightRole: ['ic', 'DRILL_ENDED'],        otherRole: ['ops', 'DRILL_ENDED'],      noRole: 'DRILL_ENDED',           spectator: 'DRILL_ENDED', ...NO_SEAT },
];

const COMMAND_TYPES = [
  'assignRole',
  'start',
  'pause',
  'resume',
  'setSpeed',
  'takeAction',
  'fireInject',
  'revealHint',
  'postMessage',
  'postStatusUpdate',
  'removeParticipant',
  'end',
] as const;

const label = (row: Row) =>
  `${row.command.type}${'action' in row.command ? ` ${row.command.action}` : ''} while ${row.in}`;

async function drillIn(state: Row['in']): Promise<SeatedDrill> {
  // Speed 1: no scheduler tick for 30 real seconds, so the sequence moves only by commands.
  const drill = await seatMiniDrill(server, { state: state === 'ended' ? 'running' : state });
  if (state === 'ended')
    expect(await drill.clients.facilitator.send({ type: 'end' })).toMatchObject({ ok: true });
  return drill;
}

describe('the authorisation matrix', () => {
  it('has a row for every command type', () => {
    expect(new Set(MATRIX.map((r) => r.command.type))).toEqual(new Set(COMMAND_TYPES));
  });

  for (const row of MATRIX) {
    it(`answers ${label(row)} as the matrix says, and refusals change nothing`, async () => {
      const drill = await drillIn(row.in);
      try {
        const host = await drill.host();
        const command = JSON.parse(
          JSON.stringify(row.command).replaceAll(NINA, drill.creds.nina.participantId!),
        ) as CommandInput;
        const attempts: [string, TestClient, Outcome][] = [
          ['facilitator', drill.clients.facilitator, row.facilitator],
          [`${row.rightRole[0]} (right role)`, drill.clients[row.rightRole[0]], row.rightRole[1]],
          [`${row.otherRole[0]} (other role)`, drill.clients[row.otherRole[0]], row.otherRole[1]],
          ['player without role', drill.clients.nina, row.noRole],
          ['spectator', drill.clients.spectator, row.spectator],
        ];
        // Refusals first, against the state the row describes; then the accepted ones.
        attempts.sort((a, b) => Number(a[2] === 'ok') - Number(b[2] === 'ok'));
        const answered: Record<string, Outcome> = {};
        for (const [who, client, expected] of attempts) {
          const before = host.seq;
          const ack = await client.send(command);
          answered[who] = ack.ok ? 'ok' : ack.error.code;
          if (expected === 'ok' && ack.ok) {
            expect(ack.seq).toBe(host.seq);
            expect(host.seq).toBeGreaterThan(before);
          } else {
            expect(host.seq, `${who}'s refused ${row.command.type} changed the drill`).toBe(before);
          }
        }
        expect(answered).toEqual(
          Object.fromEntries(attempts.map(([who, , expected]) => [who, expected])),
        );

        const refusals = {
          removed: await handshake(server.url, {
            drillId: drill.drillId,
            token: drill.creds.removed.token,
          }),
          badToken: await handshake(server.url, {
            drillId: drill.drillId,
            token: randomBytes(24).toString('base64url'),
          }),
          otherDrillToken: await handshake(server.url, {
            drillId: drill.drillId,
            token: otherDrill.facilitator.token,
          }),
        };
        const asRow = (r: (typeof refusals)[keyof typeof refusals]) =>
          typeof r === 'object' ? `no connection: ${r.code}` : r;
        expect({
          removed: asRow(refusals.removed),
          badToken: asRow(refusals.badToken),
          otherDrillToken: asRow(refusals.otherDrillToken),
        }).toEqual({
          removed: row.removed,
          badToken: row.badToken,
          otherDrillToken: row.otherDrillToken,
        });

        // Nothing was written that the host did not acknowledge.
        await host.idle();
        expect(await server.store.loadEvents(drill.drillId)).toHaveLength(host.seq);
      } finally {
        drill.close();
      }
    });
  }

  it('kicks a connected player the moment the facilitator removes them, and keeps them out', async () => {
    const drill = await seatMiniDrill(server, { state: 'running' });
    try {
      const kicked = new Promise<{ reason: string }>((resolve) =>
        drill.clients.nina.socket.once('kicked', resolve),
      );
      const gone = new Promise<string>((resolve) =>
        drill.clients.nina.socket.once('disconnect', resolve),
      );
      expect(
        await drill.clients.facilitator.send({
          type: 'removeParticipant',
          participantId: drill.creds.nina.participantId!,
        }),
      ).toMatchObject({ ok: true });
      expect((await kicked).reason).toMatch(/removed/);
      expect(await gone).toBe('io server disconnect');
      expect(
        await handshake(server.url, { drillId: drill.drillId, token: drill.creds.nina.token }),
      ).toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      drill.close();
    }
  });
});

describe('views across roles', () => {
  it("never caches a view under a socket's old seat when a sync comes between a role change and its publication", async () => {
    // Paused: no clock ticks, so the sequence number stays where this test puts it.
    const drill = await seatMiniDrill(server, { state: 'paused' });
    const { facilitator, ic } = drill.clients;
    // Ivan also plays ic but has not connected yet.
    const ivan = await joinDrill(server.url, drill.joinCode, 'Ivan');
    let ivanClient: TestClient | null = null;
    expect(
      await facilitator.send({
        type: 'assignRole',
        participantId: ivan.participantId!,
        role: 'ic',
      }),
    ).toMatchObject({ ok: true });
    await drill.settled();
    const release = server.realtime.holdPublishing();
    try {
      // Ines moves from ic to comms; before that change is published, she asks for a view.
      expect(
        await facilitator.send({
          type: 'assignRole',
          participantId: drill.creds.ic.participantId!,
          role: 'comms',
        }),
      ).toMatchObject({ ok: true });
      const synced = await ic.sync();
      expect(synced.ok && synced.view.me?.role.id).toBe('comms');
      release();
      // Ivan connects as ic at the same sequence number: he must get the ic view.
      ivanClient = await connect(server.url, ivan);
      const view = ivanClient.view();
      expect(view.me?.role.id).toBe('ic');
      expect(view.me?.role.brief).toContain('IC-BRIEF-SECRET');
      expect(ivanClient.received.join('\n')).not.toContain('COMMS-BRIEF-SECRET');
    } finally {
      release();
      ivanClient?.close();
      drill.close();
    }
  });

  it('sends no brief, secret or role signal in the lobby, however often a player changes role', async () => {
    const drill = await seatMiniDrill(server);
    const { facilitator, ops, nina } = drill.clients;
    const ninaId = drill.creds.nina.participantId!;
    try {
      // Nina tries every role in turn, twice, asking for a whole view after each pick.
      for (const role of ['ic', 'ops', 'comms', null, 'ops', 'comms', 'ic'] as const) {
        expect(await nina.send({ type: 'assignRole', participantId: ninaId, role })).toMatchObject({
          ok: true,
        });
        await nina.waitFor((v) => (v.me?.role.id ?? null) === role);
        expect((await nina.sync()).ok).toBe(true);
        if (role) expect(nina.view().me).toMatchObject({ role: { brief: null, secret: null } });
      }
      await drill.settled();
      const lobby = Object.fromEntries(
        Object.entries(drill.clients).map(([seat, c]) => [seat, c.received.join('\n')]),
      );
      for (const seat of ['nina', 'ic', 'ops', 'comms', 'spectator'] as const) {
        // Not even their own: a picked role is a name until the start.
        expect(lobby[seat]).not.toMatch(/[A-Z]+-BRIEF-SECRET|OPS-ONLY-SECRET/);
        // Nor what only one role is shown (the ops-only latency chart, its actions).
        expect(lobby[seat]).not.toContain('API latency');
        expect(lobby[seat]).not.toContain('Inspect the cache');
      }

      // The start brings each role its brief and secret.
      expect(await facilitator.send({ type: 'start' })).toMatchObject({ ok: true });
      const running = await ops.waitFor((v) => v.drill.status === 'running');
      expect(running.me?.role.brief).toContain('OPS-BRIEF-SECRET');
      expect(running.me?.role.secret).toContain('OPS-ONLY-SECRET');
      const ic = await nina.waitFor((v) => v.drill.status === 'running');
      expect(ic.me?.role.brief).toContain('IC-BRIEF-SECRET');
      expect(JSON.stringify(ic)).not.toContain('OPS-ONLY-SECRET');
    } finally {
      drill.close();
    }
  });

  it("never sends a seat another role's secrets while the drill runs; the debrief opens every box", async () => {
    const drill = await seatMiniDrill(server, { state: 'running', speed: 10 });
    const { facilitator, ic, ops, comms, nina, spectator } = drill.clients;
    try {
      const must = async (client: TestClient, command: CommandInput) =>
        expect(await client.send(command)).toMatchObject({ ok: true });
      await must(ops, { type: 'takeAction', action: 'inspect-cache' });
      await must(ops, { type: 'takeAction', action: 'restart', params: { service: 'cache' } });
      await must(ops, { type: 'takeAction', action: 'check-disk' });
      await must(ic, { type: 'takeAction', action: 'ack' });
      await must(comms, { type: 'postStatusUpdate', text: 'We are looking into it.' });
      await must(facilitator, { type: 'fireInject', inject: 'vp-calls' });
      await must(facilitator, { type: 'revealHint' });
      await must(ic, { type: 'postMessage', text: 'Omar, what do you see?' });
      // inspect-cache takes a virtual minute: six real seconds at 10x.
      await ops.waitFor((v) => v.findings.some((f) => f.id === 'cache-empty'), 20_000);
      await facilitator.waitFor((v) => v.findings.some((f) => f.id === 'cache-empty'));
      await drill.settled();
      // Ask each seat for a whole view too: the first sync is a payload like any other.
      await Promise.all(Object.values(drill.clients).map((c) => c.sync()));

      // Recording stops here: after the end the debrief may show everything.
      const during = Object.fromEntries(
        Object.entries(drill.clients).map(([seat, c]) => [seat, c.received.join('\n')]),
      );
      expect(during.ops).toContain('OPS-FINDING-SECRET');
      expect(during.ops).toContain('OPS-ONLY-SECRET');
      expect(during.ic).toContain('IC-BRIEF-SECRET');
      expect(during.comms).toContain('COMMS-BRIEF-SECRET');
      expect(during.facilitator).toContain('OPS-FINDING-SECRET');

      for (const secret of ['IC-BRIEF-SECRET', 'COMMS-BRIEF-SECRET'])
        expect(during.ops).not.toContain(secret);
      for (const secret of [
        'OPS-ONLY-SECRET',
        'OPS-BRIEF-SECRET',
        'OPS-FINDING-SECRET',
        'COMMS-BRIEF-SECRET',
      ])
        expect(during.ic).not.toContain(secret);
      for (const secret of [
        'OPS-ONLY-SECRET',
        'OPS-BRIEF-SECRET',
        'OPS-FINDING-SECRET',
        'IC-BRIEF-SECRET',
      ])
        expect(during.comms).not.toContain(secret);
      for (const seat of ['spectator', 'nina'] as const) {
        expect(during[seat]).not.toMatch(/[A-Z]+-BRIEF-SECRET|OPS-ONLY-SECRET|OPS-FINDING-SECRET/);
      }
      // Nor the things only the facilitator or one role is shown.
      expect(during.ic).not.toContain('cache restarted');
      expect(during.ops).not.toContain('What is going on?');
      expect(during.ic).toContain('What is going on?');
      expect(during.spectator).toContain('We are looking into it.');

      await must(facilitator, { type: 'end', reason: 'Debrief' });
      const debrief = await ic.waitFor((v) => v.debrief !== null);
      expect(debrief.findings.map((f) => f.text).join(' ')).toContain('OPS-FINDING-SECRET');
      await spectator.waitFor((v) => v.debrief !== null);
      await nina.waitFor((v) => v.debrief !== null);
    } finally {
      drill.close();
    }
  });
});
