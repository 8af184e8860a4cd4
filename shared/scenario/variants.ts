// Difficulty variants: a scenario with a few knobs turned (noise, deadlines, hint costs,
// starting values, which roles bots play), derived from the one file. Pure.
import type { Scenario, Variant } from './schema.ts';

/** The id a variant is played under: "dns-hell.hard". */
export const variantId = (scenario: string, variant: string) => `${scenario}.${variant}`;

/** The scenario as this variant plays it. Its id is the variant's own. */
export function applyVariant(base: Scenario, variant: Variant): Scenario {
  const scale = (x: number, f: number | undefined) =>
    f === undefined ? x : Math.round(x * f * 100) / 100;
  const d = variant.deadlines;
  const timings = Object.fromEntries(
    Object.entries(base.scoring.timings).map(([name, timing]) => [
      name,
      timing && { ...timing, target: scale(timing.target, d) },
    ]),
  ) as Scenario['scoring']['timings'];
  return {
    ...base,
    id: variantId(base.id, variant.id),
    title: `${base.title} (${variant.label})`,
    difficulty: variant.difficulty ?? base.difficulty,
    vars: { ...base.vars, ...variant.vars },
    metrics: base.metrics.map((m) => ({ ...m, noise: scale(m.noise, variant.noise) })),
    hints: base.hints.map((h) => ({ ...h, cost: scale(h.cost, variant.hintCost) })),
    scoring: {
      ...base.scoring,
      expected: base.scoring.expected.map((x) => ({
        ...x,
        ...(x.deadline && 'minutes' in x.deadline
          ? { deadline: { minutes: scale(x.deadline.minutes, d) } }
          : {}),
        ...(x.lateBy !== undefined ? { lateBy: scale(x.lateBy, d) } : {}),
      })),
      timings,
    },
    bots: variant.bots ?? base.bots,
    variants: [],
  };
}

/** The base scenario and every variant of it, each as a scenario of its own. */
export function withVariants(base: Scenario): Scenario[] {
  return [base, ...base.variants.map((v) => applyVariant(base, v))];
}

/** The scenario (or variant of it) a playthrough names, or null if it names another. */
export function scenarioNamed(base: Scenario, id: string): Scenario | null {
  if (id === base.id) return base;
  const variant = base.variants.find((v) => variantId(base.id, v.id) === id);
  return variant ? applyVariant(base, variant) : null;
}
