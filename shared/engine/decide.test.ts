import { describe, expect, it } from 'vitest';
import { compileMini } from '../../test/fixtures/load.ts';
import { createDrill, MINI_SEATS, type TestDrill } from '../../test/fixtures/drill.ts';
import { Command, type Actor, type CommandInput, type ErrorCode } from './commands.ts';
import { decide, decideJoin, dueTick, FACILITATOR_ID } from './decide.ts';

const mini = compileMini();

// Seats of a running drill. Ops and comms are each the right role for some commands and
// the wrong one for others; p-gone played ops until the facilitator removed them.
const SEATS = {
  facilitator: { kind: 'facilitator' },
  ops: { kind: 'player', participantId: 'p-ops' },
  comms: { kind: 'player', participantId: 'p-comms' },
  noRole: { kind: 'player', participantId: 'p-none' },
  spectator: { kind: 'spectator', participantId: 's-1' },
  removed: { kind: 'player', participantId: 'p-gone' },
} satisfies Record<string, Actor>;
type SeatName = keyof typeof SEATS;

function runningDrill(): TestDrill {
  const d = createDrill(mini, {
    seats: [...MINI_SEATS, { id: 'p-gone', name: 'Gus', role: 'ops' }],
  });
  d.start();
  d.must('facilitator', { type: 'removeParticipant', participantId: 'p-gone' });
  return d;
}

type Expected = 'ok' | ErrorCode;
const F = 'FORBIDDEN';
const GONE = 'UNKNOWN_PARTICIPANT';

// command -> [facilitator, ops, comms, noRole, spectator, removed], in a running drill.
const MATRIX: [string, CommandInput, Expected[]][] = [
  [
    'assign a role to p-none',
    { type: 'assignRole', participantId: 'p-none', role: 'comms' },
    ['ok', F, F, 'DRILL_ALREADY_STARTED', F, GONE],
  ],
  ['start', { type: 'start' }, ['DRILL_ALREADY_STARTED', F, F, F, F, GONE]],
  ['pause', { type: 'pause' }, ['ok', F, F, F, F, GONE]],
  ['resume', { type: 'resume' }, ['DRILL_NOT_RUNNING', F, F, F, F, GONE]],
  ['set the speed', { type: 'setSpeed', speed: 2 }, ['ok', F, F, F, F, GONE]],
  [
    'take an ops action',
    { type: 'takeAction', action: 'inspect-cache' },
    [F, 'ok', 'NOT_YOUR_ROLE', 'NO_ROLE', F, GONE],
  ],
  [
    'take an unknown action',
    { type: 'takeAction', action: 'dance' },
    [F, 'UNKNOWN_ACTION', 'UNKNOWN_ACTION', 'NO_ROLE', F, GONE],
  ],
  ['fire an inject', { type: 'fireInject', inject: 'vp-calls' }, ['ok', F, F, F, F, GONE]],
  ['reveal a hint', { type: 'revealHint' }, ['ok', F, F, F, F, GONE]],
  ['post a message', { type: 'postMessage', text: 'hello' }, ['ok', 'ok', 'ok', 'ok', F, GONE]],
  [
    'post a status update',
    { type: 'postStatusUpdate', text: 'Investigating' },
    [F, 'NOT_YOUR_ROLE', 'ok', 'NOT_YOUR_ROLE', F, GONE],
  ],
  [
    'remove a participant',
    { type: 'removeParticipant', participantId: 'p-none' },
    ['ok', F, F, F, F, GONE],
  ],
  ['end the drill', { type: 'end' }, ['ok', F, F, F, F, GONE]],
  [
    'post as a character',
    { type: 'postAs', from: 'The CEO', text: 'Is it down?' },
    ['ok', F, F, F, F, GONE],
  ],
  [
    'inject free text',
    { type: 'injectText', from: 'A customer', channel: 'social', text: 'Cannot log in' },
    ['ok', F, F, F, F, GONE],
  ],
  ['add a note', { type: 'addNote', text: 'Ops guessed' }, ['ok', F, F, F, F, GONE]],
  [
    'judge a rubric item',
    { type: 'judgeItem', item: 'acked', verdict: 'pass', reason: 'Acked by phone' },
    ['ok', F, F, F, F, GONE],
  ],
];
const COLUMNS = Object.keys(SEATS) as SeatName[];

describe('decide: who may do what in a running drill', () => {
  const cases = MATRIX.flatMap(([name, command, expected]) =>
    COLUMNS.map((seat, i) => ({ name, command, seat, expected: expected[i]! })),
  );

  it.each(cases)('$seat: $name -> $expected', ({ command, seat, expected }) => {
    const d = runningDrill();
    const before = structuredClone(d.state);
    const decision = decide(mini, d.state, SEATS[seat], Command.parse(command), 90);
    // Deciding never changes the state, whatever the answer.
    expect(d.state).toEqual(before);
    if (expected === 'ok') {
      expect(decision.ok).toBe(true);
    } else {
      expect(decision).toMatchObject({
        ok: false,
        error: { code: expected, message: expect.any(String) },
      });
    }
  });

  it('stamps the events it produces with the later of "now" and the drill clock', () => {
    const d = runningDrill();
    d.advance(5);
    const late = decide(
      mini,
      d.state,
      SEATS.ops,
      Command.parse({ type: 'postMessage', text: 'hi' }),
      60,
    );
    expect(late).toMatchObject({ ok: true, events: [{ type: 'messagePosted', at: 300 }] });
  });

  it("posts the facilitator's messages under the facilitator id", () => {
    const d = runningDrill();
    const decision = decide(
      mini,
      d.state,
      SEATS.facilitator,
      Command.parse({ type: 'postMessage', text: 'hi' }),
      0,
    );
    expect(decision).toMatchObject({ ok: true, events: [{ participantId: FACILITATOR_ID }] });
  });
});

describe('decide: before the drill starts', () => {
  const lobby = () => createDrill(mini, { seats: MINI_SEATS });

  it("lets a player pick their own role, and nobody else's", () => {
    const d = lobby();
    expect(d.act('p-none', { type: 'assignRole', participantId: 'p-none', role: 'comms' }).ok).toBe(
      true,
    );
    expect(d.state.participants['p-none']!.role).toBe('comms');
    expect(
      d.act('p-none', { type: 'assignRole', participantId: 'p-ops', role: 'comms' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('refuses an unknown role, an unknown participant and a role for a spectator', () => {
    const d = lobby();
    const code = (cmd: CommandInput) => {
      const decision = d.act('facilitator', cmd);
      return decision.ok ? 'ok' : decision.error.code;
    };
    expect(code({ type: 'assignRole', participantId: 'p-none', role: 'janitor' })).toBe(
      'UNKNOWN_ROLE',
    );
    expect(code({ type: 'assignRole', participantId: 'nobody', role: 'ops' })).toBe(
      'UNKNOWN_PARTICIPANT',
    );
    expect(code({ type: 'assignRole', participantId: 's-1', role: 'ops' })).toBe('FORBIDDEN');
  });

  it('refuses to start until every required role is played', () => {
    const d = createDrill(mini, { seats: [{ id: 'p-ic', name: 'Ivy', role: 'ic' }] });
    expect(d.act('facilitator', { type: 'start' })).toEqual({
      ok: false,
      error: { code: 'ROLES_MISSING', message: 'Someone must play: Ops.' },
    });
    d.must('facilitator', { type: 'assignRole', participantId: 'p-ic', role: 'ops' });
    expect(d.act('facilitator', { type: 'start' })).toMatchObject({
      error: { message: 'Someone must play: Incident commander.' },
    });
  });

  it('lets a solo drill start with roles missing', () => {
    const d = createDrill(mini, { solo: true, seats: [{ id: 'p-1', name: 'Solo', role: 'ops' }] });
    expect(d.act('facilitator', { type: 'start' }).ok).toBe(true);
  });

  it('refuses what needs a running drill', () => {
    const d = lobby();
    expect(d.act('p-ops', { type: 'takeAction', action: 'ack' })).toMatchObject({
      error: { code: 'DRILL_NOT_RUNNING' },
    });
    expect(d.act('p-comms', { type: 'postStatusUpdate', text: 'x' })).toMatchObject({
      error: { code: 'DRILL_NOT_RUNNING' },
    });
    expect(d.act('facilitator', { type: 'fireInject', inject: 'vp-calls' })).toMatchObject({
      error: { code: 'DRILL_NOT_RUNNING' },
    });
    expect(d.act('facilitator', { type: 'revealHint' })).toMatchObject({
      error: { code: 'DRILL_NOT_RUNNING' },
    });
    expect(d.act('facilitator', { type: 'pause' })).toMatchObject({
      error: { code: 'DRILL_NOT_RUNNING' },
    });
  });
});

describe('decide: after the drill ends', () => {
  // Judgement is the exception: the facilitator notes and judges during the debrief.
  const JUDGEMENT = new Set(['addNote', 'judgeItem']);

  it('refuses every command from every seat, but judgement from the facilitator', () => {
    const d = runningDrill();
    d.must('facilitator', { type: 'end', reason: 'Time is up' });
    for (const [, command, expected] of MATRIX) {
      COLUMNS.forEach((seat, i) => {
        if (seat === 'removed') return;
        const decision = decide(mini, d.state, SEATS[seat], Command.parse(command), 100);
        if (JUDGEMENT.has(command.type)) {
          expect(decision.ok ? 'ok' : decision.error.code).toBe(expected[i]);
        } else {
          expect(decision).toMatchObject({ ok: false, error: { code: 'DRILL_ENDED' } });
        }
      });
    }
    expect(
      decideJoin(d.state, { participantId: 'late', name: 'Late', kind: 'player' }, 100),
    ).toMatchObject({
      error: { code: 'DRILL_ENDED' },
    });
  });
});

describe('decide: hints', () => {
  it('reveals hints in order and says when there are none left', () => {
    const d = runningDrill();
    expect(d.act('facilitator', { type: 'revealHint', hint: 'h2' })).toMatchObject({
      error: { code: 'UNKNOWN_HINT' },
    });
    d.must('facilitator', { type: 'revealHint' }, 1);
    expect(d.act('facilitator', { type: 'revealHint', hint: 'h1' })).toMatchObject({
      error: { code: 'UNKNOWN_HINT' },
    });
    d.must('facilitator', { type: 'revealHint', hint: 'h2' }, 2);
    expect(d.state.hints.map((h) => h.hint)).toEqual(['h1', 'h2']);
    expect(d.act('facilitator', { type: 'revealHint' })).toMatchObject({
      error: { code: 'NO_MORE_HINTS' },
    });
  });

  it('lets the player of a solo drill ask for a hint', () => {
    const d = createDrill(mini, { solo: true, seats: [{ id: 'p-1', name: 'Solo', role: 'ops' }] });
    d.start();
    expect(d.act('p-1', { type: 'revealHint' })).toMatchObject({
      ok: true,
      events: [{ hint: 'h1', requestedBy: 'p-1' }],
    });
  });
});

describe('decideJoin', () => {
  it('records a seat, trims the name and refuses a taken id or an empty name', () => {
    const d = createDrill(mini);
    expect(decideJoin(d.state, { participantId: 'a', name: '  Ann ', kind: 'player' }, 0)).toEqual({
      ok: true,
      events: [{ type: 'joined', at: 0, participantId: 'a', name: 'Ann', kind: 'player' }],
    });
    d.apply([{ type: 'joined', at: 0, participantId: 'a', name: 'Ann', kind: 'player' }]);
    expect(
      decideJoin(d.state, { participantId: 'a', name: 'Bob', kind: 'player' }, 0),
    ).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } });
    expect(
      decideJoin(d.state, { participantId: 'b', name: '   ', kind: 'player' }, 0),
    ).toMatchObject({ error: { code: 'INVALID_PAYLOAD' } });
  });
});

describe('dueTick', () => {
  it('asks for a tick only when a timer is due', () => {
    const d = runningDrill();
    expect(dueTick(d.state, 119)).toBeNull();
    expect(dueTick(d.state, 120)).toEqual({ type: 'timeAdvanced', at: 120 });
  });

  it('never ticks a drill that has not started', () => {
    const d = createDrill(mini, { seats: MINI_SEATS });
    expect(dueTick(d.state, 10_000)).toBeNull();
  });
});
