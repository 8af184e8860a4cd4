import { describe, expect, it } from 'vitest';
import { sampleStep, seriesData, timeLabel, valueLabels } from './series.ts';

describe('metric series for the charts', () => {
  it('keeps evenly sampled points as they are', () => {
    expect(
      seriesData(
        [
          [0, 1],
          [15, 2],
          [30, 3],
        ],
        15,
      ),
    ).toEqual([
      [0, 15, 30],
      [1, 2, 3],
    ]);
  });

  it('breaks the line where samples are missing (no data), instead of joining across', () => {
    const [xs, ys] = seriesData(
      [
        [0, 1],
        [15, 2],
        [90, 5],
        [105, 6],
      ],
      15,
    );
    expect(xs).toEqual([0, 15, 30, 90, 105]);
    expect(ys).toEqual([1, 2, null, 5, 6]);
  });

  it('finds the sampling step', () => {
    expect(
      sampleStep([
        [0, 1],
        [30, 1],
        [45, 1],
      ]),
    ).toBe(15);
    expect(sampleStep([[0, 1]])).toBe(0);
  });

  it('labels the time axis in story time when the scenario has a clock, else T+', () => {
    expect(timeLabel(300, '09:20', 0)).toBe('09:25');
    expect(timeLabel(300, '09:20', 840 * 60)).toBe('23:25');
    expect(timeLabel(300, null, 0)).toBe('T+05:00');
  });

  it('labels the value axis compactly, with more digits only where two ticks would read the same', () => {
    expect(valueLabels([0, 500, 1000, 1500])).toEqual(['0', '500', '1k', '1.5k']);
    expect(valueLabels([1200, 1220, 1240])).toEqual(['1200', '1220', '1240']);
  });
});
