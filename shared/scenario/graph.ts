// The scenario's phase machine as a Mermaid state diagram. Pure: scenario in, text out.
import type { Effect, Scenario } from './schema.ts';

const safe = (id: string) => id.replace(/[^a-zA-Z0-9_]/g, '_');
const label = (text: string) => text.replace(/[":;]/g, ' ').trim();

export function toMermaid(s: Scenario): string {
  const lines = ['stateDiagram-v2'];
  for (const p of s.phases) lines.push(`  ${safe(p.id)} : ${label(p.title)}`);
  lines.push(`  [*] --> ${safe(s.phases[0]!.id)}`);
  const actionLabel = (id: string) => s.actions.find((a) => a.id === id)?.label ?? id;
  const injectLabel = (id: string) => s.injects.find((i) => i.id === id)?.title ?? id;
  for (const p of s.phases) {
    for (const t of p.transitions) {
      let why = 'when condition holds';
      if (t.after !== undefined) why = `after ${t.after} min`;
      else if (t.action !== undefined) why = `action ${actionLabel(t.action)}`;
      else if (t.inject !== undefined) why = `inject ${injectLabel(t.inject)}`;
      if (
        t.if !== undefined &&
        t.action === undefined &&
        t.after === undefined &&
        t.inject === undefined
      )
        why = 'when condition holds';
      else if (t.if !== undefined) why += ' (guarded)';
      lines.push(`  ${safe(p.id)} --> ${safe(t.to)} : ${label(why)}`);
    }
    if (p.terminal) lines.push(`  ${safe(p.id)} --> [*]`);
  }
  // Effects that jump to a phase from anywhere (actions, injects).
  const gotos = (effects: Effect[], source: string) =>
    effects
      .filter((e): e is Extract<Effect, { goto: string }> => 'goto' in e)
      .map((e) => ({ to: e.goto, source }));
  const jumps = [
    ...s.actions.flatMap((a) => [
      ...gotos(a.effects, `action ${a.label}`),
      ...a.outcomes.flatMap((o) => gotos(o.effects, `action ${a.label}`)),
    ]),
    ...s.injects.flatMap((i) => gotos(i.effects, `inject ${i.title}`)),
  ];
  for (const j of jumps) lines.push(`  note left of ${safe(j.to)} : reached by ${label(j.source)}`);
  return lines.join('\n') + '\n';
}
