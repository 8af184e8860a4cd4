// The scenario catalogue: every scenarios/*.yaml parsed, checked and compiled once at start.
// A broken file is reported and left out; it never takes the server down.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compile, formatIssue, parseScenarioYaml, type CompiledScenario } from '../shared/index.ts';
import type { ScenarioSummary } from '../shared/protocol.ts';

export interface Catalogue {
  get(id: string): CompiledScenario | undefined;
  list(): ScenarioSummary[];
  /** What a player may know of a scenario before a drill starts. */
  summary(id: string): ScenarioSummary | undefined;
  /** A scenario saved while the server runs (an imported draft); its id must be new. */
  add(compiled: CompiledScenario): void;
  problems: string[];
}

export async function loadCatalogue(dir: string): Promise<Catalogue> {
  const files = (await readdir(dir))
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const byId = new Map<string, CompiledScenario>();
  const problems: string[] = [];
  for (const file of files) {
    const path = join(dir, file);
    const result = parseScenarioYaml(await readFile(path, 'utf8'));
    if (!result.ok) {
      problems.push(...result.issues.map((i) => formatIssue(path, i)));
      continue;
    }
    if (byId.has(result.scenario.id)) {
      problems.push(`${path}: duplicate scenario id "${result.scenario.id}"`);
      continue;
    }
    byId.set(result.scenario.id, compile(result.scenario));
  }
  const summarise = ({ scenario: s }: CompiledScenario): ScenarioSummary => ({
    id: s.id,
    title: s.title,
    summary: s.summary,
    difficulty: s.difficulty,
    duration: s.duration,
    tags: s.tags,
    objectives: s.objectives,
    source: s.source,
    roles: s.roles.map((r) => ({ id: r.id, name: r.name, required: r.required })),
  });
  const summaries = [...byId.values()].map(summarise);
  const summaryById = new Map(summaries.map((s) => [s.id, s]));
  return {
    get: (id) => byId.get(id),
    list: () => summaries,
    summary: (id) => summaryById.get(id),
    add(compiled) {
      const id = compiled.scenario.id;
      if (byId.has(id)) throw new Error(`scenario "${id}" is already in the catalogue`);
      byId.set(id, compiled);
      const summary = summarise(compiled);
      summaries.push(summary);
      summaryById.set(id, summary);
    },
    problems,
  };
}
