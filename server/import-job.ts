// One import, as the import worker runs it: the record's drafts, each with its review. The
// work is pure (shared/import) but can take a second for a large timeline, so the server
// runs it off its event loop (import-worker.js, import-runner.ts).
import { importIncident, type ImportProblem } from '../shared/import/index.ts';
import { reviewDraft } from '../shared/import/review.ts';
import type { ImportedDraft } from '../shared/protocol.ts';

export type JobResult =
  | { ok: true; format: string; drafts: Omit<ImportedDraft, 'exists'>[] }
  | { ok: false; problem: ImportProblem };

export function runImportJob(fileName: string, text: string): JobResult {
  const result = importIncident(fileName, text);
  if (!result.ok) return { ok: false, problem: result.problem };
  return {
    ok: true,
    format: result.format,
    drafts: result.drafts.map((d) => ({
      id: d.id,
      title: String(d.scenario.title),
      yaml: d.yaml,
      playthroughFile: d.playthroughFile,
      playthroughYaml: d.playthroughYaml,
      review: reviewDraft(d),
    })),
  };
}
