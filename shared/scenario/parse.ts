// Turns scenario text (YAML) into a checked Scenario, or into issues that name the
// line, column and field path of each problem. Pure: text in, value out.
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { checkReferences, type ScenarioIssue } from './references.ts';
import { Scenario } from './schema.ts';

export interface LocatedIssue extends ScenarioIssue {
  line?: number;
  column?: number;
}

export type ParseResult =
  | { ok: true; scenario: Scenario }
  | { ok: false; issues: LocatedIssue[] };

/** Checks an already-parsed value (JSON, an object from a test, ...). */
export function parseScenario(value: unknown): ParseResult {
  const result = Scenario.safeParse(value);
  if (!result.success) return { ok: false, issues: zodIssues(result.error) };
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
        return { path: [], message: e.message.split('\n')[0] ?? e.message, line: pos.line, column: pos.col };
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
function locate(doc: ReturnType<typeof parseDocument>, path: (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}

function zodIssues(error: z.ZodError): ScenarioIssue[] {
  return error.issues.map((issue) => {
    // Unions report every branch; the most useful message is the deepest one.
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const best = issue.errors
        .flat()
        .sort((a, b) => b.path.length - a.path.length)
        .find((x) => x.code !== 'invalid_union');
      if (best) {
        return { path: [...issue.path, ...best.path].map(toKey), message: unionMessage(best) };
      }
    }
    return { path: issue.path.map(toKey), message: issue.message };
  });
}

function unionMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
  return issue.message;
}

function toKey(k: PropertyKey): string | number {
  return typeof k === 'symbol' ? String(k) : k;
}

export function formatIssue(file: string, issue: LocatedIssue): string {
  const where = issue.line !== undefined ? `${file}:${issue.line}:${issue.column ?? 1}` : file;
  const path = issue.path.length ? ` ${issue.path.join('.')}:` : '';
  return `${where}:${path} ${issue.message}`;
}
