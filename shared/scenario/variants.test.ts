import { describe, expect, it } from 'vitest';
import { miniInput } from '../../test/fixtures/load.ts';
import { compile } from '../engine/compile.ts';
import { parseScenario } from './parse.ts';
import { applyVariant, scenarioNamed, withVariants } from './variants.ts';

function miniWithVariants(variants: unknown[]) {
  const input = miniInput();
  input.variants = variants;
  const result = parseScenario(input);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.scenario;
}

describe('difficulty variants', () => {
  const base = miniWithVariants([
    {
      id: 'hard',
      label: 'Hard',
      difficulty: 'advanced',
      noise: 2,
      deadlines: 0.5,
      hintCost: 3,
      vars: {},
      bots: ['ops'],
    },
  ]);

  it('turns the knobs without a copy of the file', () => {
    const hard = applyVariant(base, base.variants[0]!);
    expect(hard.id).toBe('mini.hard');
    expect(hard.title).toBe('Mini outage (Hard)');
    expect(hard.difficulty).toBe('advanced');
    expect(hard.metrics.map((m) => m.noise)).toEqual(base.metrics.map((m) => m.noise * 2));
    expect(hard.hints.map((h) => h.cost)).toEqual(base.hints.map((h) => h.cost * 3));
    const acked = (s: typeof base) => s.scoring.expected.find((x) => x.id === 'acked')!;
    expect(acked(hard).deadline).toEqual({ minutes: 2 });
    expect(acked(hard).lateBy).toBe(2);
    expect(hard.bots).toEqual(['ops']);
    expect(hard.variants).toEqual([]);
    // The base is untouched, and both compile.
    expect(acked(base).deadline).toEqual({ minutes: 4 });
    expect(withVariants(base).map((s) => compile(s).scenario.id)).toEqual(['mini', 'mini.hard']);
  });

  it('finds the scenario a playthrough names, variant or not', () => {
    expect(scenarioNamed(base, 'mini')).toBe(base);
    expect(scenarioNamed(base, 'mini.hard')?.difficulty).toBe('advanced');
    expect(scenarioNamed(base, 'mini.easy')).toBeNull();
  });

  it('refuses a variant that sets a variable the scenario does not have, or to another type', () => {
    const input = miniInput();
    input.variants = [
      { id: 'x', label: 'X', vars: { nope: 1 } },
      { id: 'x', label: 'Y', bots: ['janitor'] },
    ];
    const result = parseScenario(input);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.issues.map((i) => i.message).join('\n')).toMatch(
        /unknown var "nope"[\s\S]*duplicate variant "x"|duplicate variant "x"[\s\S]*unknown var "nope"/,
      );
  });
});
