// Reading scenario and playthrough files for the CLI: file-system errors become one-line
// messages, and every problem is located as file:line:column.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import {
  formatIssue,
  parseScenarioYaml,
  type LocatedIssue,
  type Scenario,
} from '../shared/index.ts';

export type Result<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** The text of a file, or why it cannot be read, in words. */
export function readText(file: string): Result<string> {
  try {
    return { ok: true, value: readFileSync(file, 'utf8') };
  } catch (error) {
    return { ok: false, problems: [`${file}: ${fileError(error)}`] };
  }
}

function fileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/**
 * The files named on the command line; a directory stands for the YAML files directly in
 * it (so `firedrill validate scenarios` checks them all).
 */
export function expandFiles(args: string[]): Result<string[]> {
  const files: string[] = [];
  const problems: string[] = [];
  for (const arg of args) {
    let isDir = false;
    try {
      isDir = statSync(arg).isDirectory();
    } catch {
      // Not there: reading it later reports the problem in the file's own line.
    }
    if (!isDir) {
      files.push(arg);
      continue;
    }
    const yaml = readdirSync(arg)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => join(arg, name));
    if (yaml.length === 0) problems.push(`${arg}: no .yaml files in this directory`);
    files.push(...yaml);
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: files };
}

/** Reads and checks a scenario file. */
export function loadScenario(file: string): Result<{ scenario: Scenario; text: string }> {
  const text = readText(file);
  if (!text.ok) return text;
  const parsed = parseScenarioYaml(text.value);
  if (!parsed.ok)
    return { ok: false, problems: parsed.issues.map((issue) => formatIssue(file, issue)) };
  return { ok: true, value: { scenario: parsed.scenario, text: text.value } };
}

/** Finds where a path (["phases", 2, "transitions"]) starts in YAML text. */
export function locator(
  text: string,
): (path: (string | number)[]) => { line: number; column: number } | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return (path) => {
    // The deepest node on the path that exists: defaults are not in the text.
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return undefined;
  };
}

/** Reads a YAML (or JSON) file and checks it against a zod schema, locating each issue. */
export function loadYamlAs<T extends z.ZodType>(file: string, schema: T): Result<z.output<T>> {
  const text = readText(file);
  if (!text.ok) return text;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.value, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return formatIssue(file, {
          path: [],
          message: e.message.split('\n')[0] ?? e.message,
          line: pos.line,
          column: pos.col,
        });
      }),
    };
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return { ok: true, value: result.data };
  const locate = locator(text.value);
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      const path = issue.path.map((k) => (typeof k === 'symbol' ? String(k) : k));
      const located: LocatedIssue = { path, message: issue.message, ...locate(path) };
      return formatIssue(file, located);
    }),
  };
}
