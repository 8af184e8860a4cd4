// The scenario catalogue: every scenarios/*.yaml parsed, checked and compiled once at start.
// A broken file is reported and left out; it never takes the server down.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  compile,
  formatIssue,
  parseScenarioYaml,
  variantId,
  withVariants,
  type CompiledScenario,
  type Scenario,
} from '../shared/index.ts';
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
  const bases: Scenario[] = [];
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
    bases.push(result.scenario);
    // Each variant is a scenario of its own, played under "<id>.<variant>".
    for (const scenario of withVariants(result.scenario)) byId.set(scenario.id, compile(scenario));
  }
  const summarise = (s: Scenario): ScenarioSummary => ({
    id: s.id,
    title: s.title,
    // The catalogue is public: players read the premise, never the facilitator's summary.
    summary: s.premise ?? s.summary,
    difficulty: s.difficulty,
    duration: s.duration,
    tags: s.tags,
    objectives: s.objectives,
    source: s.source,
    roles: s.roles.map((r) => ({ id: r.id, name: r.name, required: r.required })),
    real: s.source.kind === 'postmortem',
    variants: s.variants.map((v) => ({
      id: variantId(s.id, v.id),
      label: v.label,
      difficulty: v.difficulty ?? s.difficulty,
      description: v.description ?? null,
    })),
  });
  const summaries = bases.map(summarise);
  const summaryById = new Map(
    [...byId.values()].map(({ scenario }) => [scenario.id, summarise(scenario)]),
  );
  return {
    get: (id) => byId.get(id),
    list: () => summaries,
    summary: (id) => summaryById.get(id),
    add(compiled) {
      const id = compiled.scenario.id;
      if (byId.has(id)) throw new Error(`scenario "${id}" is already in the catalogue`);
      byId.set(id, compiled);
      const summary = summarise(compiled.scenario);
      summaries.push(summary);
      summaryById.set(id, summary);
    },
    problems,
  };
}
