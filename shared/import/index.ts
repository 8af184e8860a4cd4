// `importIncident(fileName, text)`: an incident record in one of the formats teams already
// have becomes one or more scenario drafts, as YAML ready to save and as values, or a
// problem that names the line. Pure: text in, text out; the CLI and the server do the IO.
// Formats: a Markdown postmortem (.md), a timeline export (.csv, or .json rows), a
// wheel-of-misfortune list (.json) and a compiled Ink story (.json).
import { stringify } from 'yaml';
import { draftFromRecord, type ScenarioDraft } from './draft.ts';
import { importInk, looksLikeInk } from './ink.ts';
import { importMarkdown } from './markdown.ts';
import { ImportError, type ImportProblem, type IncidentRecord } from './record.ts';
import { draftFromStory } from './story-draft.ts';
import { importCsv, importJsonTimeline, parseJsonLocated } from './timeline.ts';
import { importWheel, looksLikeWheel } from './wheel.ts';
import { clean } from './words.ts';

export type ImportFormat = 'markdown' | 'csv' | 'json-timeline' | 'wheel' | 'ink';

export const FORMAT_NAMES: Record<ImportFormat, string> = {
  markdown: 'a Markdown postmortem',
  csv: 'a CSV timeline',
  'json-timeline': 'a JSON timeline',
  wheel: 'a wheel-of-misfortune list',
  ink: 'a compiled Ink story',
};

export interface Draft extends ScenarioDraft {
  id: string;
  /** The scenario as YAML, with a header saying where it came from. */
  yaml: string;
  /** The playthrough as YAML ("real" for records, "walkthrough" for stories). */
  playthroughYaml: string;
  /** The playthrough's file name beside the scenario's: `<id>.real.yaml`. */
  playthroughFile: string;
}

export type ImportResult =
  | { ok: true; format: ImportFormat; drafts: Draft[] }
  | { ok: false; format?: ImportFormat; problem: ImportProblem };

/** Which format a file is in, from its name and, for JSON, its shape. */
export function detectFormat(fileName: string, text: string): ImportFormat | ImportProblem {
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (ext === 'csv') return 'csv';
  if (ext === 'json') {
    let value: unknown;
    try {
      value = parseJsonLocated(text).value;
    } catch (error) {
      if (error instanceof ImportError) return error.problem;
      throw error;
    }
    if (looksLikeInk(value)) return 'ink';
    if (looksLikeWheel(value)) return 'wheel';
    return 'json-timeline';
  }
  return {
    message: `cannot tell the format of "${fileName}": use .md (a postmortem), .csv or .json (a timeline, a wheel-of-misfortune list or a compiled Ink story)`,
  };
}

export function importIncident(fileName: string, text: string): ImportResult {
  const format = detectFormat(fileName, text);
  if (typeof format !== 'string') return { ok: false, problem: format };
  try {
    const drafts = read(format, fileName, text);
    return { ok: true, format, drafts: unique(drafts).map((d) => finish(d, fileName, format)) };
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, format, problem: error.problem };
    throw error;
  }
}

function read(format: ImportFormat, fileName: string, text: string): ScenarioDraft[] {
  switch (format) {
    case 'markdown':
      return [draftFromRecord(tidy(importMarkdown(text)))];
    case 'csv':
      return [draftFromRecord(tidy(importCsv(fileName, text)))];
    case 'json-timeline':
      return [draftFromRecord(tidy(importJsonTimeline(fileName, text)))];
    case 'wheel':
      return importWheel(text).map((r) => draftFromRecord(tidy(r)));
    case 'ink':
      return [draftFromStory(importInk(text))];
  }
}

function tidy(record: IncidentRecord): IncidentRecord {
  const t = (s: string) => clean(s).replace(/\s+/g, ' ').trim();
  return {
    ...record,
    title: t(record.title) || 'Imported incident',
    ...(record.summary ? { summary: t(record.summary) } : {}),
    ...(record.rootCause ? { rootCause: t(record.rootCause) } : {}),
    lessons: record.lessons.map(t).filter(Boolean),
  };
}

/** Two incidents of one wheel with the same title still get two ids. */
function unique(drafts: ScenarioDraft[]): ScenarioDraft[] {
  const seen = new Map<string, number>();
  return drafts.map((d) => {
    const n = (seen.get(d.scenario.id) ?? 0) + 1;
    seen.set(d.scenario.id, n);
    if (n === 1) return d;
    const id = `${d.scenario.id}-${n}`;
    return { scenario: { ...d.scenario, id }, playthrough: { ...d.playthrough, scenario: id } };
  });
}

function finish(draft: ScenarioDraft, fileName: string, format: ImportFormat): Draft {
  const id = draft.scenario.id;
  const base = fileName.replace(/^.*[\\/]/, '');
  const header = [
    '# yaml-language-server: $schema=./scenario.schema.json',
    `# A draft imported from ${FORMAT_NAMES[format]} (${base}) by "firedrill import".`,
    '# Replace every TODO (lint lists them as "to enrich"), then keep "firedrill lint" clean.',
    '',
  ].join('\n');
  return {
    ...draft,
    id,
    yaml: header + stringify(draft.scenario, { lineWidth: 100 }),
    playthroughYaml:
      `# ${draft.playthrough.description ?? ''}\n` +
      stringify(draft.playthrough, { lineWidth: 100 }),
    playthroughFile: `${id}.${draft.playthrough.name}.yaml`,
  };
}

export { ImportError, type ImportProblem } from './record.ts';
