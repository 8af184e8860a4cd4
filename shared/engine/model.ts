// The simulated system: one deterministic evaluation of the scenario's model, run by the
// reducer at every sample boundary (time passes: flows move members, harm accrues) and after
// every event that changed a fact (no time passes). Pure: it reads the state and the
// scenario, and changes the state it is given through the reducer's own effect hooks.
//
// Order, fixed: flows -> derived metrics (dependency order) -> rules (to a fixed point,
// bounded) -> alerts -> health -> objectives and accruals.
import type { Effect, Health } from '../scenario/schema.ts';
import type { CompiledScenario } from './compile.ts';
import { evaluateGuard } from './guard.ts';
import { metricValueAt } from './metrics.ts';
import { evaluateAt, patchScope } from './model-scope.ts';
import type { DrillState, ModelState } from './state.ts';

/** What the model may ask of the reducer: the same paths effects and alerts take. */
export interface ModelHooks {
  applyEffects(effects: readonly Effect[]): void;
  fireAlert(id: string): void;
  resolveAlert(id: string): void;
  setHealth(service: string, health: Health): void;
  note(text: string): void;
}

/** Rules may trigger each other this many times in one instant before the model gives up. */
export const RULE_PASSES = 20;

export function initialModel(c: CompiledScenario): ModelState {
  return {
    at: 0,
    version: 0,
    storyOffset: 0,
    entities: Object.fromEntries(
      c.scenario.entities.map((e) => [
        e.id,
        Object.fromEntries(e.states.map((st) => [st, e.initial[st] ?? 0])),
      ]),
    ),
    flows: [],
    disabled: {},
    healthOverride: {},
    alertSince: {},
    rules: {},
    objectives: {},
    accrued: {},
  };
}

/** Evaluates the model at the state's current time. `tick`: a sample boundary. */
export function evaluateModel(
  c: CompiledScenario,
  s: DrillState,
  hooks: ModelHooks,
  tick: boolean,
) {
  const m = s.model;
  const dt = Math.max(0, s.t - m.at);
  if (dt > 0) stepFlows(s, dt);
  computeMetrics(c, s);
  runRules(c, s, hooks, tick);
  if (s.status === 'ended') return;
  computeMetrics(c, s);
  runAlerts(c, s, hooks);
  computeHealth(c, s, hooks);
  judgeObjectives(c, s, dt);
  m.at = s.t;
}

function stepFlows(s: DrillState, dt: number) {
  const m = s.model;
  for (const flow of m.flows) {
    const counts = m.entities[flow.entity];
    if (!counts) continue;
    const want = flow.perMinute * (dt / 60) + flow.carry;
    const whole = Math.floor(want);
    const moved = Math.min(whole, counts[flow.from] ?? 0);
    flow.carry = moved < whole ? 0 : want - whole;
    if (moved > 0) {
      counts[flow.from] = (counts[flow.from] ?? 0) - moved;
      counts[flow.to] = (counts[flow.to] ?? 0) + moved;
      m.version++;
    }
  }
}

function computeMetrics(c: CompiledScenario, s: DrillState) {
  for (const metric of c.derivedMetrics) {
    const value = evaluateAt(s, metric.expr!);
    if (value === null) continue;
    let v = value;
    if (metric.min !== undefined) v = Math.max(metric.min, v);
    if (metric.max !== undefined) v = Math.min(metric.max, v);
    const segments = s.metrics[metric.id]!;
    const last = segments[segments.length - 1]!;
    if (Math.abs(metricValueAt(segments, s.t) - v) < 1e-9) continue;
    // A step at the current moment: samples before now never change.
    if (last.t0 === s.t && last.t1 === s.t) last.to = v;
    else segments.push({ t0: s.t, t1: s.t, from: v, to: v, noise: last.noise });
    patchScope(s, metric.id, v);
  }
}

function runRules(c: CompiledScenario, s: DrillState, hooks: ModelHooks, tick: boolean) {
  const rules = c.scenario.rules;
  if (rules.length === 0) return;
  const applied: string[] = [];
  for (let pass = 0; pass < RULE_PASSES; pass++) {
    let changed = false;
    for (const rule of rules) {
      if (s.status === 'ended') return;
      const r = (s.model.rules[rule.id] ??= { held: false, last: null, count: 0 });
      if (rule.once && r.count > 0) continue;
      const holds = rule.when === undefined || evaluateGuard(rule.when, { state: s, ctx: {} });
      let apply = false;
      if (rule.every !== undefined) {
        // Periodic: first when it starts to hold, then every `every` minutes at a sample.
        if (
          holds &&
          (r.last === null || !r.held || (tick && s.t - r.last >= rule.every * 60 - 1e-6))
        )
          apply = r.last !== s.t;
      } else {
        apply = holds && !r.held;
      }
      r.held = holds;
      if (!apply) continue;
      r.last = s.t;
      r.count++;
      applied.push(rule.id);
      hooks.applyEffects(rule.effects);
      computeMetrics(c, s);
      changed = true;
    }
    if (!changed) return;
  }
  hooks.note(
    `Model: rules kept triggering each other without time passing and were stopped (${applied.slice(-8).join(' -> ')})`,
  );
}

function runAlerts(c: CompiledScenario, s: DrillState, hooks: ModelHooks) {
  for (const alert of c.ruledAlerts) {
    const holds = evaluateGuard(alert.when!, { state: s, ctx: {} });
    const since = s.model.alertSince[alert.id] ?? null;
    const firing = s.alerts[alert.id] !== undefined && s.alerts[alert.id]!.resolvedAt === null;
    if (holds) {
      const from = since ?? s.t;
      s.model.alertSince[alert.id] = from;
      if (!firing && s.t - from >= alert.for * 60 - 1e-6) hooks.fireAlert(alert.id);
    } else {
      s.model.alertSince[alert.id] = null;
      if (firing && alert.autoResolve) hooks.resolveAlert(alert.id);
    }
  }
}

const RANK: Record<Health, number> = { ok: 0, unknown: 1, degraded: 2, down: 3 };

function computeHealth(c: CompiledScenario, s: DrillState, hooks: ModelHooks) {
  const services = c.scenario.services;
  if (services.length === 0) return;
  const result = new Map<string, Health>();
  const visiting = new Set<string>();
  const healthOf = (id: string): Health => {
    const known = result.get(id);
    if (known) return known;
    const svc = c.index.services.get(id);
    if (!svc) return 'ok';
    const override = s.model.healthOverride[id];
    if (override) {
      result.set(id, override);
      return override;
    }
    if (visiting.has(id)) return 'ok'; // a dependency cycle: judge each service once
    visiting.add(id);
    let own: Health = svc.health;
    if (svc.healthWhen) {
      own = 'ok';
      const facts = { state: s, ctx: {} };
      if (svc.healthWhen.down && evaluateGuard(svc.healthWhen.down, facts)) own = 'down';
      else if (svc.healthWhen.degraded && evaluateGuard(svc.healthWhen.degraded, facts))
        own = 'degraded';
    }
    // A failing dependency degrades the service that calls it.
    let health = own;
    for (const dep of svc.dependsOn) {
      const h = healthOf(dep);
      if ((h === 'down' || h === 'degraded') && RANK[health] < RANK.degraded) health = 'degraded';
    }
    visiting.delete(id);
    result.set(id, health);
    return health;
  };
  for (const svc of services) {
    const h = healthOf(svc.id);
    if (s.health[svc.id] !== h) hooks.setHealth(svc.id, h);
  }
}

function judgeObjectives(c: CompiledScenario, s: DrillState, dt: number) {
  const { objectives, accrue } = c.scenario.scoring;
  const facts = { state: s, ctx: {} };
  const minute = s.t / 60;
  for (const o of objectives) {
    if (s.model.objectives[o.id]) continue;
    if (o.by !== undefined) {
      if (minute > o.by + 1e-9) s.model.objectives[o.id] = { met: false, at: o.by * 60 };
      else if (evaluateGuard(o.check, facts)) s.model.objectives[o.id] = { met: true, at: s.t };
    } else if (o.throughout !== undefined) {
      const { from, to } = o.throughout;
      if (minute + 1e-9 < from) continue;
      if (to !== 'end' && minute > to + 1e-9) {
        s.model.objectives[o.id] = { met: true, at: to * 60 };
        continue;
      }
      if (!evaluateGuard(o.check, facts)) s.model.objectives[o.id] = { met: false, at: s.t };
    } else if (typeof o.at === 'number' && minute + 1e-9 >= o.at) {
      s.model.objectives[o.id] = { met: evaluateGuard(o.check, facts), at: s.t };
    }
  }
  for (const a of accrue) {
    const acc = (s.model.accrued[a.id] ??= {
      seconds: 0,
      held: false,
      since: null,
      points: 0,
      rate: 0,
    });
    // The interval since the last evaluation is charged at the rate that held then.
    if (acc.held) {
      acc.seconds += dt;
      acc.points += (acc.rate * dt) / 60;
    }
    const holds = evaluateGuard(a.when, facts);
    if (holds && !acc.held) acc.since ??= s.t;
    acc.held = holds;
    acc.rate = holds
      ? typeof a.perMinute === 'number'
        ? a.perMinute
        : Math.max(0, evaluateAt(s, a.perMinute) ?? 0)
      : 0;
  }
}
