// Lint: TODO markers left for a facilitator, as in a draft from `firedrill import`. Each is a
// warning that starts "to enrich:", so a draft lints with only these until someone decides
// what it leaves open (ideal steps, wrong turns, briefs). Pure.
import type { LintFinding } from './lint.ts';
import type { Scenario } from './schema.ts';

export const TO_ENRICH = 'to enrich:';
const TODO = /\bTODO\b/;

export function todoFindings(scenario: Scenario): LintFinding[] {
  const out: LintFinding[] = [];
  const visit = (value: unknown, path: (string | number)[]) => {
    if (typeof value === 'string') {
      if (TODO.test(value))
        out.push({ level: 'warning', path, message: `${TO_ENRICH} ${excerpt(value)}` });
    } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i]));
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
  };
  visit(scenario, []);
  return out;
}

/** The TODO and what follows it, on one line and short enough to read in a list. */
function excerpt(text: string): string {
  const from = text.slice(text.search(TODO)).replace(/\s+/g, ' ').trim();
  return from.length > 120 ? `${from.slice(0, 119)}…` : from;
}
