// The clock's speed: one range, accepted by the setSpeed command and recorded by the
// speedChanged event, so the log never holds a speed no command could set.
import { describe, expect, it } from 'vitest';
import { Command } from './commands.ts';
import { DrillEvent, SPEED_MAX, SPEED_MIN } from './events.ts';

describe('the clock speed', () => {
  it('is one range for the command and the event', () => {
    for (const speed of [SPEED_MIN, 1, SPEED_MAX]) {
      expect(Command.safeParse({ type: 'setSpeed', speed }).success).toBe(true);
      expect(DrillEvent.safeParse({ type: 'speedChanged', at: 0, speed }).success).toBe(true);
    }
    for (const speed of [SPEED_MIN / 2, 0, -1, SPEED_MAX + 1, 60]) {
      expect(Command.safeParse({ type: 'setSpeed', speed }).success).toBe(false);
      expect(DrillEvent.safeParse({ type: 'speedChanged', at: 0, speed }).success).toBe(false);
    }
  });

  it('runs from a quarter to ten times real time', () => {
    expect([SPEED_MIN, SPEED_MAX]).toEqual([0.25, 10]);
  });
});
