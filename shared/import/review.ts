// What a facilitator needs to judge a draft before saving it: does it validate, what does
// lint say (with lines in the draft's YAML), and does its own playthrough play. The CLI
// prints it; the server sends it to the import screen. Pure.
import { isNode, LineCounter, parseDocument } from 'yaml';
import { parse } from 'yaml';
import { compile } from '../engine/compile.ts';
import { Playthrough, runPlaythrough } from '../engine/playthrough.ts';
import { lintScenario } from '../scenario/lint.ts';
import { parseScenarioYaml, type LocatedIssue } from '../scenario/parse.ts';
import type { Draft } from './index.ts';

export interface DraftReview {
  /** Validation problems; none for any draft the importer writes, but a check is a check. */
  issues: LocatedIssue[];
  lint: { level: 'error' | 'warning'; path: string; line?: number; message: string }[];
  /** The draft's own playthrough, played; null when the draft does not validate. */
  play: { name: string; percent: number; phase: string; ended: boolean; unmet: string[] } | null;
}

export function reviewDraft(draft: Pick<Draft, 'yaml' | 'playthroughYaml'>): DraftReview {
  const parsed = parseScenarioYaml(draft.yaml);
  if (!parsed.ok) return { issues: parsed.issues, lint: [], play: null };
  const lineOf = locator(draft.yaml);
  const lint = lintScenario(parsed.scenario).map((f) => ({
    level: f.level,
    path: f.path.join('.'),
    ...lineOf(f.path),
    message: f.message,
  }));
  const script = Playthrough.safeParse(parse(draft.playthroughYaml));
  if (!script.success) return { issues: [], lint, play: null };
  const result = runPlaythrough(compile(parsed.scenario), script.data);
  return {
    issues: [],
    lint,
    play: {
      name: script.data.name,
      percent: result.score.percent,
      phase: result.state.phase,
      ended: result.state.status === 'ended',
      unmet: result.unmet,
    },
  };
}

function locator(text: string): (path: (string | number)[]) => { line?: number } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return { line: lineCounter.linePos(node.range[0]).line };
    }
    return {};
  };
}
