import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pickIndex, segmentAt, spinTo } from './wheel.ts';

describe('the wheel', () => {
  it('picks every index with the random number spread over [0, 1)', () => {
    expect(pickIndex(4, 0)).toBe(0);
    expect(pickIndex(4, 0.2499)).toBe(0);
    expect(pickIndex(4, 0.25)).toBe(1);
    expect(pickIndex(4, 0.999999)).toBe(3);
    expect(() => pickIndex(0, 0.5)).toThrow(RangeError);
  });

  it('stops with the picked segment under the pointer, after at least the asked turns', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 24 }),
        fc.nat(),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.double({ min: 0, max: 100_000, noNaN: true }),
        (n, i, jitter, current) => {
          const index = i % n;
          const r = spinTo(current, index, n, 5, jitter);
          expect(segmentAt(r, n)).toBe(index);
          expect(r).toBeGreaterThanOrEqual(current + 5 * 360);
          expect(r).toBeLessThan(current + 7 * 360);
        },
      ),
    );
  });
});
