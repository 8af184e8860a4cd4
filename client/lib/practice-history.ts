// This device's solo practice: whether the coach was seen, and every finished practice run
// with its score per rubric item, in localStorage. From the runs: progress per scenario and
// per rubric item over time, and what to practise next. Nothing leaves the device.
import { z } from 'zod';

const COACH_KEY = 'firedrill:coach-seen';
const HISTORY_KEY = 'firedrill:practice-history';
/** Runs kept: a year of daily practice, a few hundred kilobytes at most. */
const MAX_RUNS = 400;

const Run = z.object({
  drillId: z.string(),
  scenarioId: z.string(),
  title: z.string(),
  role: z.string(),
  roleName: z.string(),
  seed: z.number().optional(),
  /** Wall-clock milliseconds when this device saw the debrief. */
  at: z.number(),
  percent: z.number(),
  items: z.array(
    z.object({ id: z.string(), label: z.string(), earned: z.number(), max: z.number() }),
  ),
  penalties: z.array(z.object({ id: z.string(), label: z.string(), points: z.number() })),
});
export type PracticeRun = z.infer<typeof Run>;

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function coachSeen(store = storage()): boolean {
  return store?.getItem(COACH_KEY) === '1';
}

export function markCoachSeen(store = storage()): void {
  try {
    store?.setItem(COACH_KEY, '1');
  } catch {
    // storage full or disabled: the coach shows again next time
  }
}

/** Every run recorded on this device, oldest first; unreadable data counts as none. */
export function loadRuns(store = storage()): PracticeRun[] {
  try {
    const parsed = z.array(Run).safeParse(JSON.parse(store?.getItem(HISTORY_KEY) ?? '[]'));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Records a finished run once (by drill id); returns the runs after it. */
export function recordRun(run: PracticeRun, store = storage()): PracticeRun[] {
  const runs = loadRuns(store);
  if (runs.some((r) => r.drillId === run.drillId)) return runs;
  const next = [...runs, run].slice(-MAX_RUNS);
  try {
    store?.setItem(HISTORY_KEY, JSON.stringify(next));
  } catch {
    // storage full or disabled: this run is not remembered
  }
  return next;
}

export interface ScenarioProgress {
  scenarioId: string;
  title: string;
  /** Percent per run, oldest first. */
  percents: number[];
  best: number;
  last: number;
}

export function progressByScenario(runs: readonly PracticeRun[]): ScenarioProgress[] {
  const by = new Map<string, ScenarioProgress>();
  for (const r of runs) {
    const p = by.get(r.scenarioId) ?? {
      scenarioId: r.scenarioId,
      title: r.title,
      percents: [],
      best: 0,
      last: 0,
    };
    p.percents.push(r.percent);
    p.best = Math.max(p.best, r.percent);
    p.last = r.percent;
    by.set(r.scenarioId, p);
  }
  return [...by.values()];
}

export interface ItemProgress {
  id: string;
  label: string;
  /** Share of the item's points earned per run that had it, oldest first (0 to 1). */
  shares: number[];
}

/** One scenario's rubric items over time. */
export function progressByItem(runs: readonly PracticeRun[], scenarioId: string): ItemProgress[] {
  const by = new Map<string, ItemProgress>();
  for (const r of runs.filter((x) => x.scenarioId === scenarioId)) {
    for (const item of r.items) {
      if (item.max <= 0) continue;
      const p = by.get(item.id) ?? { id: item.id, label: item.label, shares: [] };
      p.shares.push(item.earned / item.max);
      by.set(item.id, p);
    }
  }
  return [...by.values()];
}

export interface Suggestion {
  scenarioId: string;
  title: string;
  /** What to work on there, from the rubric items most often missed lately. */
  focus: string[];
  why: string;
}

/**
 * What to practise next: the scenario whose last run scored lowest, and the rubric items
 * missed most in its last three runs (then the penalties paid most often).
 */
export function suggestNext(runs: readonly PracticeRun[]): Suggestion | null {
  const progress = progressByScenario(runs);
  if (progress.length === 0) return null;
  const weakest = [...progress].sort((a, b) => a.last - b.last)[0]!;
  const recent = runs.filter((r) => r.scenarioId === weakest.scenarioId).slice(-3);
  const missed = new Map<string, { label: string; lost: number }>();
  for (const r of recent) {
    for (const item of r.items) {
      if (item.max <= 0 || item.earned >= item.max) continue;
      const m = missed.get(item.id) ?? { label: item.label, lost: 0 };
      m.lost += (item.max - item.earned) / item.max;
      missed.set(item.id, m);
    }
    for (const p of r.penalties) {
      const m = missed.get(`penalty:${p.id}`) ?? { label: `avoid: ${p.label}`, lost: 0 };
      m.lost += 0.5;
      missed.set(`penalty:${p.id}`, m);
    }
  }
  const focus = [...missed.values()]
    .sort((a, b) => b.lost - a.lost)
    .slice(0, 3)
    .map((m) => m.label);
  return {
    scenarioId: weakest.scenarioId,
    title: weakest.title,
    focus,
    why:
      weakest.last >= 95
        ? `Your weakest scenario is already at ${Math.round(weakest.last)}%: try another role.`
        : `Your last run of it scored ${Math.round(weakest.last)}%, your lowest.`,
  };
}
