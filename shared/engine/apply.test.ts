import { describe, expect, it } from 'vitest';
import { compileMini, miniWith } from '../../test/fixtures/load.ts';
import { createDrill, MINI_SEATS, type TestDrill } from '../../test/fixtures/drill.ts';
import type { CompiledScenario } from './compile.ts';
import { fold } from './apply.ts';
import { viewFor } from './view-for.ts';

const mini = compileMini();

function running(c: CompiledScenario = mini): TestDrill {
  const d = createDrill(c, { seats: MINI_SEATS });
  d.start();
  return d;
}

const phaseAt = (d: TestDrill, phase: string) =>
  d.state.phaseHistory.find((h) => h.phase === phase)?.at ?? null;

describe('the virtual clock', () => {
  it('fires a timed transition exactly at its minute', () => {
    const d = running();
    expect(d.state.phase).toBe('calm');
    d.apply([{ type: 'timeAdvanced', at: 119.9 }]);
    expect(d.state.phase).toBe('calm');
    d.apply([{ type: 'timeAdvanced', at: 120 }]);
    expect(d.state.phase).toBe('slow');
    expect(phaseAt(d, 'slow')).toBe(120);
  });

  it('fires timers due before an event at their own time, not at the event', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'ack' }, 10);
    // calm -> slow at 2, the report 1 minute later, the cloud blip at 3.
    expect(phaseAt(d, 'slow')).toBe(120);
    expect(d.state.reports).toEqual([{ id: 'angry', at: 180 }]);
    expect(d.state.thirdParties.cloud).toMatchObject({ status: 'degraded', at: 180 });
    expect(d.state.actions[0]).toMatchObject({ action: 'ack', at: 600 });
  });

  it('starts a drill only when the clock starts', () => {
    const d = createDrill(mini, { seats: MINI_SEATS });
    d.advance(10);
    expect(d.state.status).toBe('lobby');
    expect(d.state.phaseHistory).toEqual([]);
    d.start(10);
    expect(d.state.phaseHistory).toEqual([{ phase: 'calm', at: 600 }]);
    // Timed transitions count from the phase entry; scheduled injects from minute 0.
    d.advance(11.9);
    expect(d.state.phase).toBe('calm');
    d.advance(12);
    expect(d.state.phase).toBe('slow');
  });
});

describe('actions that take time', () => {
  it('completes a duration action later and reveals its finding only then', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'inspect-cache' }, 2.5);
    expect(d.state.actions[0]).toMatchObject({
      action: 'inspect-cache',
      at: 150,
      completedAt: null,
    });
    expect(d.state.findings).toEqual({});
    expect(
      viewFor(d.c, d.state, { kind: 'player', role: 'ops' }).actions.find(
        (a) => a.id === 'inspect-cache',
      )?.pending,
    ).toBe(true);

    d.advance(3.49);
    expect(d.state.findings).toEqual({});
    d.advance(3.5);
    expect(d.state.actions[0]!.completedAt).toBe(210);
    expect(d.state.findings['cache-empty']).toEqual({ at: 210, to: ['ops'] });
    expect(d.state.feedback).toEqual([{ t: 210, role: 'ops', text: 'The cache is empty.' }]);
  });

  it('judges a command after what finished before it (the host ticks first)', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'inspect-cache' }, 2);
    // At minute 3 the inspection is done, so warming the cache is possible at minute 3.
    expect(d.act('p-ops', { type: 'takeAction', action: 'warm-cache' }, 3).ok).toBe(true);
    expect(d.state.phase).toBe('mitigated');
  });
});

describe('effects', () => {
  it('applies a delayed effect that many minutes after its cause', () => {
    const d = running();
    d.advance(2.99);
    expect(d.state.reports).toEqual([]);
    d.advance(3);
    expect(d.state.reports).toEqual([{ id: 'angry', at: 180 }]);
  });

  it('applies outcome effects only when their guard holds', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'restart', params: { service: 'api' } }, 1);
    expect(d.state.logLines).toEqual([]);
    d.must('p-ops', { type: 'takeAction', action: 'restart', params: { service: 'cache' } }, 2);
    expect(d.state.logLines).toEqual([
      { t: 120, stream: 'api-log', text: 'cache restarted', level: 'warn' },
    ]);
  });

  it('ramps a metric over time and stops a repeating log when mitigated', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'inspect-cache' }, 4);
    d.must('p-ops', { type: 'takeAction', action: 'warm-cache' }, 6);
    expect(d.state.metrics.latency!.map((s) => [s.t0, s.t1, s.to])).toEqual([
      [0, 0, 100],
      [120, 300, 900],
      [360, 480, 110],
    ]);
    expect(Object.values(d.state.logPatterns)).toEqual([
      expect.objectContaining({ id: 'timeout', since: 120, until: 360 }),
    ]);
    expect(d.state.alerts.slow).toEqual({ firedAt: 120, resolvedAt: 360 });
  });
});

describe('phase transitions', () => {
  it('follows a guard-only transition as soon as its condition holds', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'retry-everything' }, 3);
    expect(d.state.phase).toBe('slow');
    d.must('p-ops', { type: 'takeAction', action: 'retry-everything' }, 4);
    expect(d.state.vars.retries).toBe(2);
    expect(d.state.phase).toBe('worse');
    expect(phaseAt(d, 'worse')).toBe(240);
  });

  it('does not follow a guard-only transition from another phase', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'retry-everything' }, 0.5);
    d.must('p-ops', { type: 'takeAction', action: 'retry-everything' }, 1);
    expect(d.state.phase).toBe('calm');
    // Entering "slow" re-checks its conditions at once.
    d.advance(2);
    expect(d.state.phase).toBe('worse');
  });

  it('moves on when the triggering action completes', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'inspect-cache' }, 2);
    d.must('p-ops', { type: 'takeAction', action: 'warm-cache' }, 5);
    expect(d.state.phase).toBe('mitigated');
  });

  it('ignores a timed transition from an earlier visit to the phase', () => {
    const c = miniWith((s) => {
      s.actions.push(
        { id: 'jump', label: 'Jump ahead', roles: ['ops'], effects: [{ goto: 'slow' }] },
        { id: 'back', label: 'Back to calm', roles: ['ops'], effects: [{ goto: 'calm' }] },
      );
    });
    const d = running(c);
    d.must('p-ops', { type: 'takeAction', action: 'jump' }, 1);
    d.must('p-ops', { type: 'takeAction', action: 'back' }, 1.5);
    expect(d.state.phase).toBe('calm');
    // The first visit's timer (minute 2) is stale; the second visit's fires at 1.5 + 2.
    d.advance(3.49);
    expect(d.state.phase).toBe('calm');
    d.advance(3.5);
    expect(d.state.phase).toBe('slow');
    expect(d.state.phaseHistory.map((h) => [h.phase, h.at])).toEqual([
      ['calm', 0],
      ['slow', 60],
      ['calm', 90],
      ['slow', 210],
    ]);
  });

  it('treats a goto to the current phase as staying put', () => {
    const c = miniWith((s) => {
      s.actions.push({
        id: 'stay',
        label: 'Stay calm',
        roles: ['ops'],
        effects: [{ goto: 'calm' }],
      });
    });
    const d = running(c);
    d.must('p-ops', { type: 'takeAction', action: 'stay' }, 1);
    expect(d.state.phaseHistory).toEqual([{ phase: 'calm', at: 0 }]);
    d.advance(2);
    expect(d.state.phase).toBe('slow');
  });

  it('ends the drill on entering a terminal phase and clears its timers', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'inspect-cache' }, 2);
    d.must('p-ops', { type: 'takeAction', action: 'warm-cache' }, 4);
    d.advance(8.99);
    expect(d.state.status).toBe('running');
    d.advance(9);
    expect(d.state.phase).toBe('resolved');
    expect(d.state.status).toBe('ended');
    expect(d.state.ended).toEqual({ at: 540, reason: 'Resolved' });
    expect(d.state.timers).toEqual([]);
    expect(d.act('p-ops', { type: 'takeAction', action: 'ack' })).toMatchObject({
      ok: false,
      error: { code: 'DRILL_ENDED' },
    });
  });

  it('ends the drill with an end effect', () => {
    const c = miniWith((s) => {
      s.actions.push({
        id: 'give-up',
        label: 'Give up',
        roles: ['ic'],
        effects: [{ end: 'They gave up' }],
      });
    });
    const d = running(c);
    d.must('p-ic', { type: 'takeAction', action: 'give-up' }, 1);
    expect(d.state.ended).toEqual({ at: 60, reason: 'They gave up' });
  });
});

describe('injects', () => {
  it('fires a scheduled inject at its minute', () => {
    const d = running();
    d.advance(2.99);
    expect(d.state.injectsFired).toEqual({});
    d.advance(3);
    expect(d.state.injectsFired).toEqual({ 'cloud-blip': 180 });
    expect(d.state.thirdParties.cloud).toEqual({
      status: 'degraded',
      note: 'Elevated errors in one zone',
      at: 180,
    });
  });

  it('fires an inject some minutes into a phase, whenever the phase starts', () => {
    const c = miniWith((s) => {
      s.injects.push({
        id: 'exec-asks',
        title: 'An executive asks',
        inPhase: { phase: 'slow', after: 1.5 },
        effects: [{ message: 'Status?', from: 'CTO', to: ['ic'] }],
      });
    });
    const d = running(c);
    d.advance(3.49);
    expect(d.state.injectsFired).not.toHaveProperty('exec-asks');
    d.advance(3.5);
    expect(d.state.injectsFired['exec-asks']).toBe(210);
    expect(d.state.channel.at(-1)).toMatchObject({
      t: 210,
      from: { kind: 'npc', name: 'CTO' },
      to: ['ic'],
    });
  });

  it('skips a scheduled inject whose condition does not hold', () => {
    const c = miniWith((s) => {
      s.injects[1].if = { var: 'cacheWarm', eq: true };
    });
    const d = running(c);
    d.advance(4);
    expect(d.state.injectsFired).toEqual({});
  });

  it('lets the facilitator fire a manual inject once', () => {
    const d = running();
    d.must('facilitator', { type: 'fireInject', inject: 'vp-calls' }, 1);
    expect(d.state.channel).toEqual([
      { t: 60, from: { kind: 'npc', name: 'VP' }, text: 'What is going on?', to: ['ic'] },
    ]);
    expect(d.act('facilitator', { type: 'fireInject', inject: 'vp-calls' }, 2)).toMatchObject({
      ok: false,
      error: { code: 'INJECT_ALREADY_FIRED' },
    });
    expect(d.act('facilitator', { type: 'fireInject', inject: 'nope' }, 2)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_INJECT' },
    });
  });

  it('moves the phase when a triggering inject fires', () => {
    const c = miniWith((s) => {
      s.phases[0].transitions = [{ to: 'slow', inject: 'vp-calls' }];
    });
    const d = running(c);
    d.advance(5);
    expect(d.state.phase).toBe('calm');
    d.must('facilitator', { type: 'fireInject', inject: 'vp-calls' }, 6);
    expect(d.state.phase).toBe('slow');
  });
});

describe('action rules', () => {
  it('refuses a non-repeatable action the second time', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'ack' }, 1);
    expect(d.act('p-ic', { type: 'takeAction', action: 'ack' }, 2)).toEqual({
      ok: false,
      error: {
        code: 'ACTION_ALREADY_TAKEN',
        message: '"Acknowledge the page" has already been done.',
      },
    });
  });

  it('allows a repeatable action again and again', () => {
    const d = running();
    for (const minute of [1, 1, 1.5])
      d.must('p-ops', { type: 'takeAction', action: 'retry-everything' }, minute);
    expect(d.state.actions.map((a) => a.action)).toEqual([
      'retry-everything',
      'retry-everything',
      'retry-everything',
    ]);
    expect(d.state.vars.retries).toBe(3);
  });

  it('explains why an action is unavailable, until it becomes available', () => {
    const d = running();
    expect(d.act('p-ops', { type: 'takeAction', action: 'warm-cache' }, 2)).toEqual({
      ok: false,
      error: { code: 'ACTION_UNAVAILABLE', message: 'You do not know what is wrong yet.' },
    });
    const before = viewFor(d.c, d.state, { kind: 'player', role: 'ops' }).actions.find(
      (a) => a.id === 'warm-cache',
    );
    expect(before).toMatchObject({
      available: false,
      reason: 'You do not know what is wrong yet.',
    });
    d.must('p-ops', { type: 'takeAction', action: 'inspect-cache' }, 2);
    d.advance(3);
    const after = viewFor(d.c, d.state, { kind: 'player', role: 'ops' }).actions.find(
      (a) => a.id === 'warm-cache',
    );
    expect(after).toMatchObject({ available: true, reason: null });
  });

  it('checks action parameters', () => {
    const d = running();
    expect(d.act('p-ops', { type: 'takeAction', action: 'restart' }, 1)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS' },
    });
    expect(
      d.act('p-ops', { type: 'takeAction', action: 'restart', params: { service: 'db' } }, 1),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS', message: '"db" is not a choice for "Which service".' },
    });
    expect(
      d.act('p-ops', { type: 'takeAction', action: 'ack', params: { x: 'y' } }, 1),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMS' },
    });
  });
});

describe('pause and resume', () => {
  it('refuses actions while paused and accepts them again after resuming', () => {
    const d = running();
    d.must('facilitator', { type: 'pause' }, 1);
    expect(d.state.status).toBe('paused');
    expect(d.act('p-ops', { type: 'takeAction', action: 'ack' }, 1)).toMatchObject({
      ok: false,
      error: { code: 'DRILL_NOT_RUNNING' },
    });
    expect(d.act('facilitator', { type: 'pause' }, 1)).toMatchObject({
      ok: false,
      error: { code: 'DRILL_NOT_RUNNING' },
    });
    d.must('facilitator', { type: 'resume' }, 1);
    expect(d.state.status).toBe('running');
    expect(d.act('facilitator', { type: 'resume' }, 1)).toMatchObject({
      ok: false,
      error: { code: 'DRILL_NOT_RUNNING' },
    });
    expect(d.act('p-ops', { type: 'takeAction', action: 'ack' }, 1).ok).toBe(true);
  });

  it('keeps the virtual clock where the host left it while paused', () => {
    const d = running();
    d.must('facilitator', { type: 'pause' }, 1);
    // The host stops ticking while paused: nothing fires without a later event.
    expect(d.state.phase).toBe('calm');
    d.must('facilitator', { type: 'resume' }, 1);
    d.advance(2);
    expect(d.state.phase).toBe('slow');
  });
});

describe('fold', () => {
  it('rebuilds the same state from the log', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'inspect-cache' }, 2);
    d.must('p-comms', { type: 'postStatusUpdate', text: 'Investigating' }, 2.5);
    d.must('facilitator', { type: 'revealHint' }, 3);
    d.must('p-ops', { type: 'takeAction', action: 'warm-cache' }, 4);
    expect(fold(d.c, d.events)).toEqual(d.state);
  });

  it('refuses a log that does not start with "created"', () => {
    expect(() => fold(mini, [{ type: 'timeAdvanced', at: 0 }])).toThrow(/starts with "created"/);
  });
});
