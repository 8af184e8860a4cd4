import { describe, expect, it } from 'vitest';
import { createDrill, type TestDrill } from '../../test/fixtures/drill.ts';
import { readFixture } from '../../test/fixtures/load.ts';
import { parseScenario, parseScenarioYaml } from '../scenario/parse.ts';
import { parse as parseYaml } from 'yaml';
import { fold } from './apply.ts';
import { compile, type CompiledScenario } from './compile.ts';
import { metricValueAt } from './metrics.ts';
import { score } from './score.ts';
import { viewFor } from './view-for.ts';

function modelScenario(patch?: (input: Record<string, never>) => void): CompiledScenario {
  const input = parseYaml(readFixture('model.yaml')) as Record<string, never>;
  patch?.(input);
  const result = parseScenario(input);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return compile(result.scenario);
}

const SEATS = [
  { id: 'p-ic', name: 'Ivy', role: 'ic' },
  { id: 'p-ops', name: 'Oscar', role: 'ops' },
];

function running(c = modelScenario()): TestDrill {
  const d = createDrill(c, { seats: SEATS });
  d.start();
  return d;
}

const value = (d: TestDrill, metric: string) => metricValueAt(d.state.metrics[metric]!, d.state.t);

describe('derived metrics', () => {
  it('computes each metric from its expression at every sample, in dependency order', () => {
    const d = running();
    // demand = 800 * surge(1.2) + 20 * t; load = demand * retryFactor(1)
    expect(value(d, 'demand')).toBeCloseTo(960);
    d.advance(5);
    expect(value(d, 'demand')).toBeCloseTo(1060);
    expect(value(d, 'load')).toBeCloseTo(1060);
  });

  it('reads every number as a double: integer division never truncates', () => {
    const c = modelScenario((s) => {
      (s as Record<string, unknown[]>).metrics!.push({
        id: 'half',
        label: 'Half',
        expr: '1 / 2',
      } as never);
    });
    const d = running(c);
    expect(value(d, 'half')).toBe(0.5);
  });

  it('keeps the chart path a step function: past samples never change', () => {
    const d = running();
    d.advance(3);
    const before = [...d.state.metrics.demand!.map((s) => ({ ...s }))];
    d.advance(6);
    expect(d.state.metrics.demand!.slice(0, before.length)).toEqual(before);
  });
});

describe('rules: actors that react', () => {
  it('runs a periodic autoscaler that stops at its ceiling, so errors rise', () => {
    const d = running();
    d.advance(5);
    expect(d.state.vars.pods).toBe(11);
    d.advance(16);
    expect(d.state.vars.pods).toBe(12);
    expect(value(d, 'errorRate')).toBeGreaterThan(0.05);
  });

  it('lets clients retry when errors pass 10%, which doubles the load', () => {
    const d = running();
    d.advance(17);
    expect(d.state.vars.retryFactor).toBe(1);
    d.advance(20);
    expect(d.state.vars.retryFactor).toBe(2);
    expect(value(d, 'load')).toBeCloseTo(value(d, 'demand') * 2);
  });

  it('recovers only through the real fix: a higher ceiling lets the autoscaler catch up', () => {
    const d = running();
    d.advance(20);
    expect(value(d, 'errorRate')).toBeGreaterThan(0.3);
    d.must('p-ops', { type: 'takeAction', action: 'raise-max' }, 20);
    d.advance(23);
    expect(value(d, 'errorRate')).toBe(0);
    expect(d.state.vars.retryFactor).toBe(1);
  });
});

describe('alerts from rules', () => {
  it('fires only after the condition held for its minutes, and resolves by itself', () => {
    const d = running();
    d.advance(15.5);
    const crossed = d.state.t;
    expect(value(d, 'errorRate')).toBeGreaterThan(0.05);
    expect(d.state.alerts['errors-high']).toBeUndefined();
    d.advance(18);
    const alert = d.state.alerts['errors-high']!;
    expect(alert.resolvedAt).toBeNull();
    expect(alert.firedAt - crossed).toBeGreaterThanOrEqual(90);
    d.must('p-ops', { type: 'takeAction', action: 'raise-max' }, 18);
    d.advance(21);
    expect(d.state.alerts['errors-high']!.resolvedAt).not.toBeNull();
  });
});

describe('health from dependencies', () => {
  it('colours a service from its own condition and degrades the services that call it', () => {
    const d = running();
    expect(d.state.health).toEqual({ web: 'ok', api: 'ok' });
    d.advance(20);
    expect(d.state.health.api).toBe('down');
    expect(d.state.health.web).toBe('degraded');
    d.must('p-ops', { type: 'takeAction', action: 'raise-max' }, 20);
    d.advance(23);
    expect(d.state.health).toEqual({ web: 'ok', api: 'ok' });
  });
});

describe('entities', () => {
  it('moves members per minute while a flow runs, and stops when recalled', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'repair' }, 1);
    d.advance(3);
    expect(d.state.model.entities.hosts).toEqual({ broken: 80, fixed: 20 });
    d.must('p-ops', { type: 'takeAction', action: 'recall' }, 3);
    d.advance(6);
    expect(d.state.model.entities.hosts).toEqual({ broken: 80, fixed: 20 });
  });

  it('moves a number of members at once, never more than there are', () => {
    const d = running();
    for (let i = 0; i < 11; i++) d.must('p-ops', { type: 'takeAction', action: 'fix-ten' }, 1);
    expect(d.state.model.entities.hosts).toEqual({ broken: 0, fixed: 100 });
  });

  it('shows counts to the roles that may see them', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'fix-ten' }, 1);
    expect(viewFor(d.c, d.state, { kind: 'player', role: 'ic' }).entities).toEqual([]);
    const view = viewFor(d.c, d.state, { kind: 'player', role: 'ops' });
    expect(view.entities).toEqual([
      {
        id: 'hosts',
        label: 'Hosts',
        unit: 'hosts',
        counts: [
          { state: 'broken', count: 90 },
          { state: 'fixed', count: 10 },
        ],
      },
    ]);
  });
});

describe('tools as state', () => {
  it('shows no data for a disabled metric and refuses status updates, then recovers', () => {
    const d = running();
    d.advance(2);
    d.must('p-ic', { type: 'takeAction', action: 'grafana-down' }, 2);
    const view = viewFor(d.c, d.state, { kind: 'player', role: 'ops' });
    const panel = view.metrics.find((m) => m.id === 'errorRate')!;
    expect(panel.noData).toBe('Grafana is down');
    expect(panel.points).toEqual([]);
    expect(view.statusPageDown).toBe('Grafana is down');
    const refused = d.act('p-ic', { type: 'postStatusUpdate', text: 'We are looking.' }, 3);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toContain('Grafana is down');
    d.must('p-ic', { type: 'takeAction', action: 'grafana-up' }, 4);
    const again = viewFor(d.c, d.state, { kind: 'player', role: 'ops' });
    expect(again.metrics.find((m) => m.id === 'errorRate')!.points.length).toBeGreaterThan(0);
    d.must('p-ic', { type: 'postStatusUpdate', text: 'We are looking.' }, 4);
  });
});

describe('what a player may know', () => {
  it('hides an action until its guard holds', () => {
    const d = running();
    const ids = () =>
      viewFor(d.c, d.state, { kind: 'player', role: 'ops' }).actions.map((a) => a.id);
    expect(ids()).not.toContain('investigate');
    expect(d.act('p-ops', { type: 'takeAction', action: 'investigate' }, 1).ok).toBe(false);
    d.advance(18);
    expect(ids()).toContain('investigate');
  });

  it('gives players the premise and the facilitator the summary', () => {
    const d = running();
    const player = viewFor(d.c, d.state, { kind: 'player', role: 'ops' });
    const facilitator = viewFor(d.c, d.state, { kind: 'facilitator' });
    expect(player.drill.scenario.summary).toBe('Pages are getting slow during the evening rush.');
    expect(facilitator.drill.scenario.summary).toContain('autoscaler');
    expect(player.drill.clock).toEqual({ startsAt: '17:40', date: '2026-11-30', offset: 0 });
  });
});

describe('outcome scoring', () => {
  it('scores objectives from the model and charges harm per minute while it holds', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'repair' }, 1);
    d.advance(20);
    d.must('p-ops', { type: 'takeAction', action: 'raise-max' }, 20);
    d.advance(25);
    d.must('facilitator', { type: 'end', reason: 'Time' }, 25);
    const result = score(d.c, d.state);
    const fleet = result.items.find((i) => i.id === 'fleet')!;
    expect(fleet).toMatchObject({ earned: 10, at: 6 });
    const errors = result.items.find((i) => i.id === 'errors-low')!;
    expect(errors.earned).toBe(10);
    const burning = result.penaltyItems.find((p) => p.id === 'burning')!;
    expect(burning.kind).toBe('accrued');
    // Above 5% from about minute 15.2 until the fix took hold shortly after minute 20.
    expect(burning.points).toBeGreaterThan(4);
    expect(burning.points).toBeLessThan(7);
  });

  it('lets the early catch outscore the late fix', () => {
    const early = running();
    early.must('p-ops', { type: 'takeAction', action: 'raise-max' }, 3);
    early.advance(25);
    early.must('facilitator', { type: 'end', reason: 'Time' }, 25);
    const late = running();
    late.advance(20);
    late.must('p-ops', { type: 'takeAction', action: 'raise-max' }, 20);
    late.advance(25);
    late.must('facilitator', { type: 'end', reason: 'Time' }, 25);
    expect(score(early.c, early.state).percent).toBeGreaterThan(score(late.c, late.state).percent);
    expect(score(early.c, early.state).penaltyItems).toEqual([]);
  });
});

describe('determinism', () => {
  it('folds the same events into the same world, views and score', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'repair' }, 1);
    d.advance(19);
    d.must('p-ic', { type: 'takeAction', action: 'grafana-down' }, 19);
    d.must('p-ops', { type: 'takeAction', action: 'raise-max' }, 21);
    d.advance(30);
    const again = fold(d.c, JSON.parse(JSON.stringify(d.events)));
    expect(again.model).toEqual(d.state.model);
    expect(again.metrics).toEqual(d.state.metrics);
    expect(again.vars).toEqual(d.state.vars);
    expect(score(d.c, again)).toEqual(score(d.c, d.state));
    const seat = { kind: 'player', role: 'ops' } as const;
    expect(JSON.stringify(viewFor(d.c, again, seat))).toBe(
      JSON.stringify(viewFor(d.c, d.state, seat)),
    );
  });
});

describe('validation', () => {
  const issuesOf = (patch: (s: Record<string, never>) => void) => {
    const input = parseYaml(readFixture('model.yaml')) as Record<string, never>;
    patch(input);
    const result = parseScenario(input);
    return result.ok ? [] : result.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts the fixture', () => {
    expect(parseScenarioYaml(readFixture('model.yaml')).ok).toBe(true);
  });

  it('names an unknown name in an expression, with its place', () => {
    const issues = issuesOf((s) => {
      (s as Record<string, { expr?: string }[]>).metrics![1]!.expr = 'demand * retryFactr';
    });
    expect(issues).toEqual([expect.stringMatching(/^metrics\.1\.expr: .*retryFactr/)]);
  });

  it('refuses a condition that is not true or false', () => {
    const issues = issuesOf((s) => {
      (s as Record<string, { when?: unknown }[]>).rules![0]!.when = { expr: 'errorRate * 2' };
    });
    expect(issues).toEqual([expect.stringMatching(/^rules\.0\.when\.expr: .*bool/)]);
  });

  it('refuses derived metrics that read each other in a circle', () => {
    const issues = issuesOf((s) => {
      (s as Record<string, { expr?: string }[]>).metrics![0]!.expr = 'load + 1';
    });
    expect(issues.join('\n')).toMatch(/circle: (demand -> load -> demand|load -> demand -> load)/);
  });

  it('refuses an unknown entity state and a ramp on a computed metric', () => {
    const issues = issuesOf((s) => {
      const actions = (s as Record<string, { effects?: unknown[] }[]>).actions!;
      actions[1]!.effects = [{ move: 'hosts', from: 'broken', to: 'mended', perMinute: 1 }];
      actions[0]!.effects = [{ metric: 'load', to: 5 }];
    });
    expect(issues.join('\n')).toMatch(/no state "mended"/);
    expect(issues.join('\n')).toMatch(/computed from its expression/);
  });
});

describe('story time', () => {
  const withStory = () =>
    modelScenario((s) => {
      (s as Record<string, unknown>).history = [
        {
          at: -30,
          effects: [
            { log: 'api-log', text: 'deploy 4.2 finished', level: 'info' },
            { message: 'Deploy 4.2 is out.', from: 'CI bot' },
          ],
        },
      ];
      (s as Record<string, unknown[]>).actions!.push({
        id: 'sleep',
        label: 'Go to bed',
        roles: ['ic'],
        effects: [{ storyJump: 840, label: 'Next morning' }],
      } as never);
    });

  it('shows what happened before the drill, stamped before T+0', () => {
    const c = withStory();
    const d = running(c);
    expect(d.state.logLines[0]).toMatchObject({ t: -1800, text: 'deploy 4.2 finished' });
    const view = viewFor(c, d.state, { kind: 'player', role: 'ic' });
    expect(view.channel[0]).toMatchObject({ t: -1800, text: 'Deploy 4.2 is out.' });
    expect(d.state.t).toBe(0);
  });

  it('jumps the story clock ahead while drill time runs on', () => {
    const c = withStory();
    const d = running(c);
    d.must('p-ic', { type: 'takeAction', action: 'sleep' }, 2);
    const view = viewFor(c, d.state, { kind: 'player', role: 'ops' });
    expect(view.drill.clock.offset).toBe(840 * 60);
    expect(d.state.t).toBe(120);
    expect(view.timeline.map((e) => e.text)).toContain('— Next morning —');
  });
});

describe('language details', () => {
  it('charges an accrual at a rate read from the model (revenue lost per minute)', () => {
    const c = modelScenario((s) => {
      const scoring = (s as Record<string, { accrue: Record<string, unknown>[] }>).scoring!;
      scoring.accrue[0]!.perMinute = 'errorRate * 10';
      delete scoring.accrue[0]!.max;
    });
    const d = running(c);
    d.advance(20);
    d.must('facilitator', { type: 'end' }, 20);
    const burning = score(c, d.state).penaltyItems.find((p) => p.id === 'burning')!;
    // Errors climb from about 5% at minute 15 to over 50% once clients retry: the rate
    // follows them, so the charge is well above a flat 1 point a minute.
    expect(burning.points).toBeGreaterThan(8);
  });

  it('lets members arrive without a source state, and keeps a flow running until stopped', () => {
    const c = modelScenario((s) => {
      const actions = (s as Record<string, Record<string, unknown>[]>).actions!;
      actions.push({
        id: 'buy',
        label: 'Buy hosts',
        roles: ['ops'],
        repeatable: true,
        effects: [{ move: 'hosts', to: 'broken', count: 5 }],
      });
    });
    const d = running(c);
    for (let i = 0; i < 10; i++) d.must('p-ops', { type: 'takeAction', action: 'fix-ten' }, 1);
    d.must('p-ops', { type: 'takeAction', action: 'repair' }, 1);
    d.advance(2);
    d.must('p-ops', { type: 'takeAction', action: 'buy' }, 2);
    d.advance(4);
    // The flow had nothing to move at first, and picks up the newcomers.
    expect(d.state.model.entities.hosts).toEqual({ broken: 0, fixed: 105 });
  });

  it('hides an internal metric from every player, not from the facilitator', () => {
    const c = modelScenario((s) => {
      (s as Record<string, Record<string, unknown>[]>).metrics![1]!.internal = true;
    });
    const d = running(c);
    const ids = (seat: Parameters<typeof viewFor>[2]) =>
      viewFor(c, d.state, seat).metrics.map((m) => m.id);
    expect(ids({ kind: 'player', role: 'ops' })).not.toContain('load');
    expect(ids({ kind: 'facilitator' })).toContain('load');
  });
});

describe('text from the model', () => {
  it('fills {{ expressions }} in log lines and messages with the values of the moment', () => {
    const c = modelScenario((s) => {
      (s as Record<string, Record<string, unknown>[]>).actions!.push({
        id: 'look',
        label: 'Look at the pods',
        roles: ['ops'],
        effects: [
          { log: 'api-log', text: 'pods={{ pods }} load={{ load / 3 }}' },
          { message: 'We run {{ pods }} pods.', from: 'Autoscaler bot' },
        ],
      });
    });
    const d = running(c);
    d.must('p-ops', { type: 'takeAction', action: 'look' }, 5);
    expect(d.state.logLines.at(-1)!.text).toBe('pods=11 load=353.33');
    expect(d.state.channel.at(-1)!.text).toBe('We run 11 pods.');
  });

  it('refuses a slot that names nothing the model has', () => {
    const input = parseYaml(readFixture('model.yaml')) as Record<string, Record<string, unknown>[]>;
    input.actions![0]!.effects = [{ log: 'api-log', text: 'x={{ nothing + 1 }}' }];
    const result = parseScenario(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.message).toMatch(/nothing/);
  });
});

describe('one instant, several effects', () => {
  it('lets a later effect read what an earlier one in the same list changed', () => {
    const c = modelScenario((s) => {
      (s as Record<string, Record<string, unknown>[]>).actions!.push({
        id: 'fix-and-count',
        label: 'Fix hosts and count them',
        roles: ['ops'],
        effects: [
          { move: 'hosts', from: 'broken', to: 'fixed', count: 'hosts.broken / 2' },
          { set: { surge: 2 }, if: { expr: 'hosts.fixed == 50.0' } },
        ],
      });
    });
    const d = running(c);
    d.must('p-ops', { type: 'takeAction', action: 'fix-and-count' }, 1);
    expect(d.state.model.entities.hosts).toEqual({ broken: 50, fixed: 50 });
    expect(d.state.vars.surge).toBe(2);
  });
});

describe('time and the model', () => {
  it('moves the phase when a condition has held for its minutes, with nothing but time passing', () => {
    const c = modelScenario((s) => {
      const input = s as Record<string, unknown>;
      input.rules = [];
      (input.phases as { transitions: unknown[] }[])[0]!.transitions = [
        { to: 'calm', if: { metric: 'demand', gt: 900, for: 2 } },
      ];
    });
    const d = running(c);
    d.advance(1.9);
    expect(d.state.status).toBe('running');
    d.advance(2.5);
    expect(d.state.status).toBe('ended');
    expect(d.state.ended!.at).toBe(120);
  });

  it('jumps the story to the next time of day', () => {
    const c = modelScenario((s) => {
      (s as Record<string, Record<string, unknown>[]>).actions!.push({
        id: 'morning',
        label: 'Sleep on it',
        roles: ['ic'],
        effects: [{ storyJump: '07:30', label: 'Next morning' }],
      });
    });
    const d = running(c);
    d.must('p-ic', { type: 'takeAction', action: 'morning' }, 20);
    // 17:40 + 20 min = 18:00; the next 07:30 is 13.5 hours later.
    expect(d.state.model.storyOffset).toBe(13.5 * 3600);
  });
});
