// Filtering the scenario catalogue: free-text search plus tag and difficulty filters.
// Pure; the lobby and the wheel share it so "spin" picks among what the list shows.
import type { ScenarioSummary } from '../../shared/protocol.ts';

export type Difficulty = ScenarioSummary['difficulty'];
export const DIFFICULTIES: readonly Difficulty[] = ['beginner', 'intermediate', 'advanced'];

export interface CatalogueFilter {
  text: string;
  /** A scenario must carry every selected tag. */
  tags: readonly string[];
  difficulty: Difficulty | null;
}

export const NO_FILTER: CatalogueFilter = { text: '', tags: [], difficulty: null };

function haystack(s: ScenarioSummary): string {
  return [s.title, s.summary, s.id, s.source.title, ...s.tags, ...s.roles.map((r) => r.name)]
    .join(' ')
    .toLowerCase();
}

export function matchesFilter(s: ScenarioSummary, f: CatalogueFilter): boolean {
  if (f.difficulty !== null && s.difficulty !== f.difficulty) return false;
  if (!f.tags.every((t) => s.tags.includes(t))) return false;
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = haystack(s);
  return words.every((w) => text.includes(w));
}

export function filterScenarios(
  list: readonly ScenarioSummary[],
  f: CatalogueFilter,
): ScenarioSummary[] {
  return list.filter((s) => matchesFilter(s, f));
}

/** Every tag in the catalogue, most used first, then alphabetical. */
export function allTags(list: readonly ScenarioSummary[]): string[] {
  const counts = new Map<string, number>();
  for (const s of list) for (const t of s.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([t]) => t);
}
