// windowsMet counts cadence windows in one pass; this is the plain definition it replaced.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { windowsMet } from './score.ts';

function byDefinition(
  times: number[],
  from: number,
  until: number,
  every: number,
  windows: number,
) {
  let met = 0;
  for (let w = 0; w < windows; w++) {
    const a = from + w * every;
    const b = Math.min(until, a + every);
    if (times.some((t) => t >= a && t < b + (w === windows - 1 ? 1 : 0))) met++;
  }
  return met;
}

describe('windowsMet', () => {
  it('counts the windows the plain definition counts, for any times and bounds', () => {
    const time = fc.oneof(
      fc.integer({ min: -100, max: 4000 }),
      fc.double({ min: -100, max: 4000, noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.array(time, { maxLength: 60 }),
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 1, max: 3600 }),
        fc.constantFrom(30, 60, 120, 300, 37.5),
        (times, from, span, every) => {
          const until = from + span;
          const windows = Math.max(1, Math.ceil((until - from) / every));
          // Times on and next to every boundary, where rounding would show.
          const edges = Array.from({ length: windows + 1 }, (_, w) => from + w * every).flatMap(
            (b) => [b, b - 1e-9, b + 1e-9, b + 1, b - 1],
          );
          const all = [...times, ...edges.filter((_, i) => times.length % 7 === i % 7)];
          expect(windowsMet(all, from, until, every, windows)).toBe(
            byDefinition(all, from, until, every, windows),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
