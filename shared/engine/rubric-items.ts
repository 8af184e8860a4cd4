// The rubric items a facilitator may judge by hand: every item the score lists (expected
// steps, cadences, escalation windows, objectives, key timings that carry points), by the id
// the score gives it. Pure: derived from the scenario alone.
import type { CompiledScenario } from './compile.ts';

export interface RubricItem {
  id: string;
  label: string;
}

const cache = new WeakMap<CompiledScenario, Map<string, RubricItem>>();

/** The judgeable items of a scenario, in the order the score lists them. */
export function rubricItems(c: CompiledScenario): Map<string, RubricItem> {
  let items = cache.get(c);
  if (items) return items;
  const rubric = c.scenario.scoring;
  const list: RubricItem[] = [
    ...rubric.expected.map((e) => ({
      id: e.id,
      label: c.index.actions.get(e.action)?.label ?? e.action,
    })),
    ...rubric.cadence.map((x) => ({ id: x.id, label: x.label })),
    ...rubric.escalation.map((x) => ({ id: x.id, label: x.label })),
    ...rubric.objectives.map((x) => ({ id: x.id, label: x.label })),
    ...(['detect', 'acknowledge', 'mitigate', 'resolve'] as const)
      .filter((name) => (rubric.timings[name]?.points ?? 0) > 0)
      .map((name) => ({ id: `timing-${name}`, label: `Time to ${name}` })),
  ];
  items = new Map(list.map((i) => [i.id, i]));
  cache.set(c, items);
  return items;
}
