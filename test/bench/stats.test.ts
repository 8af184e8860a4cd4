import { describe, expect, it } from 'vitest';
import {
  drillGauges,
  kneeOf,
  kneeRatio,
  medianOf,
  nextKneeStep,
  overKnee,
  quantile,
  slope,
  staggeredEnd,
  storeBatches,
  trendOf,
  type KneePoint,
} from '../../bench/load/stats.ts';

const pt = (players: number, p99: number | null, lost = 0): KneePoint => ({
  players,
  p99,
  sent: players * 10,
  lost,
});

/** Runs the search against a fake server whose p99 is f(players). */
function search(ladder: number[], f: (n: number) => number, refinements = 1): KneePoint[] {
  const done: KneePoint[] = [];
  for (let n = nextKneeStep(ladder, done, 50, { refinements }); n !== null;) {
    done.push(pt(n, f(n)));
    n = nextKneeStep(ladder, done, 50, { refinements });
  }
  return done;
}

describe('quantile', () => {
  it('takes the nearest rank and is null for nothing', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(
      quantile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        0.99,
      ),
    ).toBe(100);
  });
});

describe('medianOf', () => {
  it('takes the middle of the known values, null when none is known', () => {
    expect(medianOf([])).toBeNull();
    expect(medianOf([null, undefined])).toBeNull();
    expect(medianOf([30, 7, 12])).toBe(12);
    expect(medianOf([30, null, 7, 12])).toBe(12);
    expect(medianOf([1, 2, 3, 4.333])).toBe(2.5);
    expect(medianOf([1, 2.001])).toBe(1.5);
  });
});

describe('knee search', () => {
  const ladder = [250, 500, 1000, 2000, 4000];

  it('climbs the ladder, then refines once between the last step under and the first over', () => {
    const done = search(ladder, (n) => n / 40); // crosses 50 ms at 2000 players
    expect(done.map((p) => p.players)).toEqual([250, 500, 1000, 2000, 4000, 3000]);
    expect(kneeOf(done, 50)).toEqual({ players: 2000, kind: 'exact' });
  });

  it('interpolates on p99 between the bracketing steps', () => {
    const done = search(ladder, (n) => (n <= 1000 ? 10 : 90));
    expect(done.map((p) => p.players)).toEqual([250, 500, 1000, 2000, 1500]);
    // 1000 -> 10 ms, 1500 -> 90 ms: 50 ms half way.
    expect(kneeOf(done, 50)).toEqual({ players: 1250, kind: 'exact' });
  });

  it('stops at the ladder with no refinement asked', () => {
    const done = search(ladder, (n) => n / 8, 0);
    expect(done.map((p) => p.players)).toEqual([250, 500]);
    expect(kneeOf(done, 50)).toEqual({ players: 400, kind: 'exact' });
  });

  it('reports bounds when the ladder never crosses, or crosses at once', () => {
    const never = search(ladder, () => 5);
    expect(never.map((p) => p.players)).toEqual(ladder);
    expect(kneeOf(never, 50)).toEqual({ players: 4000, kind: 'above' });
    const always = search(ladder, () => 500);
    expect(always.map((p) => p.players)).toEqual([250]);
    expect(kneeOf(always, 50)).toEqual({ players: 250, kind: 'below' });
    expect(kneeOf([], 50)).toBeNull();
  });

  it('counts a step that loses actions, or measured nothing, as over the knee', () => {
    expect(overKnee(pt(100, 5, 0), 50)).toBe(false);
    expect(overKnee(pt(100, 5, 20), 50)).toBe(true);
    expect(overKnee(pt(100, null), 50)).toBe(true);
  });

  it('gives the ratio, or a bound when a side did not cross', () => {
    expect(kneeRatio({ players: 1500, kind: 'exact' }, { players: 2000, kind: 'exact' })).toBe(
      '0.75',
    );
    expect(kneeRatio({ players: 1500, kind: 'exact' }, { players: 2000, kind: 'above' })).toBe(
      '< 0.75',
    );
    expect(kneeRatio({ players: 2000, kind: 'above' }, { players: 2000, kind: 'exact' })).toBe(
      '> 1.00',
    );
    expect(kneeRatio({ players: 2000, kind: 'above' }, { players: 2000, kind: 'above' })).toBe('?');
  });
});

describe('trend', () => {
  it('is the least-squares slope', () => {
    expect(slope([{ x: 0, y: 1 }])).toBeNull();
    expect(
      slope([
        { x: 0, y: 1 },
        { x: 1, y: 3 },
        { x: 2, y: 5 },
      ]),
    ).toBeCloseTo(2);
  });

  it('sees no growth in noise around a flat line, and growth in a steady climb', () => {
    const flat = [0.5, 1, 1.5, 2, 2.5, 3].map((minute, i) => ({
      minute,
      rssMb: 300 + (i % 2 ? 3 : -3),
      p99: 20 + (i % 2 ? 2 : -2),
    }));
    expect(trendOf(flat)).toMatchObject({ growth: false, verdict: 'no growth trend' });
    const leak = flat.map((w) => ({ ...w, rssMb: 300 + 20 * w.minute }));
    expect(trendOf(leak)).toMatchObject({ growth: true, verdict: 'growth trend (RSS)' });
    expect(trendOf(leak).rssMbPerMinute).toBeCloseTo(20);
    const slower = flat.map((w) => ({ ...w, p99: 20 + 10 * w.minute }));
    expect(trendOf(slower).verdict).toBe('growth trend (p99)');
    expect(trendOf(flat.slice(0, 1)).verdict).toBe('too few windows for a trend');
  });
});

describe('staggeredEnd', () => {
  it('spreads the first drills evenly over one lifetime, the last at its end', () => {
    const ends = [0, 1, 2, 3].map((k) => staggeredEnd(1000, k, 4, 60_000));
    expect(ends).toEqual([16_000, 31_000, 46_000, 61_000]);
  });
});

describe('drillGauges', () => {
  it('reads the drills open, hosted and followed, and the drills running', () => {
    const text = [
      '# HELP firedrill_drills_running Drills hosted and not ended',
      '# TYPE firedrill_drills_running gauge',
      'firedrill_drills_running 38',
      '# TYPE firedrill_drills_open gauge',
      'firedrill_drills_open{as="host"} 41',
      'firedrill_drills_open{as="follower"} 40',
      'firedrill_drills_open_other 7',
    ].join('\n');
    expect(drillGauges(text)).toEqual({ host: 41, follower: 40, running: 38 });
  });

  it('says null for a gauge that is not there', () => {
    expect(drillGauges('firedrill_drills_running 0\n')).toEqual({
      host: null,
      follower: null,
      running: 0,
    });
  });
});

describe('storeBatches', () => {
  it('reads the commit count and the mean batch size', () => {
    const text = [
      '# TYPE firedrill_store_batch_size histogram',
      'firedrill_store_batch_size_bucket{le="1"} 10',
      'firedrill_store_batch_size_bucket{le="+Inf"} 40',
      'firedrill_store_batch_size_sum 130',
      'firedrill_store_batch_size_count 40',
      'firedrill_store_commit_seconds_count 40',
    ].join('\n');
    expect(storeBatches(text)).toEqual({ commits: 40, meanBatch: 3.25 });
  });
  it('has no mean before the first commit, and nothing without the metric', () => {
    const none = 'firedrill_store_batch_size_sum 0\nfiredrill_store_batch_size_count 0';
    expect(storeBatches(none)).toEqual({ commits: 0, meanBatch: null });
    expect(storeBatches('')).toEqual({ commits: null, meanBatch: null });
  });
});
