// Who the world speaks as: the scenario's characters (whoever its channel messages and
// reports come from), and the rule that a character never speaks under a human's name.
// Pure: derived from the scenario and the drill state.
import type { CompiledScenario } from './compile.ts';
import type { DrillState } from './state.ts';

const cache = new WeakMap<CompiledScenario, string[]>();

/** The names the scenario's messages and reports come from, sorted, each once. */
export function scenarioCharacters(c: CompiledScenario): string[] {
  let names = cache.get(c);
  if (names) return names;
  const found = new Set<string>();
  // Message effects sit anywhere effects do (phases, injects, actions, outcomes, rules,
  // history), so walk the whole scenario rather than list every place that holds effects.
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.message === 'string' && typeof record.from === 'string')
        found.add(record.from);
      Object.values(record).forEach(walk);
    }
  };
  walk(c.scenario);
  for (const report of c.scenario.reports) found.add(report.from);
  names = [...found].sort((a, b) => a.localeCompare(b));
  cache.set(c, names);
  return names;
}

/** Names compare as people read them: case, width and spacing do not make a new name. */
export const sameName = (a: string, b: string) => nameKey(a) === nameKey(b);
const nameKey = (name: string) =>
  name.normalize('NFKC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('en');

/**
 * The human who holds `name` (a player or spectator of the drill, or the facilitator), if
 * one does: a character may not speak as them.
 */
export function humanHolding(s: DrillState, name: string): string | null {
  if (sameName(name, 'Facilitator') || (s.facilitatorName && sameName(name, s.facilitatorName)))
    return 'the facilitator';
  const human = Object.values(s.participants).find(
    (p) => !p.removed && p.kind !== 'bot' && sameName(p.name, name),
  );
  return human ? human.name : null;
}
