// `firedrill import FILE`: an incident record (a Markdown postmortem, a CSV or JSON timeline,
// a wheel-of-misfortune list, a compiled Ink story) becomes scenario drafts, written beside
// their playthroughs and reviewed: validation, lint with its "to enrich" TODOs, and a run of
// the draft's own playthrough. The conversion is shared/import; this module does the IO.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatIssue } from '../shared/index.ts';
import { FORMAT_NAMES, importIncident } from '../shared/import/index.ts';
import { reviewDraft } from '../shared/import/review.ts';
import { EXIT, usageError, type CliCommand } from './command.ts';
import { readText } from './load.ts';

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'import FILE [--out DIR] [--force]',
  summary: "Turn a team's own incident record into a scenario draft to enrich.",
  description: [
    'FILE is a Markdown postmortem with a Timeline section (.md), a timeline export with',
    'timestamp, actor, kind and text (.csv or .json), a wheel-of-misfortune list of incidents',
    '(.json) or a compiled Ink story (.json). Each draft is written to DIR/<id>.yaml and its',
    "playthrough to DIR/playthroughs/<id>.real.yaml (a story's: <id>.walkthrough.yaml), then",
    'reviewed: lint lists the TODOs a facilitator must decide as "to enrich" warnings.',
    'Existing files are kept unless --force. Exits with 1 if the file cannot be read as a',
    'record (the message names the line) or a draft fails its review.',
  ].join('\n'),
  options: {
    out: { type: 'string', short: 'o', arg: 'DIR', help: 'Where to write the drafts (default: .)' },
    force: { type: 'boolean', help: 'Overwrite drafts that already exist' },
  },
  run({ positionals, values }, io) {
    if (positionals.length !== 1)
      return usageError(io, 'import', 'name exactly one incident record');
    const file = positionals[0]!;
    const out = typeof values.out === 'string' && values.out !== '' ? values.out : '.';
    const text = readText(file);
    if (!text.ok) {
      text.problems.forEach((line) => io.out(line));
      return EXIT.failed;
    }
    const result = importIncident(file, text.value);
    if (!result.ok) {
      io.out(
        formatIssue(file, { path: [], message: result.problem.message, ...lineOf(result.problem) }),
      );
      return EXIT.failed;
    }
    const targets = result.drafts.flatMap((d) => [
      join(out, `${d.id}.yaml`),
      join(out, 'playthroughs', d.playthroughFile),
    ]);
    const existing = targets.filter((t) => existsSync(t));
    if (existing.length > 0 && values.force !== true) {
      existing.forEach((t) => io.out(`${t}: exists; keeping it (use --force to overwrite)`));
      return EXIT.failed;
    }
    io.out(`${file}: ${FORMAT_NAMES[result.format]}, ${plural(result.drafts.length, 'draft')}`);
    let failed = 0;
    mkdirSync(join(out, 'playthroughs'), { recursive: true });
    for (const draft of result.drafts) {
      const scenarioFile = join(out, `${draft.id}.yaml`);
      const playFile = join(out, 'playthroughs', draft.playthroughFile);
      writeFileSync(scenarioFile, draft.yaml);
      writeFileSync(playFile, draft.playthroughYaml);
      const review = reviewDraft(draft);
      review.issues.forEach((issue) => io.out(formatIssue(scenarioFile, issue)));
      for (const f of review.lint)
        io.out(`${scenarioFile}${f.line ? `:${f.line}` : ''}: ${f.path}: ${f.level}: ${f.message}`);
      const errors = review.issues.length + review.lint.filter((f) => f.level === 'error').length;
      const todos = review.lint.filter((f) => f.level === 'warning').length;
      const play = review.play;
      const played = play
        ? `${playFile}: ${play.percent}%, ${play.ended ? `ended in "${play.phase}"` : `still in "${play.phase}"`}${play.unmet.length ? `; unmet: ${play.unmet.join('; ')}` : ''}`
        : `${playFile}: not played`;
      io.out(played);
      if (errors > 0 || !play || play.unmet.length > 0) failed++;
      io.out(
        `${scenarioFile}: ${errors === 0 ? 'valid' : plural(errors, 'error')}, ${plural(todos, 'thing')} to enrich`,
      );
    }
    return failed > 0 ? EXIT.failed : EXIT.ok;
  },
};

const lineOf = (p: { line?: number }) => (p.line !== undefined ? { line: p.line, column: 1 } : {});
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
