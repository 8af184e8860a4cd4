// Metric samples as a chart library wants them, and the labels of its time axis. Pure.
import { compact } from './chart.ts';
import { formatClock, storyTime } from './clock.ts';

export type Sample = readonly [t: number, value: number];

/**
 * Columns for a time-series chart: virtual seconds and values, with a null wherever a
 * sample is missing (more than 1.5 steps after the previous one), so the line breaks
 * there instead of drawing a straight line across a time nobody measured.
 */
export function seriesData(points: readonly Sample[], step: number): [number[], (number | null)[]] {
  const xs: number[] = [];
  const ys: (number | null)[] = [];
  let previous: number | null = null;
  for (const [t, v] of points) {
    if (previous !== null && step > 0 && t - previous > step * 1.5) {
      xs.push(previous + step);
      ys.push(null);
    }
    xs.push(t);
    ys.push(Number.isFinite(v) ? v : null);
    previous = t;
  }
  return [xs, ys];
}

/** The smallest distance between two samples: the sampling step. */
export function sampleStep(points: readonly Sample[]): number {
  let step = Infinity;
  for (let i = 1; i < points.length; i++) step = Math.min(step, points[i]![0] - points[i - 1]![0]);
  return Number.isFinite(step) && step > 0 ? step : 0;
}

/** A time label: the story's wall clock when the scenario has one ("17:45"), else "T+05:00". */
export function timeLabel(t: number, startsAt: string | null, offset: number): string {
  return storyTime(startsAt, t, offset) ?? `T+${formatClock(t)}`;
}

/**
 * Labels for the value axis: compact ("1.2k"), unless that would print two ticks the same
 * ("1.2k", "1.2k" for 1,200 and 1,250), then with enough digits to tell them apart.
 */
export function valueLabels(ticks: readonly number[]): string[] {
  const short = ticks.map(compact);
  if (new Set(short).size === short.length) return short;
  for (let digits = 3; digits <= 8; digits++) {
    const precise = ticks.map((v) => String(Number(v.toPrecision(digits))));
    if (new Set(precise).size === precise.length) return precise;
  }
  return ticks.map(String);
}
