// Turns scenario text (YAML) into a checked Scenario, or into issues that name the
// line, column and field path of each problem. Pure: text in, value out.
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { checkReferences, type ScenarioIssue } from './references.ts';
import { Scenario } from './schema.ts';

export interface LocatedIssue extends ScenarioIssue {
  line?: number;
  column?: number;
}

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; issues: LocatedIssue[] };

/** Checks an already-parsed value (JSON, an object from a test, ...). */
export function parseScenario(value: unknown): ParseResult {
  const result = Scenario.safeParse(value);
  if (!result.success) return { ok: false, issues: zodIssues(result.error, value) };
  const refs = checkReferences(result.data);
  if (refs.length > 0) return { ok: false, issues: refs };
  return { ok: true, scenario: result.data };
}

/** Parses YAML text and locates every issue in it. */
export function parseScenarioYaml(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return {
          path: [],
          message: e.message.split('\n')[0] ?? e.message,
          line: pos.line,
          column: pos.col,
        };
      }),
    };
  }
  const result = parseScenario(doc.toJS({ maxAliasCount: 100 }));
  if (result.ok) return result;
  return {
    ok: false,
    issues: result.issues.map((issue) => {
      const at = locate(doc, issue.path);
      if (at === undefined) return issue;
      const pos = lineCounter.linePos(at);
      return { ...issue, line: pos.line, column: pos.col };
    }),
  };
}

/** The deepest node on the path that exists in the document: where the problem starts. */
function locate(
  doc: ReturnType<typeof parseDocument>,
  path: (string | number)[],
): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}

function zodIssues(error: z.ZodError, input: unknown): ScenarioIssue[] {
  return error.issues.flatMap((issue) => explain(issue, [], input));
}

/** One zod issue in words, at the place it starts. */
function explain(issue: z.core.$ZodIssue, prefix: PropertyKey[], input: unknown): ScenarioIssue[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Unions report every branch. The author meant the branch that misses the fewest
    // fields: `{ metric: m, to: "x" }` is a metric effect with a bad "to", not a reveal
    // effect missing "reveal".
    const branch = closestBranch(issue.errors, path, input);
    const unknown = branch.filter((x) => x.code === 'unrecognized_keys');
    return (unknown.length > 0 ? unknown : branch).flatMap((x) => explain(x, path, input));
  }
  if (issue.code === 'unrecognized_keys') {
    // Point at the field itself, so an editor jumps to the typo, not to its parent.
    return issue.keys.map((key) => ({
      path: [...path, key].map(toKey),
      message: `unknown field "${key}"`,
    }));
  }
  return [{ path: path.map(toKey), message: issue.message }];
}

function closestBranch(
  branches: z.core.$ZodIssue[][],
  at: PropertyKey[],
  input: unknown,
): z.core.$ZodIssue[] {
  const missing = (list: z.core.$ZodIssue[]) =>
    list.filter(
      (x) => x.code === 'invalid_type' && valueAt(input, [...at, ...x.path]) === undefined,
    ).length;
  let best = branches[0]!;
  for (const branch of branches.slice(1)) {
    const d = missing(branch) - missing(best);
    if (d < 0 || (d === 0 && branch.length < best.length)) best = branch;
  }
  return best;
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let v = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function toKey(k: PropertyKey): string | number {
  return typeof k === 'symbol' ? String(k) : k;
}

export function formatIssue(file: string, issue: LocatedIssue): string {
  const where = issue.line !== undefined ? `${file}:${issue.line}:${issue.column ?? 1}` : file;
  const path = issue.path.length ? ` ${issue.path.join('.')}:` : '';
  return `${where}:${path} ${issue.message}`;
}
