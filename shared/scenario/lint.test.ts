import { describe, expect, it } from 'vitest';
import { miniScenario } from '../../test/fixtures/load.ts';
import { lintScenario, type LintFinding } from './lint.ts';
import { Scenario, type ScenarioInput } from './schema.ts';

// Lint takes scenarios that already passed the schema: build them with the schema alone so a
// test can hold mistakes the reference checks would refuse (a role nobody has).
function scenario(patch: Partial<ScenarioInput> = {}): Scenario {
  return Scenario.parse({
    id: 'tiny',
    title: 'Tiny',
    summary: 'A two-phase drill.',
    difficulty: 'beginner',
    duration: 10,
    source: { title: 'Test', kind: 'original' },
    roles: [{ id: 'ops', name: 'Ops', brief: 'Fix it.' }],
    phases: [
      { id: 'start', title: 'Start', transitions: [{ to: 'end', action: 'fix' }] },
      { id: 'end', title: 'End', terminal: true },
    ],
    actions: [{ id: 'fix', label: 'Fix it', roles: ['ops'] }],
    debrief: { whatHappened: 'It broke.', lessons: ['Fix it.'] },
    ...patch,
  });
}

const at = (findings: LintFinding[], path: (string | number)[]) =>
  findings.filter((f) => f.path.join('.') === path.join('.'));

describe('lintScenario', () => {
  it('finds nothing wrong in a small sound scenario', () => {
    expect(lintScenario(scenario())).toEqual([]);
  });

  it('accepts the mini fixture without errors', () => {
    expect(lintScenario(miniScenario()).filter((f) => f.level === 'error')).toEqual([]);
  });

  it('reports a phase no transition or effect leads to', () => {
    const s = scenario({
      phases: [
        { id: 'start', title: 'Start', transitions: [{ to: 'end', after: 1 }] },
        { id: 'island', title: 'Island', transitions: [{ to: 'end', after: 1 }] },
        { id: 'end', title: 'End', terminal: true },
      ],
    });
    expect(at(lintScenario(s), ['phases', 1])).toEqual([
      { level: 'error', path: ['phases', 1], message: 'phase "island" can never be reached' },
    ]);
  });

  it('counts a goto effect as a way into a phase', () => {
    const s = scenario({
      phases: [
        { id: 'start', title: 'Start', transitions: [{ to: 'end', after: 1 }] },
        { id: 'side', title: 'Side', transitions: [{ to: 'end', after: 1 }] },
        { id: 'end', title: 'End', terminal: true },
      ],
      actions: [{ id: 'detour', label: 'Detour', roles: ['ops'], effects: [{ goto: 'side' }] }],
    });
    expect(lintScenario(s)).toEqual([]);
  });

  it('warns about phases that can loop without time passing', () => {
    const s = scenario({
      vars: { hot: true },
      phases: [
        { id: 'start', title: 'Start', transitions: [{ to: 'ping', after: 1 }] },
        { id: 'ping', title: 'Ping', transitions: [{ to: 'pong', if: { var: 'hot', eq: true } }] },
        {
          id: 'pong',
          title: 'Pong',
          transitions: [
            { to: 'ping', if: { var: 'hot', eq: true } },
            { to: 'end', action: 'fix' },
          ],
        },
        { id: 'end', title: 'End', terminal: true },
      ],
    });
    expect(lintScenario(s)).toEqual([
      {
        level: 'warning',
        path: ['phases', 1, 'transitions'],
        message:
          'phases ping -> pong -> ping can loop without time passing (their transitions have only "if")',
      },
    ]);
  });

  it('does not call a loop through a timed transition instant', () => {
    const s = scenario({
      phases: [
        {
          id: 'start',
          title: 'Start',
          transitions: [
            { to: 'ping', after: 1 },
            { to: 'end', action: 'fix' },
          ],
        },
        { id: 'ping', title: 'Ping', transitions: [{ to: 'start', after: 2 }] },
        { id: 'end', title: 'End', terminal: true },
      ],
    });
    expect(lintScenario(s)).toEqual([]);
  });

  it('warns about a phase with no way out', () => {
    const s = scenario({
      phases: [
        { id: 'start', title: 'Start', transitions: [{ to: 'stuck', after: 1 }] },
        { id: 'stuck', title: 'Stuck' },
      ],
    });
    const findings = lintScenario(s);
    expect(at(findings, ['phases', 1])).toEqual([
      {
        level: 'warning',
        path: ['phases', 1],
        message: expect.stringContaining('"stuck" has no way out'),
      },
    ]);
    expect(at(findings, ['phases'])).toEqual([
      {
        level: 'warning',
        path: ['phases'],
        message: expect.stringContaining('no terminal phase can be reached'),
      },
    ]);
  });

  it('reports an ideal step whose action is only possible in an unreachable phase', () => {
    const s = scenario({
      phases: [
        { id: 'start', title: 'Start', transitions: [{ to: 'end', action: 'fix' }] },
        { id: 'island', title: 'Island', transitions: [{ to: 'end', after: 1 }] },
        { id: 'end', title: 'End', terminal: true },
      ],
      actions: [
        { id: 'fix', label: 'Fix it', roles: ['ops'] },
        { id: 'swim', label: 'Swim', roles: ['ops'], if: { phase: 'island' } },
      ],
      scoring: { expected: [{ id: 'swum', action: 'swim', points: 10, why: 'Because.' }] },
    });
    const findings = lintScenario(s);
    expect(at(findings, ['scoring', 'expected', 0])).toEqual([
      {
        level: 'error',
        path: ['scoring', 'expected', 0],
        message: 'ideal step "swum" needs "swim", which can never be taken',
      },
    ]);
    expect(at(findings, ['actions', 1, 'if'])).toHaveLength(1);
  });

  it('reports an ideal step expected from a role that may not take the action', () => {
    const s = scenario({
      roles: [
        { id: 'ops', name: 'Ops', brief: 'Fix it.' },
        { id: 'ic', name: 'IC', brief: 'Lead.' },
      ],
      scoring: {
        expected: [{ id: 'fixed', action: 'fix', by: ['ic'], points: 10, why: 'Because.' }],
      },
    });
    expect(at(lintScenario(s), ['scoring', 'expected', 0, 'by'])).toEqual([
      {
        level: 'error',
        path: ['scoring', 'expected', 0, 'by'],
        message: '"fix" can never be taken by ic',
      },
    ]);
  });

  it('reports an action no role in the scenario may take', () => {
    const s = scenario({
      actions: [
        { id: 'fix', label: 'Fix it', roles: ['ops'] },
        { id: 'haunt', label: 'Haunt', roles: ['ghost'] },
      ],
    });
    expect(at(lintScenario(s), ['actions', 1, 'roles'])).toEqual([
      { level: 'error', path: ['actions', 1, 'roles'], message: 'no role may take "haunt"' },
    ]);
  });

  it('reports an action that is both expected and always harmful', () => {
    const s = scenario({
      scoring: {
        expected: [{ id: 'fixed', action: 'fix', points: 10, why: 'Because.' }],
        harmful: [{ id: 'fix-bad', action: 'fix', penalty: 5, why: 'Because.' }],
      },
    });
    expect(at(lintScenario(s), ['scoring', 'harmful', 0])[0]?.level).toBe('error');
  });

  it('warns about findings nothing reveals', () => {
    const s = scenario({ findings: [{ id: 'lost', title: 'Lost', text: 'Nobody reads this.' }] });
    expect(at(lintScenario(s), ['findings', 0])).toEqual([
      { level: 'warning', path: ['findings', 0], message: 'finding "lost" is never revealed' },
    ]);
  });
});

describe('lint: the model', () => {
  it('finds rules that trigger each other without time passing', () => {
    const s = scenario({
      vars: { a: 0, b: 0 },
      rules: [
        { id: 'up', when: { expr: 'b == 0' }, effects: [{ set: { a: 1 } }] },
        { id: 'down', when: { expr: 'a == 1' }, effects: [{ set: { b: 1 } }] },
        { id: 'reset', when: { expr: 'b == 1' }, effects: [{ set: { b: 0 } }] },
      ],
    });
    expect(lintScenario(s).map((f) => f.message)).toContainEqual(
      expect.stringMatching(/rules .*reset -> reset|rules .*-> .* can trigger each other/),
    );
  });

  it('lets a periodic rule read what it writes: time passes between its runs', () => {
    const s = scenario({
      vars: { pods: 1 },
      rules: [{ id: 'scale', every: 1, effects: [{ compute: { pods: 'pods + 1' } }] }],
    });
    expect(lintScenario(s)).toEqual([]);
  });

  it('finds flat metrics and entities nothing moves', () => {
    const s = scenario({
      metrics: [
        { id: 'flat', label: 'Flat', baseline: 1 },
        { id: 'computed', label: 'Computed', expr: 't * 2' },
        { id: 'noisy', label: 'Noisy', baseline: 1, noise: 1 },
      ],
      entities: [{ id: 'hosts', label: 'Hosts', states: ['up', 'down'], initial: { up: 3 } }],
    });
    const messages = lintScenario(s).map((f) => f.message);
    expect(messages).toEqual([
      'metric "flat" is a flat line: nothing computes or moves it',
      'entity "hosts" never changes: no action, rule or inject moves its members',
    ]);
  });

  it('finds objectives that need a phase nobody reaches', () => {
    const s = scenario({
      phases: [
        { id: 'start', title: 'Start', transitions: [{ to: 'end', action: 'fix' }] },
        { id: 'lost', title: 'Lost' },
        { id: 'end', title: 'End', terminal: true },
      ],
      scoring: {
        objectives: [
          { id: 'o', label: 'Lost', check: { phase: 'lost' }, points: 5, why: 'Never.' },
        ],
      },
    });
    expect(at(lintScenario(s), ['scoring', 'objectives', 0, 'check'])).toHaveLength(1);
  });
});
