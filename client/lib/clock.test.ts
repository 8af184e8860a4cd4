import { describe, expect, it } from 'vitest';
import {
  formatClock,
  MAX_EXTRAPOLATION_MS,
  reconcile,
  storyTime,
  virtualNow,
  type ClockSample,
} from './clock.ts';

const running = (t: number, at: number, speed = 1): ClockSample => ({
  t,
  speed,
  running: true,
  at,
});

describe('virtualNow', () => {
  it('advances with the speed while running', () => {
    expect(virtualNow(running(100, 1000, 1), 3000)).toBe(102);
    expect(virtualNow(running(100, 1000, 5), 3000)).toBe(110);
  });

  it('stands still while paused', () => {
    expect(virtualNow({ t: 100, speed: 5, running: false, at: 1000 }, 60_000)).toBe(100);
  });

  it('never runs backwards or forever', () => {
    expect(virtualNow(running(100, 5000), 1000)).toBe(100);
    expect(virtualNow(running(0, 0), MAX_EXTRAPOLATION_MS * 10)).toBe(MAX_EXTRAPOLATION_MS / 1000);
  });
});

describe('reconcile', () => {
  it('keeps our extrapolation when the server is slightly behind it', () => {
    const prev = running(100, 0, 2);
    // At 1.5 s we predict 103; the server says 102 (its message was in flight).
    const next = reconcile(prev, running(102, 1500, 2));
    expect(next.t).toBe(103);
    expect(next.at).toBe(1500);
  });

  it('takes the server when it is ahead or far behind', () => {
    const prev = running(100, 0, 1);
    expect(reconcile(prev, running(104, 1000)).t).toBe(104);
    expect(reconcile(prev, running(50, 1000)).t).toBe(50);
  });

  it('takes the server when the clock stops or the speed changes', () => {
    const prev = running(100, 0, 1);
    expect(reconcile(prev, { t: 100.5, speed: 1, running: false, at: 1000 }).t).toBe(100.5);
    expect(reconcile(prev, running(100.5, 1000, 4)).t).toBe(100.5);
    expect(reconcile(null, running(7, 0)).t).toBe(7);
  });
});

describe('formatClock', () => {
  it('shows minutes and seconds, and hours when needed', () => {
    expect(formatClock(0)).toBe('00:00');
    expect(formatClock(725.9)).toBe('12:05');
    expect(formatClock(3723)).toBe('1:02:03');
    expect(formatClock(-5)).toBe('-00:05');
  });
});

describe('formatClock before the start', () => {
  it('writes pre-history with a minus sign', () => {
    expect(formatClock(-300)).toBe('-05:00');
  });
});

describe('storyTime', () => {
  it('adds the virtual minutes to the story clock and wraps at midnight', () => {
    expect(storyTime('17:40', 0)).toBe('17:40');
    expect(storyTime('17:40', 25 * 60 + 59)).toBe('18:05');
    expect(storyTime('23:50', 20 * 60)).toBe('Day 2, 00:10');
    expect(storyTime('17:40', 60, 15 * 3600)).toBe('Day 2, 08:41');
    expect(storyTime(null, 600)).toBeNull();
  });
});
