import { describe, expect, it } from 'vitest';
import { compileMini, miniWith } from '../../test/fixtures/load.ts';
import { createDrill, MINI_SEATS, type TestDrill } from '../../test/fixtures/drill.ts';
import type { CompiledScenario } from './compile.ts';
import { score, type Score } from './score.ts';

const mini = compileMini();

function running(c: CompiledScenario = mini): TestDrill {
  const d = createDrill(c, { seats: MINI_SEATS });
  d.start();
  return d;
}
const scoreOf = (d: TestDrill) => score(d.c, d.state);
const item = (s: Score, id: string) => {
  const found = s.items.find((i) => i.id === id);
  if (!found) throw new Error(`no score item "${id}"`);
  return found;
};
const ack = (d: TestDrill, minute: number) =>
  d.must('p-ops', { type: 'takeAction', action: 'ack' }, minute);
/** Finds the cause and fixes it: "mitigated" starts at `minute`. */
function mitigate(d: TestDrill, minute: number) {
  d.must('p-ops', { type: 'takeAction', action: 'inspect-cache' }, Math.min(2, minute - 1));
  d.must('p-ops', { type: 'takeAction', action: 'warm-cache' }, minute);
}

describe('score: the ideal response', () => {
  it('gives every point to a run that follows it', () => {
    const d = running();
    ack(d, 1);
    d.must('p-comms', { type: 'postStatusUpdate', text: 'We are on it' }, 2.5);
    d.must('p-ic', { type: 'takeAction', action: 'page-exec' }, 6);
    mitigate(d, 7);
    d.advance(12);
    expect(d.state.status).toBe('ended');
    const s = scoreOf(d);
    expect(s).toMatchObject({
      percent: 100,
      earned: 100,
      penalties: 0,
      max: 100,
      penaltyItems: [],
      final: true,
    });
  });

  it('explains a step that was never done', () => {
    const s = scoreOf(running());
    expect(item(s, 'warmed')).toMatchObject({
      earned: 0,
      max: 30,
      at: null,
      explanation: 'Never done. Fix it.',
    });
    expect(s.final).toBe(false);
  });
});

describe('score: deadlines', () => {
  it('gives full credit on the deadline itself', () => {
    const d = running();
    ack(d, 4);
    expect(item(scoreOf(d), 'acked')).toMatchObject({ earned: 10, at: 4 });
  });

  it('gives partial credit when late, falling linearly over "lateBy"', () => {
    const d = running();
    ack(d, 6);
    expect(item(scoreOf(d), 'acked')).toMatchObject({
      earned: 5,
      max: 10,
      at: 6,
      explanation: 'Done at 6 min, 2 min after the deadline (4 min): 5 of 10 points. Own the page.',
    });
  });

  it('gives nothing once "lateBy" has passed', () => {
    const d = running();
    ack(d, 9);
    expect(item(scoreOf(d), 'acked').earned).toBe(0);
  });

  it('gives nothing for a late step that allows no lateness', () => {
    const d = running();
    mitigate(d, 16);
    expect(item(scoreOf(d), 'warmed')).toMatchObject({ earned: 0, at: 16 });
  });

  it('measures a "beforePhase" deadline from the moment the phase started', () => {
    const c = miniWith((s) => {
      s.scoring.expected[0].deadline = { beforePhase: 'slow' };
    });
    const early = running(c);
    ack(early, 1.5);
    expect(item(scoreOf(early), 'acked').earned).toBe(10);

    const late = running(c);
    ack(late, 3);
    // "slow" started at minute 2; one minute late of four allowed.
    expect(item(scoreOf(late), 'acked')).toMatchObject({
      earned: 7.5,
      explanation: expect.stringContaining('1 min after the deadline (2 min)'),
    });
  });

  it('has no deadline while the deadline phase has not started', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'inspect-cache' }, 25);
    d.advance(26);
    expect(item(scoreOf(d), 'inspected')).toMatchObject({ earned: 20, at: 26 });
  });
});

describe('score: actions that take time', () => {
  it('earns the credit of a duration action only when it completes, at that moment', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'inspect-cache' }, 25);
    expect(item(scoreOf(d), 'inspected')).toMatchObject({ earned: 0, at: null });
    d.advance(26);
    expect(item(scoreOf(d), 'inspected')).toMatchObject({ earned: 20, at: 26 });
  });

  it('earns nothing for an action called off before it completed', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'inspect-cache' }, 25);
    const record = d.state.actions.at(-1)!.seq;
    d.must('p-ops', { type: 'cancelAction', record }, 25.5);
    d.advance(27);
    expect(d.state.findings['cache-empty']).toBeUndefined();
    expect(item(scoreOf(d), 'inspected')).toMatchObject({ earned: 0 });
    // Called off, it may be started again.
    d.must('p-ops', { type: 'takeAction', action: 'inspect-cache' }, 27);
  });
});

describe('score: harmful actions', () => {
  it('costs each harmful rubric item once, however often it is repeated', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'restart', params: { service: 'cache' } }, 1);
    d.must('p-ops', { type: 'takeAction', action: 'restart', params: { service: 'api' } }, 1.5);
    d.must('p-ops', { type: 'takeAction', action: 'restart', params: { service: 'cache' } }, 2);
    d.must('p-ops', { type: 'takeAction', action: 'retry-everything' }, 3);
    d.must('p-ops', { type: 'takeAction', action: 'retry-everything' }, 4);
    const s = scoreOf(d);
    expect(s.penaltyItems.filter((p) => p.kind === 'harmful')).toEqual([
      {
        id: 'restart-cache',
        kind: 'harmful',
        label: 'Restart a service by Ops at 1 min',
        points: 15,
        at: 1,
        why: 'It empties the cache again.',
      },
      {
        id: 'retry-storm',
        kind: 'harmful',
        label: 'Retry all failed jobs by Ops at 3 min',
        points: 10,
        at: 3,
        why: 'Retries pile up.',
      },
    ]);
    expect(s.penalties).toBe(25);
  });

  it('judges a conditional harm by the world as it was when the action was taken', () => {
    const c = miniWith((s) => {
      s.scoring.harmful[1].if = { phase: 'worse' };
    });
    const d = running(c);
    for (const minute of [3, 4])
      d.must('p-ops', { type: 'takeAction', action: 'retry-everything' }, minute);
    expect(scoreOf(d).penaltyItems).toEqual([]);
    d.must('p-ops', { type: 'takeAction', action: 'retry-everything' }, 5);
    expect(scoreOf(d).penaltyItems.map((p) => [p.id, p.at])).toEqual([['retry-storm', 5]]);
  });

  it('never lets the percentage fall below zero', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'restart', params: { service: 'cache' } }, 1);
    const s = scoreOf(d);
    expect(s.earned).toBeLessThan(s.penalties);
    expect(s.percent).toBe(0);
  });
});

describe('score: cadence', () => {
  it('counts the windows that had an update from the expected role', () => {
    const d = running();
    d.must('p-comms', { type: 'postStatusUpdate', text: 'Investigating' }, 5);
    d.must('p-ic', { type: 'postStatusUpdate', text: 'Not counted: wrong role' }, 15);
    d.must('p-comms', { type: 'postStatusUpdate', text: 'Nearly there' }, 25);
    mitigate(d, 27);
    // From "slow" (minute 2) to "mitigated" (minute 27): windows 2-12, 12-22, 22-27.
    expect(item(scoreOf(d), 'updates')).toMatchObject({
      earned: 6.7,
      max: 10,
      explanation: '2 of 3 10-minute windows had an update. Customers need news.',
    });
  });

  it('counts an update in the last instant of the final window', () => {
    const d = running();
    mitigate(d, 7);
    d.must('p-comms', { type: 'postStatusUpdate', text: 'Fixed' }, 7);
    expect(item(scoreOf(d), 'updates').earned).toBe(10);
  });

  it('earns nothing, and says so, when the window never opened', () => {
    const d = running();
    d.must('facilitator', { type: 'end' }, 1);
    expect(item(scoreOf(d), 'updates')).toMatchObject({
      earned: 0,
      max: 10,
      explanation: expect.stringContaining('never reached the moment this cadence starts'),
    });
  });
});

describe('score: escalation', () => {
  const escalateAt = (minute: number) => {
    const d = running();
    d.must('p-ic', { type: 'takeAction', action: 'page-exec' }, minute);
    return scoreOf(d);
  };

  it('penalises escalating too early', () => {
    const s = escalateAt(3);
    expect(item(s, 'exec')).toMatchObject({
      earned: 0,
      at: 3,
      explanation: expect.stringContaining('too early'),
    });
    expect(s.penaltyItems).toEqual([
      {
        id: 'exec',
        kind: 'escalation',
        label: 'Page the VP too early',
        points: 5,
        at: 3,
        why: 'Not for every blip.',
      },
    ]);
  });

  it('gives the points inside the window', () => {
    const s = escalateAt(10);
    expect(item(s, 'exec')).toMatchObject({
      earned: 10,
      explanation: expect.stringContaining('inside the window'),
    });
    expect(s.penaltyItems).toEqual([]);
  });

  it('gives nothing, but costs nothing, when too late', () => {
    const s = escalateAt(25);
    expect(item(s, 'exec')).toMatchObject({
      earned: 0,
      explanation: expect.stringContaining('too late'),
    });
    expect(s.penaltyItems).toEqual([]);
  });

  it('gives nothing when nobody escalated', () => {
    expect(item(scoreOf(running()), 'exec')).toMatchObject({
      earned: 0,
      explanation: 'Never escalated. Not for every blip.',
    });
  });
});

describe('score: hints', () => {
  it('costs each revealed hint its price', () => {
    const d = running();
    d.must('facilitator', { type: 'revealHint' }, 1);
    d.must('facilitator', { type: 'revealHint' }, 2);
    expect(scoreOf(d).penaltyItems).toEqual([
      {
        id: 'h1',
        kind: 'hint',
        label: 'Hint revealed',
        points: 5,
        at: 1,
        why: 'Look at the cache.',
      },
      { id: 'h2', kind: 'hint', label: 'Hint revealed', points: 10, at: 2, why: 'Warm it.' },
    ]);
  });
});

describe('score: key timings', () => {
  it('reports each timing against its target, with points falling to zero at twice the target', () => {
    const d = running();
    ack(d, 6);
    mitigate(d, 10);
    const s = scoreOf(d);
    expect(s.timings).toEqual([
      { name: 'acknowledge', target: 4, actual: 6, met: false },
      { name: 'mitigate', target: 12, actual: 10, met: true },
    ]);
    expect(item(s, 'timing-acknowledge')).toMatchObject({
      earned: 5,
      max: 10,
      explanation: '6 min against a target of 4 min: 5 of 10 points.',
    });
    expect(item(s, 'timing-mitigate')).toMatchObject({ earned: 10, at: 10 });
  });

  it('reports a timing never reached', () => {
    const s = scoreOf(running());
    expect(s.timings).toContainEqual({ name: 'mitigate', target: 12, actual: null, met: false });
    expect(item(s, 'timing-mitigate')).toMatchObject({
      earned: 0,
      explanation: 'Never reached (target 12 min).',
    });
  });

  it('can use the first status update as a marker', () => {
    const c = miniWith((s) => {
      s.scoring.timings.detect = { marker: { statusUpdate: true }, target: 5 };
    });
    const d = running(c);
    d.must('p-comms', { type: 'postStatusUpdate', text: 'Looking' }, 3);
    expect(scoreOf(d).timings[0]).toEqual({ name: 'detect', target: 5, actual: 3, met: true });
    expect(scoreOf(d).items.some((i) => i.id === 'timing-detect')).toBe(false);
  });
});

describe('score: alternatives', () => {
  const withAlternative = miniWith((s) => {
    const warmed = s.scoring.expected.find((x: { id: string }) => x.id === 'warmed');
    warmed.anyOf = [{ action: 'restart', params: { service: 'api' } }];
    warmed.if = { phase: 'slow' };
  });

  it('earns a step through any of its alternatives, under the step\'s own "if"', () => {
    const early = createDrill(withAlternative, { seats: MINI_SEATS });
    early.start();
    early.must('p-ops', { type: 'takeAction', action: 'restart', params: { service: 'api' } }, 1);
    expect(item(score(withAlternative, early.state), 'warmed').earned).toBe(0);
    const timely = createDrill(withAlternative, { seats: MINI_SEATS });
    timely.start();
    timely.must('p-ops', { type: 'takeAction', action: 'restart', params: { service: 'api' } }, 3);
    expect(item(score(withAlternative, timely.state), 'warmed').earned).toBe(30);
  });
});

describe('score: an alternative with its own condition', () => {
  const ownCondition = miniWith((s) => {
    const warmed = s.scoring.expected.find((x: { id: string }) => x.id === 'warmed');
    warmed.anyOf = [{ action: 'restart', params: { service: 'api' }, if: { phase: 'calm' } }];
    warmed.if = { phase: 'slow' };
  });

  it('judges the alternative by its own "if", not the step\'s', () => {
    const early = createDrill(ownCondition, { seats: MINI_SEATS });
    early.start();
    early.must('p-ops', { type: 'takeAction', action: 'restart', params: { service: 'api' } }, 1);
    expect(item(score(ownCondition, early.state), 'warmed').earned).toBe(30);
    const late = createDrill(ownCondition, { seats: MINI_SEATS });
    late.start();
    late.must('p-ops', { type: 'takeAction', action: 'restart', params: { service: 'api' } }, 3);
    expect(item(score(ownCondition, late.state), 'warmed').earned).toBe(0);
  });
});

describe('score: a cadence of actions', () => {
  it('counts the windows in which the action was taken', () => {
    const c = miniWith((s) => {
      s.scoring.cadence = [
        {
          id: 'acks',
          label: 'Ack every 2 minutes',
          kind: 'action',
          action: 'restart',
          every: 2,
          from: 0,
          until: 6,
          points: 9,
          why: 'Keep the pager quiet.',
        },
      ];
    });
    const d = createDrill(c, { seats: MINI_SEATS });
    d.start();
    d.must('p-ops', { type: 'takeAction', action: 'restart', params: { service: 'api' } }, 1);
    d.must('p-ops', { type: 'takeAction', action: 'restart', params: { service: 'api' } }, 5);
    d.must('facilitator', { type: 'end' }, 7);
    expect(item(score(c, d.state), 'acks')).toMatchObject({ earned: 6, max: 9 });
  });
});
