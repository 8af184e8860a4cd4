// The scenario's `practice` block: how solo bots play and when a stalled trainee gets a hint.
// Optional, with defaults; every bad value is named with its path and line.
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/fixtures/load.ts';
import { lintScenario } from './lint.ts';
import { parseScenarioYaml } from './parse.ts';

const mini = readFixture('mini.yaml');
const withPractice = (yaml: string) =>
  mini.replace('statusUpdates:', `practice:\n${yaml}\nstatusUpdates:`);

describe('the practice block', () => {
  it('defaults to decent bots and no stall hints', () => {
    const result = parseScenarioYaml(mini);
    if (!result.ok) throw new Error('mini is invalid');
    expect(result.scenario.practice).toEqual({
      bots: { delay: 1, mistakes: 0, chattiness: 0.6 },
    });
  });

  it('accepts a commander, a skill and a stall time', () => {
    const result = parseScenarioYaml(
      withPractice(
        '  commander: ops\n  stallMinutes: 4\n  bots: { delay: 2, mistakes: 0.5, chattiness: 1 }',
      ),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.scenario.practice).toEqual({
      commander: 'ops',
      stallMinutes: 4,
      bots: { delay: 2, mistakes: 0.5, chattiness: 1 },
    });
  });

  it('names a commander that is not a role, and a chance above 1, with their lines', () => {
    const text = withPractice('  commander: janitor\n  bots: { mistakes: 2 }');
    const result = parseScenarioYaml(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const line = (needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
    expect(result.issues.map((i) => [i.path.join('.'), i.line])).toEqual(
      expect.arrayContaining([['practice.bots.mistakes', line('mistakes: 2')]]),
    );
    const fixed = parseScenarioYaml(withPractice('  commander: janitor'));
    expect(fixed.ok).toBe(false);
    if (fixed.ok) return;
    expect(fixed.issues[0]).toMatchObject({
      path: ['practice', 'commander'],
      message: expect.stringMatching(/unknown role "janitor"/),
    });
  });

  it('refuses a stall time of zero and unknown fields', () => {
    for (const bad of ['  stallMinutes: 0', '  hintAfter: 3']) {
      expect(parseScenarioYaml(withPractice(bad)).ok, bad).toBe(false);
    }
  });

  it('lints a stall time in a scenario with no hints to offer', () => {
    const lintOf = (text: string) => {
      const result = parseScenarioYaml(text);
      if (!result.ok) throw new Error(JSON.stringify(result.issues));
      return lintScenario(result.scenario).filter((f) => f.path[0] === 'practice');
    };
    expect(lintOf(withPractice('  stallMinutes: 3'))).toEqual([]);
    const hintless = withPractice('  stallMinutes: 3').replace(/\nhints:\n( {2}- .*\n)+/, '\n');
    expect(lintOf(hintless)).toEqual([
      {
        level: 'warning',
        path: ['practice', 'stallMinutes'],
        message: 'a stalled trainee is offered a hint, but the scenario has no hints',
      },
    ]);
  });
});
