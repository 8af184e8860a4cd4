// Lint: mistakes a valid scenario can still hold. Unreachable phases, phases with no way
// out, ideal steps that can never happen, actions no role may take. Pure.
import { expressionNames } from './expression.ts';
import { effectWrites, findCycles, guardReads } from './model-names.ts';
import { todoFindings } from './lint-todo.ts';
import type { Effect, Guard, Scenario } from './schema.ts';

export interface LintFinding {
  level: 'error' | 'warning';
  path: (string | number)[];
  message: string;
}

export function lintScenario(s: Scenario): LintFinding[] {
  const out: LintFinding[] = [];
  const phaseIndex = new Map(s.phases.map((p, i) => [p.id, i]));

  // Phases any effect can jump to (actions and injects can fire in any phase).
  const gotoTargets = new Set<string>();
  const collect = (effects: Effect[]) =>
    effects.forEach((e) => 'goto' in e && gotoTargets.add(e.goto));
  s.actions.forEach((a) => {
    collect(a.effects);
    a.outcomes.forEach((o) => collect(o.effects));
  });
  s.injects.forEach((i) => collect(i.effects));
  s.phases.forEach((p) => collect(p.onEnter));
  s.rules.forEach((r) => collect(r.effects));

  const reachable = new Set<string>([s.phases[0]!.id]);
  const queue = [s.phases[0]!.id];
  for (const t of gotoTargets) {
    if (!reachable.has(t)) {
      reachable.add(t);
      queue.push(t);
    }
  }
  while (queue.length) {
    const id = queue.shift()!;
    const phase = s.phases[phaseIndex.get(id)!]!;
    for (const t of phase.transitions) {
      if (!reachable.has(t.to)) {
        reachable.add(t.to);
        queue.push(t.to);
      }
    }
  }
  s.phases.forEach((p, i) => {
    if (!reachable.has(p.id))
      out.push({
        level: 'error',
        path: ['phases', i],
        message: `phase "${p.id}" can never be reached`,
      });
    const leaves =
      p.transitions.some((t) => t.to !== p.id) || [...gotoTargets].some((g) => g !== p.id);
    if (!p.terminal && !leaves) {
      out.push({
        level: 'warning',
        path: ['phases', i],
        message: `phase "${p.id}" has no way out (add a transition or mark it terminal)`,
      });
    }
  });
  if (!s.phases.some((p) => p.terminal && reachable.has(p.id))) {
    out.push({
      level: 'warning',
      path: ['phases'],
      message: 'no terminal phase can be reached: only the facilitator can end the drill',
    });
  }

  // Actions no role in the scenario may take.
  const roleIds = new Set(s.roles.map((r) => r.id));
  s.actions.forEach((a, i) => {
    if (!a.roles.some((r) => roleIds.has(r)))
      out.push({
        level: 'error',
        path: ['actions', i, 'roles'],
        message: `no role may take "${a.id}"`,
      });
    if (a.if && !possible(a.if, reachable)) {
      out.push({
        level: 'error',
        path: ['actions', i, 'if'],
        message: `"${a.id}" is only available in phases that can never be reached`,
      });
    }
  });

  // Ideal steps that can never happen.
  const actions = new Map(s.actions.map((a) => [a.id, a]));
  s.scoring.expected.forEach((step, i) => {
    const action = actions.get(step.action);
    if (!action) return;
    if (step.by && !step.by.some((r) => action.roles.includes(r))) {
      out.push({
        level: 'error',
        path: ['scoring', 'expected', i, 'by'],
        message: `"${step.action}" can never be taken by ${step.by.join(' or ')}`,
      });
    }
    if (action.if && !possible(action.if, reachable)) {
      out.push({
        level: 'error',
        path: ['scoring', 'expected', i],
        message: `ideal step "${step.id}" needs "${step.action}", which can never be taken`,
      });
    }
    if (
      step.deadline &&
      'beforePhase' in step.deadline &&
      !reachable.has(step.deadline.beforePhase)
    ) {
      out.push({
        level: 'warning',
        path: ['scoring', 'expected', i, 'deadline'],
        message: `the deadline phase "${step.deadline.beforePhase}" can never be reached`,
      });
    }
    if (step.deadline && 'minutes' in step.deadline && step.deadline.minutes > s.duration * 2) {
      out.push({
        level: 'warning',
        path: ['scoring', 'expected', i, 'deadline'],
        message: 'the deadline is far beyond the expected duration',
      });
    }
  });
  s.scoring.harmful.forEach((h, i) => {
    if (!actions.has(h.action)) return;
    if (s.scoring.expected.some((e) => e.action === h.action && !e.params && !h.params && !h.if)) {
      out.push({
        level: 'error',
        path: ['scoring', 'harmful', i],
        message: `"${h.action}" is both expected and always harmful`,
      });
    }
  });
  s.injects.forEach((inj, i) => {
    if (inj.inPhase && !reachable.has(inj.inPhase.phase)) {
      out.push({
        level: 'warning',
        path: ['injects', i, 'inPhase'],
        message: `inject "${inj.id}" waits for a phase that can never be reached`,
      });
    }
    if (inj.at !== undefined && inj.at > s.duration * 2) {
      out.push({
        level: 'warning',
        path: ['injects', i, 'at'],
        message: `inject "${inj.id}" fires far beyond the expected duration`,
      });
    }
  });
  // Guard-only transitions fire without time passing: a cycle of them can spin forever.
  const instant = new Map(
    s.phases.map((p) => [
      p.id,
      p.transitions
        .filter((t) => t.after === undefined && t.action === undefined && t.inject === undefined)
        .map((t) => t.to),
    ]),
  );
  for (const loop of findCycles(
    s.phases.map((p) => p.id),
    (id) => instant.get(id) ?? [],
  )) {
    out.push({
      level: 'warning',
      path: ['phases', phaseIndex.get(loop[0]!)!, 'transitions'],
      message: `phases ${loop.join(' -> ')} can loop without time passing (their transitions have only "if")`,
    });
  }

  // Findings nothing reveals are dead content.
  const revealed = new Set<string>();
  const collectReveals = (effects: Effect[]) =>
    effects.forEach((e) => 'reveal' in e && revealed.add(e.reveal));
  s.phases.forEach((p) => collectReveals(p.onEnter));
  s.actions.forEach((a) => {
    collectReveals(a.effects);
    a.outcomes.forEach((o) => collectReveals(o.effects));
  });
  s.injects.forEach((inj) => collectReveals(inj.effects));
  s.rules.forEach((r) => collectReveals(r.effects));
  s.findings.forEach((f, i) => {
    if (!revealed.has(f.id))
      out.push({
        level: 'warning',
        path: ['findings', i],
        message: `finding "${f.id}" is never revealed`,
      });
  });
  // Solo practice offers a stalled trainee a hint: there must be one to offer.
  if (s.practice.stallMinutes !== undefined && s.hints.length === 0)
    out.push({
      level: 'warning',
      path: ['practice', 'stallMinutes'],
      message: 'a stalled trainee is offered a hint, but the scenario has no hints',
    });
  lintModel(s, reachable, out);
  out.push(...todoFindings(s));
  return out;
}

/** Every effect of the scenario, wherever it is written. */
function allEffects(s: Scenario): Effect[] {
  return [
    ...s.phases.flatMap((p) => p.onEnter),
    ...s.actions.flatMap((a) => [...a.effects, ...a.outcomes.flatMap((o) => o.effects)]),
    ...s.injects.flatMap((i) => i.effects),
    ...s.rules.flatMap((r) => r.effects),
  ];
}

function lintModel(s: Scenario, reachable: Set<string>, out: LintFinding[]) {
  const effects = allEffects(s);
  // What each derived metric reads, transitively: a rule that sets a var a metric reads
  // changes that metric too.
  const derived = new Map(s.metrics.filter((m) => m.expr).map((m) => [m.id, m.expr!]));
  const closure = (names: Set<string>): Set<string> => {
    const out = new Set(names);
    const queue = [...names];
    while (queue.length) {
      const n = queue.pop()!;
      const expr = derived.get(n);
      if (!expr) continue;
      for (const dep of expressionNames(expr))
        if (!out.has(dep)) {
          out.add(dep);
          queue.push(dep);
        }
    }
    return out;
  };

  // Rules that trigger each other without time passing. Not counted: rules that apply
  // once, effects that wait (`delay`: time passes), and the on/off idiom (two rules that
  // write the same names, each undoing the other under opposite conditions).
  const instantRules = s.rules.filter(
    (r) => r.every === undefined && r.when !== undefined && !r.once,
  );
  const reads = new Map(instantRules.map((r) => [r.id, closure(guardReads(r.when, new Set()))]));
  const writes = new Map(
    instantRules.map((r) => [r.id, r.effects.filter((e) => !e.delay).flatMap(effectWrites)]),
  );
  const sameWrites = (a: string, b: string) => {
    const x = [...new Set(writes.get(a))].sort().join(',');
    return x !== '' && x === [...new Set(writes.get(b))].sort().join(',');
  };
  const next = (id: string) =>
    instantRules
      .filter(
        (other) =>
          !sameWrites(id, other.id) && writes.get(id)!.some((w) => reads.get(other.id)!.has(w)),
      )
      .map((other) => other.id);
  for (const loop of findCycles(
    instantRules.map((r) => r.id),
    next,
  )) {
    // A rule that feeds itself is settled by its own edge: only chains of two or more count.
    if (loop.length <= 2) continue;
    out.push({
      level: 'warning',
      path: ['rules', s.rules.findIndex((r) => r.id === loop[0])],
      message: `rules ${loop.join(' -> ')} can trigger each other without time passing`,
    });
  }

  // Metrics nothing moves: no expression, no noise and no effect ever ramps them.
  const ramped = new Set(effects.flatMap((e) => ('metric' in e ? [e.metric] : [])));
  s.metrics.forEach((m, i) => {
    if (!m.expr && m.noise === 0 && !ramped.has(m.id))
      out.push({
        level: 'warning',
        path: ['metrics', i],
        message: `metric "${m.id}" is a flat line: nothing computes or moves it`,
      });
  });

  // Entities no effect can change.
  const moved = new Set(effects.flatMap((e) => ('move' in e ? [e.move] : [])));
  s.entities.forEach((e, i) => {
    if (!moved.has(e.id))
      out.push({
        level: 'warning',
        path: ['entities', i],
        message: `entity "${e.id}" never changes: no action, rule or inject moves its members`,
      });
  });

  // Objectives that can never be met.
  s.scoring.objectives.forEach((o, i) => {
    if (!possible(o.check, reachable))
      out.push({
        level: 'error',
        path: ['scoring', 'objectives', i, 'check'],
        message: `objective "${o.id}" needs a phase that can never be reached`,
      });
    const window = o.throughout;
    if (window && window.to !== 'end' && window.to <= window.from)
      out.push({
        level: 'error',
        path: ['scoring', 'objectives', i, 'throughout'],
        message: `objective "${o.id}" has an empty window`,
      });
  });
}

/** Could the guard ever hold, as far as phases go? Conservative: unknown means yes. */
function possible(g: Guard, reachable: Set<string>): boolean {
  if ('phase' in g)
    return (Array.isArray(g.phase) ? g.phase : [g.phase]).some((p) => reachable.has(p));
  if ('all' in g) return g.all.every((x) => possible(x, reachable));
  if ('any' in g) return g.any.some((x) => possible(x, reachable));
  return true;
}
