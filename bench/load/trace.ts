// For a server process under BENCH_TRACE_GC=1: every garbage-collection pause over 4 ms and
// every event-loop stall over 8 ms, with the seconds since the process started, so that a
// spike in a run's per-second trace can be matched to its cause.
import {
  constants,
  performance,
  PerformanceObserver,
  type NodeGCPerformanceDetail,
  type PerformanceEntry,
} from 'node:perf_hooks';

export const GC_PAUSE_MS = 4;
export const STALL_MS = 8;
/** How often the stall timer ticks: a tick that comes this much late is a stall. */
const TICK_MS = 5;

const GC_KINDS = new Map<number, string>([
  [constants.NODE_PERFORMANCE_GC_MINOR, 'minor'],
  [constants.NODE_PERFORMANCE_GC_MAJOR, 'major'],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental'],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, 'weak callbacks'],
]);

/** Seconds since the process started (performance's time origin). */
const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** What was over the thresholds, in all. */
export interface TraceTotals {
  gcPauses: number;
  gcMs: number;
  stalls: number;
  stallMs: number;
}

/** Starts tracing, writing one line per event; returns a function that stops it. */
export function traceGcAndStalls(write: (line: string) => void): () => TraceTotals {
  const totals: TraceTotals = { gcPauses: 0, gcMs: 0, stalls: 0, stallMs: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.duration <= GC_PAUSE_MS) continue;
      // Node puts the GC's kind in `detail`, which its types leave off the base class.
      const { detail } = entry as PerformanceEntry & { detail?: NodeGCPerformanceDetail };
      const kind = detail?.kind;
      totals.gcPauses++;
      totals.gcMs += entry.duration;
      const name = kind === undefined ? 'gc' : (GC_KINDS.get(kind) ?? `kind ${kind}`);
      write(`${seconds(entry.startTime)} s: GC pause ${entry.duration.toFixed(1)} ms (${name})`);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - last - TICK_MS;
    if (late > STALL_MS) {
      totals.stalls++;
      totals.stallMs += late;
      write(`${seconds(last + TICK_MS)} s: event loop stalled ${late.toFixed(1)} ms`);
    }
    last = now;
  }, TICK_MS);
  timer.unref();
  return () => {
    observer.disconnect();
    clearInterval(timer);
    return totals;
  };
}
