// Evaluates the scenario guard language against a drill's facts. Pure.
import type { Guard } from '../scenario/schema.ts';
import type { DrillState, EffectContext } from './state.ts';

export interface GuardFacts {
  state: DrillState;
  ctx: EffectContext;
}

export function evaluateGuard(g: Guard, facts: GuardFacts): boolean {
  const { state, ctx } = facts;
  if ('phase' in g)
    return Array.isArray(g.phase) ? g.phase.includes(state.phase) : g.phase === state.phase;
  if ('done' in g) {
    return state.actions.some(
      (a) =>
        a.action === g.done &&
        a.completedAt !== null &&
        (g.by === undefined || g.by.includes(a.role)) &&
        (g.params === undefined || paramsMatch(g.params, a.params)),
    );
  }
  if ('notDone' in g) return !state.actions.some((a) => a.action === g.notDone);
  if ('var' in g) {
    const v = state.vars[g.var];
    if (g.eq !== undefined && v !== g.eq) return false;
    if (g.ne !== undefined && v === g.ne) return false;
    if (typeof v !== 'number')
      return g.gt === undefined && g.gte === undefined && g.lt === undefined && g.lte === undefined;
    if (g.gt !== undefined && !(v > g.gt)) return false;
    if (g.gte !== undefined && !(v >= g.gte)) return false;
    if (g.lt !== undefined && !(v < g.lt)) return false;
    if (g.lte !== undefined && !(v <= g.lte)) return false;
    return true;
  }
  if ('elapsed' in g) {
    const minutes = state.t / 60;
    if (g.elapsed.gte !== undefined && minutes < g.elapsed.gte) return false;
    if (g.elapsed.lt !== undefined && minutes >= g.elapsed.lt) return false;
    return true;
  }
  if ('role' in g) return ctx.role !== undefined && g.role.includes(ctx.role);
  if ('param' in g) {
    const v = ctx.params?.[g.param];
    if (v === undefined) return false;
    if (g.eq !== undefined && v !== g.eq) return false;
    if (g.in !== undefined && !g.in.includes(v)) return false;
    return true;
  }
  if ('finding' in g) return g.finding in state.findings;
  if ('inject' in g) return g.inject in state.injectsFired;
  if ('all' in g) return g.all.every((x) => evaluateGuard(x, facts));
  if ('any' in g) return g.any.some((x) => evaluateGuard(x, facts));
  return !evaluateGuard(g.not, facts);
}

export function paramsMatch(want: Record<string, string>, got: Record<string, string>): boolean {
  for (const k in want) if (got[k] !== want[k]) return false;
  return true;
}
