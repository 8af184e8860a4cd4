// What a model expression reads at a moment of a drill: vars, metric values (noise-free),
// entity counts, `t` in minutes and the phase. Pure.
//
// Expressions are type-checked against the scenario's own names when it is validated
// (scenario/references.ts); here they are compiled once per source text for evaluation.
import { Environment } from '@marcbachmann/cel-js';
import {
  doubleLiterals,
  evaluateNumber,
  type CompiledExpression,
  type ModelScope,
} from '../scenario/expression.ts';
import { metricValueAt } from './metrics.ts';
import type { DrillState } from './state.ts';

const runtime = new Environment({ unlistedVariablesAreDyn: true })
  .registerFunction('min(double, double): double', Math.min)
  .registerFunction('max(double, double): double', Math.max)
  .registerFunction('clamp(double, double, double): double', (x: number, lo: number, hi: number) =>
    Math.min(hi, Math.max(lo, x)),
  )
  .registerFunction('abs(double): double', Math.abs)
  .registerFunction('floor(double): double', Math.floor)
  .registerFunction('ceil(double): double', Math.ceil)
  .registerFunction('round(double): double', Math.round)
  .registerFunction('sqrt(double): double', Math.sqrt)
  .registerFunction('pow(double, double): double', Math.pow);

const compiled = new Map<string, CompiledExpression>();
const broken: CompiledExpression = () => null;

/** The evaluator for an expression's source (validated scenarios only reach here). */
export function compiledExpression(source: string): CompiledExpression {
  let expr = compiled.get(source);
  if (!expr) {
    try {
      expr = runtime.parse(doubleLiterals(source)) as unknown as CompiledExpression;
    } catch {
      expr = broken;
    }
    compiled.set(source, expr);
  }
  return expr;
}

const scopes = new WeakMap<DrillState, { key: string; scope: ModelScope }>();
const scopeKey = (s: DrillState) => `${s.t}|${s.model.version}|${s.phase}`;

/** The model as expressions see it now. Memoised until the state changes. */
export function modelScope(s: DrillState): ModelScope {
  // Everything a scope reads changes with one of these: vars, entities and ramps bump the
  // model's version; derived metrics patch the scope in place (patchScope).
  const key = scopeKey(s);
  const memo = scopes.get(s);
  if (memo && memo.key === key) return memo.scope;
  const scope: ModelScope = {};
  for (const id in s.vars) scope[id] = s.vars[id]!;
  for (const id in s.metrics) scope[id] = metricValueAt(s.metrics[id]!, s.t);
  for (const id in s.model.entities) {
    const counts = s.model.entities[id]!;
    let total = 0;
    for (const state in counts) total += counts[state]!;
    scope[id] = { ...counts, total };
  }
  scope.t = s.t / 60;
  scope.phase = s.phase;
  scopes.set(s, { key, scope });
  return scope;
}

/**
 * A derived metric got a new value: patch the scope in place rather than rebuild it, so a
 * model of N derived metrics costs N evaluations, not N scope rebuilds.
 */
export function patchScope(s: DrillState, id: string, value: number): void {
  const memo = scopes.get(s);
  if (memo && memo.key === scopeKey(s)) memo.scope[id] = value;
}

/** Evaluates an expression to a number now, or null when it cannot. */
export function evaluateAt(s: DrillState, source: string): number | null {
  return evaluateNumber(compiledExpression(source), modelScope(s));
}

/** `{{ expression }}` in a log line or a message: the model's value at that moment. */
export const TEMPLATE = /\{\{([^{}]+)\}\}/g;

/** Fills a text's `{{ expression }}` slots from the model now (numbers to two decimals). */
export function fillTemplate(s: DrillState, text: string): string {
  if (!text.includes('{{')) return text;
  return text.replace(TEMPLATE, (_, source: string) => {
    let value: unknown;
    try {
      value = compiledExpression(source.trim())(modelScope(s));
    } catch {
      return '?';
    }
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'number')
      return Number.isFinite(value) ? String(Math.round(value * 100) / 100) : '?';
    return typeof value === 'string' || typeof value === 'boolean' ? String(value) : '?';
  });
}
