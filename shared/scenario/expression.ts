// Model expressions: CEL (the Common Expression Language of Kubernetes admission policies,
// Envoy and cloud IAM conditions), compiled once per scenario against an environment that
// declares exactly the names the scenario has. Pure: no IO, no clock.
//
// CEL keeps integers and doubles apart, and integer literals are 64-bit ints: `load / 2`
// would be a type error and `1 / 2` would be 0. Scenario numbers are doubles, so every
// decimal integer literal is read as a double (`2` becomes `2.0`) before parsing; an author
// who wants integer arithmetic writes `int(x)`.
import { Environment } from '@marcbachmann/cel-js';
import type { Metric, Scalar, Scenario } from './schema.ts';

/** A compiled expression: evaluates against a model scope. Throws on runtime errors. */
export type CompiledExpression = (scope: ModelScope) => unknown;

/** What an expression may read. Entities are maps of state -> members (plus `total`). */
export type ModelScope = Record<string, number | boolean | string | Record<string, number>>;

/** The names an expression may read, and their CEL types. */
export interface ExpressionNames {
  vars: Record<string, Scalar>;
  metrics: string[];
  entities: string[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set([
  't',
  'phase',
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

/** Whether a var, metric or entity id can be named in an expression. */
export function isExpressionName(id: string): boolean {
  return IDENTIFIER.test(id) && !RESERVED.has(id);
}

const FUNCTIONS: [string, (...args: number[]) => number][] = [
  ['min(double, double): double', Math.min],
  ['max(double, double): double', Math.max],
  ['clamp(double, double, double): double', (x, lo, hi) => Math.min(hi, Math.max(lo, x))],
  ['abs(double): double', Math.abs],
  ['floor(double): double', Math.floor],
  ['ceil(double): double', Math.ceil],
  ['round(double): double', Math.round],
  ['sqrt(double): double', Math.sqrt],
  ['pow(double, double): double', Math.pow],
];

function celType(value: Scalar): string {
  return typeof value === 'number' ? 'double' : typeof value === 'boolean' ? 'bool' : 'string';
}

export function expressionEnvironment(names: ExpressionNames): Environment {
  const env = new Environment({
    unlistedVariablesAreDyn: false,
    limits: { maxAstNodes: 500, maxDepth: 50 },
  });
  env.registerVariable('t', 'double');
  env.registerVariable('phase', 'string');
  for (const [id, value] of Object.entries(names.vars))
    if (isExpressionName(id)) env.registerVariable(id, celType(value));
  for (const id of names.metrics) if (isExpressionName(id)) env.registerVariable(id, 'double');
  for (const id of names.entities)
    if (isExpressionName(id)) env.registerVariable(id, 'map<string, double>');
  for (const [signature, fn] of FUNCTIONS) env.registerFunction(signature, fn);
  return env;
}

export function namesOf(s: Pick<Scenario, 'vars' | 'metrics' | 'entities'>): ExpressionNames {
  return {
    vars: s.vars,
    metrics: s.metrics.map((m) => m.id),
    entities: s.entities.map((e) => e.id),
  };
}

/** Rewrites decimal integer literals outside strings as doubles: `2` -> `2.0`. */
export function doubleLiterals(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    // Strings: '...', "...", triple-quoted, raw (r'...'), with escapes outside raw strings.
    if (ch === '"' || ch === "'") {
      const raw = i > 0 && /[rR]/.test(source[i - 1]!) && !/[A-Za-z0-9_]/.test(source[i - 2] ?? '');
      const triple = source.startsWith(ch.repeat(3), i);
      const close = triple ? ch.repeat(3) : ch;
      let j = i + close.length;
      while (j < source.length && !source.startsWith(close, j))
        j += !raw && source[j] === '\\' ? 2 : 1;
      j = Math.min(source.length, j + close.length);
      out += source.slice(i, j);
      i = j;
      continue;
    }
    if (/[0-9]/.test(ch) && !/[A-Za-z0-9_.]/.test(source[i - 1] ?? '')) {
      let j = i;
      if (source.startsWith('0x', i) || source.startsWith('0X', i)) {
        j += 2;
        while (j < source.length && /[0-9A-Fa-f]/.test(source[j]!)) j++;
        out += source.slice(i, j);
        i = j;
        continue;
      }
      while (j < source.length && /[0-9]/.test(source[j]!)) j++;
      const next = source[j] ?? '';
      const isDouble = next === '.' || next === 'e' || next === 'E';
      const isUnsigned = next === 'u' || next === 'U';
      out += source.slice(i, j) + (isDouble || isUnsigned ? '' : '.0');
      i = j;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

export type ExpressionCheck =
  { ok: true; type: string; compiled: CompiledExpression } | { ok: false; message: string };

/** Parses and type-checks an expression; `want` is the CEL type it must have. */
export function checkExpression(
  env: Environment,
  source: string,
  want: 'bool' | 'double' | 'any',
): ExpressionCheck {
  const text = doubleLiterals(source);
  let compiled: CompiledExpression;
  try {
    const parsed = env.parse(text);
    compiled = parsed as unknown as CompiledExpression;
  } catch (error) {
    return { ok: false, message: firstLine(error) };
  }
  const result = env.check(text);
  if (!result.valid) return { ok: false, message: firstLine(result.error) };
  const type = String(result.type);
  if (want !== 'any' && type !== want && type !== 'dyn')
    return { ok: false, message: `the expression gives ${type}, and ${want} is needed here` };
  return { ok: true, type, compiled };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.trim();
}

/** Evaluates a compiled expression as a finite number, or null when it cannot. */
export function evaluateNumber(expr: CompiledExpression, scope: ModelScope): number | null {
  try {
    const v = expr(scope);
    const n = typeof v === 'bigint' ? Number(v) : v;
    return typeof n === 'number' && Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

/** Evaluates a compiled expression as a condition: anything but `true` is false. */
export function evaluateCondition(expr: CompiledExpression, scope: ModelScope): boolean {
  try {
    return expr(scope) === true;
  } catch {
    return false;
  }
}

/** The identifiers an expression mentions outside strings (names it may read). */
export function expressionNames(source: string): Set<string> {
  const names = new Set<string>();
  const text = source.replace(/("""|'''|"|')(?:\\.|(?!\1)[\s\S])*?\1/g, '""');
  for (const match of text.matchAll(/(?<![.\w])([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(match[1]!);
  return names;
}

/** Derived metrics ordered so that each comes after the derived metrics it reads. */
export function orderDerivedMetrics(scenario: Scenario): {
  order: Metric[];
  cycle: string[] | null;
} {
  const derived = new Map(scenario.metrics.filter((m) => m.expr).map((m) => [m.id, m]));
  const order: Metric[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  let cycle: string[] | null = null;
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === 'done' || cycle) return;
    if (state.get(id) === 'visiting') {
      cycle = [...path.slice(path.indexOf(id)), id];
      return;
    }
    state.set(id, 'visiting');
    for (const name of expressionNames(derived.get(id)!.expr!))
      if (derived.has(name)) visit(name, [...path, id]);
    state.set(id, 'done');
    order.push(derived.get(id)!);
  };
  for (const id of derived.keys()) visit(id, []);
  return { order, cycle };
}
