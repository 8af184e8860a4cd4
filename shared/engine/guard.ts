// Evaluates the scenario guard language against a drill's facts. Pure.
import { evaluateCondition } from '../scenario/expression.ts';
import type { Guard } from '../scenario/schema.ts';
import { metricValueAt, segmentValue } from './metrics.ts';
import { compiledExpression, modelScope } from './model-scope.ts';
import type { ActionRecord, DrillState, EffectContext } from './state.ts';

// The drill's action records by action id, extended as the log grows: guards ask "was X
// done?" many times per instant, and a scan of every record each time would make a long
// drill quadratic. Records are shared by reference, so later changes (completion, cancel)
// show through.
const actionIndex = new WeakMap<
  readonly ActionRecord[],
  { length: number; byAction: Map<string, ActionRecord[]> }
>();

function recordsOf(state: DrillState, action: string): readonly ActionRecord[] {
  let index = actionIndex.get(state.actions);
  if (!index || index.length > state.actions.length) {
    index = { length: 0, byAction: new Map() };
    actionIndex.set(state.actions, index);
  }
  for (; index.length < state.actions.length; index.length++) {
    const record = state.actions[index.length]!;
    const list = index.byAction.get(record.action);
    if (list) list.push(record);
    else index.byAction.set(record.action, [record]);
  }
  return index.byAction.get(action) ?? NONE;
}
const NONE: readonly ActionRecord[] = [];

export interface GuardFacts {
  state: DrillState;
  ctx: EffectContext;
}

export function evaluateGuard(g: Guard, facts: GuardFacts): boolean {
  const { state, ctx } = facts;
  if ('phase' in g)
    return Array.isArray(g.phase) ? g.phase.includes(state.phase) : g.phase === state.phase;
  if ('done' in g) {
    return recordsOf(state, g.done).some(
      (a) =>
        a.completedAt !== null &&
        (g.by === undefined || g.by.includes(a.role)) &&
        (g.params === undefined || paramsMatch(g.params, a.params)),
    );
  }
  if ('notDone' in g) return !recordsOf(state, g.notDone).some((a) => a.cancelledAt === null);
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
  if ('expr' in g) return evaluateCondition(compiledExpression(g.expr), modelScope(state));
  if ('metric' in g) return metricHolds(g, state);
  if ('alert' in g) {
    const alert = state.alerts[g.alert];
    return alert !== undefined && alert.resolvedAt === null;
  }
  if ('all' in g) return g.all.every((x) => evaluateGuard(x, facts));
  if ('any' in g) return g.any.some((x) => evaluateGuard(x, facts));
  return !evaluateGuard(g.not, facts);
}

export function paramsMatch(want: Record<string, string>, got: Record<string, string>): boolean {
  for (const k in want) if (got[k] !== want[k]) return false;
  return true;
}

type MetricGuard = Extract<Guard, { metric: string }>;

function compare(g: MetricGuard, v: number): boolean {
  if (g.gt !== undefined && !(v > g.gt)) return false;
  if (g.gte !== undefined && !(v >= g.gte)) return false;
  if (g.lt !== undefined && !(v < g.lt)) return false;
  if (g.lte !== undefined && !(v <= g.lte)) return false;
  return true;
}

/**
 * A metric guard reads the metric's noise-free path. With `for`, the value must pass at every
 * moment of the last `for` minutes: the path is piecewise linear, so checking the ends of each
 * piece inside the window is exact.
 */
function metricHolds(g: MetricGuard, state: DrillState): boolean {
  const segments = state.metrics[g.metric];
  if (!segments) return false;
  if (!compare(g, metricValueAt(segments, state.t))) return false;
  if (!g.for) return true;
  const since = state.t - g.for * 60;
  if (state.startedAt === null || since < state.startedAt) return false;
  for (let i = segments.length - 1; i >= 0; i--) {
    const seg = segments[i]!;
    const end = i + 1 < segments.length ? segments[i + 1]!.t0 : state.t;
    if (end < since) break;
    const a = Math.max(seg.t0, since);
    const b = Math.min(end, state.t);
    if (a > b) continue;
    if (!compare(g, segmentValue(seg, a)) || !compare(g, segmentValue(seg, b))) return false;
  }
  return true;
}
