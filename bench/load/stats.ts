// Pure helpers for the load and soak benchmarks: quantiles, the knee search (the player
// count at which p99 crosses a limit) and the least-squares trend of a soak.

/** The q-quantile of xs (nearest rank, rounded to 0.01), or null when there is none. */
export function quantile(xs: readonly number[], q: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]! * 100) / 100;
}

/**
 * The median of the known values (the mean of the middle two for an even count, rounded to
 * 0.01), or null when none is known: a row of repeated runs, where a run may lack a figure.
 */
export function medianOf(xs: readonly (number | null | undefined)[]): number | null {
  const known = xs.filter((x): x is number => typeof x === 'number').sort((a, b) => a - b);
  if (known.length === 0) return null;
  const mid = known.length >> 1;
  const m = known.length % 2 ? known[mid]! : (known[mid - 1]! + known[mid]!) / 2;
  return Math.round(m * 100) / 100;
}

/** One measured step of a knee search. */
export interface KneePoint {
  players: number;
  /** p99 of the own-update latency, ms; null when nothing came back. */
  p99: number | null;
  sent: number;
  lost: number;
}

/**
 * A step is over the knee when p99 is above the limit, when nothing was measured, or when
 * more than 1% of the actions were never answered (an overloaded server drops, it does not
 * only slow down).
 */
export function overKnee(p: KneePoint, limitMs: number): boolean {
  return p.p99 === null || p.p99 > limitMs || p.lost > 0.01 * Math.max(1, p.sent);
}

/**
 * The next player count to measure, or null when the search is done. The search climbs the
 * coarse ladder until a step is over the knee, then measures once between the last step
 * under it and the first step over it (rounded to `step` players); with `refinements` 0 it
 * stops at the ladder. It stops at the top of the ladder, or at the first rung if that is
 * already over.
 */
export function nextKneeStep(
  ladder: readonly number[],
  done: readonly KneePoint[],
  limitMs: number,
  { refinements = 1, step = 5 }: { refinements?: number; step?: number } = {},
): number | null {
  const { below, above } = bracket(done, limitMs);
  if (above === undefined) {
    const next = ladder.find((n) => n > (below?.players ?? 0));
    return next ?? null;
  }
  if (below === undefined) return null;
  const extra = done.filter((p) => !ladder.includes(p.players)).length;
  if (extra >= refinements) return null;
  const mid = Math.round((below.players + above.players) / 2 / step) * step;
  return mid > below.players && mid < above.players ? mid : null;
}

/** The highest step under the knee below the lowest step over it, and that lowest step. */
function bracket(
  done: readonly KneePoint[],
  limitMs: number,
): { below: KneePoint | undefined; above: KneePoint | undefined } {
  const sorted = [...done].sort((a, b) => a.players - b.players);
  const above = sorted.find((p) => overKnee(p, limitMs));
  const below = sorted
    .filter((p) => !overKnee(p, limitMs) && (!above || p.players < above.players))
    .at(-1);
  return { below, above };
}

export interface Knee {
  /** The estimated player count at which p99 crosses the limit. */
  players: number;
  /**
   * exact: measured on both sides (interpolated); above: never crossed up to `players`
   * (the top of the ladder); below: already over at `players` (the first rung).
   */
  kind: 'exact' | 'above' | 'below';
}

/**
 * The knee from the measured steps: between the last step under the limit and the first
 * over it, interpolated linearly on p99 where both p99 are known (else the last step under).
 */
export function kneeOf(done: readonly KneePoint[], limitMs: number): Knee | null {
  if (done.length === 0) return null;
  const { below, above } = bracket(done, limitMs);
  if (above === undefined) return { players: below!.players, kind: 'above' };
  if (below === undefined) return { players: above.players, kind: 'below' };
  if (below.p99 !== null && above.p99 !== null && above.p99 > limitMs && above.p99 > below.p99) {
    const f = (limitMs - below.p99) / (above.p99 - below.p99);
    const players = below.players + f * (above.players - below.players);
    return { players: Math.round(players), kind: 'exact' };
  }
  return { players: below.players, kind: 'exact' };
}

export function formatKnee(k: Knee | null): string {
  if (k === null) return '?';
  if (k.kind === 'above') return `> ${k.players}`;
  if (k.kind === 'below') return `< ${k.players}`;
  return `~${k.players}`;
}

/** knee(ours) / knee(theirs), as text; bounds when either side did not cross in the ladder. */
export function kneeRatio(ours: Knee | null, theirs: Knee | null): string {
  if (ours === null || theirs === null) return '?';
  const r = (ours.players / theirs.players).toFixed(2);
  const ourLow = ours.kind === 'below';
  const ourHigh = ours.kind === 'above';
  const theirLow = theirs.kind === 'below';
  const theirHigh = theirs.kind === 'above';
  if ((ourLow || theirHigh) && !(ourHigh || theirLow)) return `< ${r}`;
  if ((ourHigh || theirLow) && !(ourLow || theirHigh)) return `> ${r}`;
  if (ourLow || ourHigh || theirLow || theirHigh) return '?';
  return r;
}

/** Least-squares slope of y over x (units of y per unit of x); null with fewer than 2 points. */
export function slope(points: readonly { x: number; y: number }[]): number | null {
  if (points.length < 2) return null;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? null : num / den;
}

export interface TrendLimits {
  /** RSS growth allowed, MB per minute, and as a fraction of the mean RSS per minute. */
  rssMbPerMinute: number;
  rssFractionPerMinute: number;
  /** p99 growth allowed, ms per minute, and as a fraction of the mean p99 per minute. */
  p99MsPerMinute: number;
  p99FractionPerMinute: number;
}

export const DEFAULT_TREND_LIMITS: TrendLimits = {
  rssMbPerMinute: 2,
  rssFractionPerMinute: 0.01,
  p99MsPerMinute: 1,
  p99FractionPerMinute: 0.05,
};

export interface Trend {
  rssMbPerMinute: number | null;
  p99MsPerMinute: number | null;
  growth: boolean;
  verdict: string;
}

/**
 * The trend of a soak from its windows (minute from the start, total RSS in MB, p99 in ms):
 * a growth trend when a slope is above both its absolute and its relative limit.
 */
export function trendOf(
  windows: readonly { minute: number; rssMb: number; p99: number | null }[],
  limits: TrendLimits = DEFAULT_TREND_LIMITS,
): Trend {
  const rssSlope = slope(windows.map((w) => ({ x: w.minute, y: w.rssMb })));
  const withP99 = windows.filter((w) => w.p99 !== null) as { minute: number; p99: number }[];
  const p99Slope = slope(withP99.map((w) => ({ x: w.minute, y: w.p99 })));
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  const rssMean = mean(windows.map((w) => w.rssMb));
  const p99Mean = mean(withP99.map((w) => w.p99));
  const rssGrows =
    rssSlope !== null &&
    rssSlope > limits.rssMbPerMinute &&
    rssSlope > limits.rssFractionPerMinute * rssMean;
  const p99Grows =
    p99Slope !== null &&
    p99Slope > limits.p99MsPerMinute &&
    p99Slope > limits.p99FractionPerMinute * p99Mean;
  const what = [rssGrows ? 'RSS' : '', p99Grows ? 'p99' : ''].filter(Boolean).join(' and ');
  return {
    rssMbPerMinute: rssSlope,
    p99MsPerMinute: p99Slope,
    growth: rssGrows || p99Grows,
    verdict:
      rssSlope === null
        ? 'too few windows for a trend'
        : what
          ? `growth trend (${what})`
          : 'no growth trend',
  };
}

/**
 * When the k-th of `count` drills set up at `origin` ends, for drills that live `lifetimeMs`:
 * spread evenly over the first lifetime (as if they had started at even intervals before),
 * so that they end, and are replaced, at different moments.
 */
export function staggeredEnd(origin: number, k: number, count: number, lifetimeMs: number): number {
  return origin + (lifetimeMs * (k + 1)) / Math.max(1, count);
}

/** Drills open in a server process, from its Prometheus metrics text. */
export interface DrillGauges {
  host: number | null;
  follower: number | null;
  running: number | null;
}

/** Reads firedrill_drills_open{as="host"|"follower"} and firedrill_drills_running. */
export function drillGauges(metricsText: string): DrillGauges {
  const out: DrillGauges = { host: null, follower: null, running: null };
  for (const line of metricsText.split('\n')) {
    const m = /^(firedrill_drills_open|firedrill_drills_running)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const value = Number(m[3]);
    if (!Number.isFinite(value)) continue;
    if (m[1] === 'firedrill_drills_running') out.running = value;
    else {
      const as = /as="([^"]*)"/.exec(m[2] ?? '')?.[1];
      if (as === 'host' || as === 'follower') out[as] = value;
    }
  }
  return out;
}

/** Group commits of a server process's store and their mean size, from its metrics text. */
export interface StoreBatches {
  commits: number | null;
  /** Appends per commit, on average (rounded to 0.01); null before the first commit. */
  meanBatch: number | null;
}

/** Reads firedrill_store_batch_size_sum and _count (a histogram without labels). */
export function storeBatches(metricsText: string): StoreBatches {
  let sum: number | null = null;
  let count: number | null = null;
  for (const line of metricsText.split('\n')) {
    const m = /^firedrill_store_batch_size_(sum|count)\s+(\S+)/.exec(line);
    if (!m || !Number.isFinite(Number(m[2]))) continue;
    if (m[1] === 'sum') sum = Number(m[2]);
    else count = Number(m[2]);
  }
  return {
    commits: count,
    meanBatch: sum !== null && count ? Math.round((sum / count) * 100) / 100 : null,
  };
}
