// Timing for benchmarks: warm up, then the median of several runs, so one garbage
// collection or JIT pause does not decide a figure.
import { performance } from 'node:perf_hooks';

export interface Timing {
  /** Median milliseconds per run. */
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function measure(
  fn: () => unknown,
  options: { warmup?: number; runs?: number } = {},
): Timing {
  const { warmup = 3, runs = 7 } = options;
  // At least `warmup` runs and a quarter of a second, so the JIT has settled.
  const warmStart = performance.now();
  for (let i = 0; i < warmup || performance.now() - warmStart < 250; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: median(times), min: times[0]!, max: times.at(-1)!, runs };
}

export function median(sorted: number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Milliseconds with a sensible number of decimals. */
export function ms(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3);
}

/** A count with thousands separators. */
export const count = (x: number): string => Math.round(x).toLocaleString('en-US');
