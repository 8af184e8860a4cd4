import { describe, expect, it } from 'vitest';
import { compileMini } from '../../test/fixtures/load.ts';
import { createDrill, MINI_SEATS } from '../../test/fixtures/drill.ts';
import { createState } from './apply.ts';
import type { Actor } from './commands.ts';
import { step } from './step.ts';

const mini = compileMini();
const ops: Actor = { kind: 'player', participantId: 'p-ops' };
const facilitator: Actor = { kind: 'facilitator' };

function running() {
  const d = createDrill(mini, { seats: MINI_SEATS });
  d.start();
  return d;
}

describe('step', () => {
  it('fires what is due before judging the command, and returns both in order', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'inspect-cache', params: {} }, 2);
    // The inspection takes a minute: at minute 4 its finding is known, so warming is allowed.
    const r = step(
      mini,
      d.state,
      {
        type: 'command',
        actor: ops,
        command: { type: 'takeAction', action: 'warm-cache', params: {} },
      },
      4 * 60,
    );
    expect(r.error).toBeNull();
    expect(r.events.map((e) => e.type)).toEqual(['timeAdvanced', 'actionTaken']);
    expect(r.events[0]).toMatchObject({ at: 240 });
    expect(r.state).toBe(d.state);
    expect(d.state.phase).toBe('mitigated');
  });

  it('keeps the due tick of a refused command, and says why it was refused', () => {
    const d = running();
    const before = d.state.seq;
    const r = step(
      mini,
      d.state,
      { type: 'command', actor: ops, command: { type: 'fireInject', inject: 'vp-calls' } },
      3 * 60,
    );
    expect(r.error?.code).toBe('FORBIDDEN');
    expect(r.events.map((e) => e.type)).toEqual(['timeAdvanced']);
    expect(d.state.seq).toBe(before + 1);
    expect(d.state.phase).toBe('slow');
    expect(r.ended).toBe(false);
  });

  it('says the drill ended when a command ends it, and only in that step', () => {
    const d = running();
    const end = step(
      mini,
      d.state,
      { type: 'command', actor: facilitator, command: { type: 'end' } },
      60,
    );
    expect(end.ended).toBe(true);
    const after = step(
      mini,
      d.state,
      { type: 'command', actor: facilitator, command: { type: 'end' } },
      61,
    );
    expect(after.ended).toBe(false);
    expect(after.error?.code).toBe('DRILL_ENDED');
    expect(after.events).toEqual([]);
  });

  it('says the drill ended when time alone reaches a terminal phase', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'inspect-cache', params: {} }, 2);
    d.must('p-ops', { type: 'takeAction', action: 'warm-cache', params: {} }, 4);
    const r = step(mini, d.state, { type: 'time' }, 20 * 60);
    expect(r.events).toEqual([{ type: 'timeAdvanced', at: 1200 }]);
    expect(r.ended).toBe(true);
    expect(d.state.status).toBe('ended');
    expect(step(mini, d.state, { type: 'time' }, 21 * 60).events).toEqual([]);
  });

  it('seats a participant with a join, refusing a taken id', () => {
    const state = createState(mini, {
      type: 'created',
      at: 0,
      drillId: 'd',
      scenarioId: mini.scenario.id,
      scenarioHash: mini.hash,
      seed: 1,
      solo: false,
    });
    const join = { type: 'join', participantId: 'p-1', name: 'Ada', kind: 'player' } as const;
    expect(step(mini, state, join, 0).events).toMatchObject([{ type: 'joined', name: 'Ada' }]);
    const again = step(mini, state, join, 0);
    expect(again.error?.code).toBe('INVALID_PAYLOAD');
    expect(again.events).toEqual([]);
  });

  it('stops the clock when the only player leaves, and starts it only if that stopped it', () => {
    const d = running();
    const away = step(mini, d.state, { type: 'away' }, 30);
    expect(away.error).toBeNull();
    expect(away.events).toEqual([{ type: 'clockPaused', at: 30, reason: 'away' }]);
    expect(d.state).toMatchObject({ status: 'paused', pausedAway: true });
    expect(step(mini, d.state, { type: 'away' }, 30).error?.code).toBe('DRILL_NOT_RUNNING');
    const back = step(mini, d.state, { type: 'back' }, 30);
    expect(back.events.map((e) => e.type)).toEqual(['clockResumed']);
    expect(d.state).toMatchObject({ status: 'running', pausedAway: false });
    // A pause the facilitator chose is not undone by a player coming back.
    d.must('facilitator', { type: 'pause' }, 1);
    expect(step(mini, d.state, { type: 'back' }, 60).error?.code).toBe('DRILL_NOT_RUNNING');
    expect(d.state.status).toBe('paused');
  });
});
