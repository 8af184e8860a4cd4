// The scenario's phase machine as a Mermaid state diagram. Pure: scenario in, text out.
import { expressionNames } from './expression.ts';
import { effectWrites, guardReads } from './model-names.ts';
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

/**
 * The scenario's model as a Mermaid flowchart: what each derived metric, rule, alert,
 * service and objective reads, and what rules write. Pure: scenario in, text out.
 */
export function toMermaidModel(s: Scenario): string {
  const lines = ['flowchart LR'];
  const known = new Set<string>();
  const node = (id: string, shape: string) => {
    if (known.has(id)) return;
    known.add(id);
    lines.push(`  ${shape}`);
  };
  const name = (id: string) => `n_${safe(id)}`;
  for (const k of Object.keys(s.vars)) node(k, `${name(k)}[/"${label(k)}"/]`);
  for (const m of s.metrics) node(m.id, `${name(m.id)}(["${label(m.label)}"])`);
  for (const e of s.entities) node(e.id, `${name(e.id)}[("${label(e.label)}")]`);
  for (const a of s.alerts.filter((x) => x.when))
    node(a.id, `${name(a.id)}{{"alert: ${label(a.title)}"}}`);
  const edge = (from: string, to: string, text = '') => {
    if (!known.has(from)) return;
    lines.push(`  ${name(from)} -->${text ? `|${label(text)}|` : ''} ${name(to)}`);
  };
  for (const m of s.metrics.filter((x) => x.expr))
    for (const r of expressionNames(m.expr!)) if (r !== m.id) edge(r, m.id);
  for (const a of s.alerts.filter((x) => x.when))
    for (const r of guardReads(a.when)) edge(r, a.id, a.for ? `for ${a.for} min` : '');
  for (const rule of s.rules) {
    const id = `rule:${rule.id}`;
    node(id, `${name(id)}>"rule: ${label(rule.description ?? rule.id)}"]`);
    for (const r of guardReads(rule.when)) edge(r, id);
    for (const e of rule.effects)
      if ('compute' in e)
        for (const source of Object.values(e.compute))
          for (const r of expressionNames(source)) edge(r, id);
    for (const w of rule.effects.flatMap(effectWrites))
      if (known.has(w)) lines.push(`  ${name(id)} -.-> ${name(w)}`);
  }
  for (const svc of s.services.filter((x) => x.healthWhen)) {
    const id = `service:${svc.id}`;
    node(id, `${name(id)}["service: ${label(svc.name)}"]`);
    for (const r of guardReads(svc.healthWhen!.down)) edge(r, id, 'down');
    for (const r of guardReads(svc.healthWhen!.degraded)) edge(r, id, 'degraded');
  }
  for (const o of s.scoring.objectives) {
    const id = `objective:${o.id}`;
    node(id, `${name(id)}[["objective: ${label(o.label)} (${o.points})"]]`);
    for (const r of guardReads(o.check)) edge(r, id);
  }
  for (const a of s.scoring.accrue) {
    const id = `accrue:${a.id}`;
    const rate = typeof a.perMinute === 'number' ? `${a.perMinute}/min` : 'per minute';
    node(id, `${name(id)}[["harm: ${label(a.label)} (${rate})"]]`);
    for (const r of guardReads(a.when)) edge(r, id);
    if (typeof a.perMinute === 'string') for (const r of expressionNames(a.perMinute)) edge(r, id);
  }
  return lines.join('\n') + '\n';
}
