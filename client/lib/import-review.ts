// What the import screen says about a draft, from the server's review: one verdict, the lint
// findings split into errors, other warnings and the "to enrich" TODOs, each with its line.
import type { ImportedDraft } from '../../shared/protocol.ts';

export type Finding = ImportedDraft['review']['lint'][number];

export interface DraftVerdict {
  /** Whether saving it gives a scenario that validates, lints without errors and plays. */
  ready: boolean;
  headline: string;
  errors: Finding[];
  warnings: Finding[];
  toEnrich: Finding[];
}

const ENRICH = 'to enrich:';

export function verdict(draft: ImportedDraft): DraftVerdict {
  const { issues, lint, play } = draft.review;
  const errors: Finding[] = [
    ...issues.map((i) => ({
      level: 'error' as const,
      path: i.path.join('.'),
      ...(i.line !== undefined ? { line: i.line } : {}),
      message: i.message,
    })),
    ...lint.filter((f) => f.level === 'error'),
  ];
  const toEnrich = lint
    .filter((f) => f.level === 'warning' && f.message.startsWith(ENRICH))
    .map((f) => ({ ...f, message: f.message.slice(ENRICH.length).trim() }));
  const warnings = lint.filter((f) => f.level === 'warning' && !f.message.startsWith(ENRICH));
  const plays = play !== null && play.ended && play.unmet.length === 0;
  const ready = errors.length === 0 && plays;
  const n = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  const headline = !ready
    ? errors.length > 0
      ? `${n(errors.length, 'error')} to fix before it can be saved`
      : 'It validates, but its playthrough does not reach the end'
    : toEnrich.length > 0
      ? `Valid and playable; ${n(toEnrich.length, 'thing')} to enrich`
      : 'Valid, playable, nothing left to enrich';
  return { ready, headline, errors, warnings, toEnrich };
}
