// The virtual clock between server updates: the server sends the drill's virtual time
// when something happens; in between, the client extrapolates with the speed while the
// clock runs. Pure: the caller passes the wall-clock reading.

export interface ClockSample {
  /** Virtual seconds at `at`. */
  t: number;
  speed: number;
  running: boolean;
  /** Wall-clock milliseconds when the sample was taken. */
  at: number;
}

/** How far we extrapolate without hearing from the server (wall-clock ms). */
export const MAX_EXTRAPOLATION_MS = 5 * 60_000;

export function virtualNow(sample: ClockSample, nowMs: number): number {
  if (!sample.running) return sample.t;
  const elapsed = Math.min(Math.max(0, nowMs - sample.at), MAX_EXTRAPOLATION_MS);
  return sample.t + (elapsed / 1000) * sample.speed;
}

/**
 * The sample to keep when the server reports `incoming`. While the clock keeps running at
 * the same speed, a report slightly behind our extrapolation (messages take time) does not
 * pull the clock back; a large difference means we were wrong and the server wins.
 */
export function reconcile(
  prev: ClockSample | null,
  incoming: ClockSample,
  toleranceSeconds = 3,
): ClockSample {
  if (!prev || !prev.running || !incoming.running || prev.speed !== incoming.speed) return incoming;
  const predicted = virtualNow(prev, incoming.at);
  const behind = predicted - incoming.t;
  if (behind > 0 && behind <= toleranceSeconds * incoming.speed)
    return { ...incoming, t: predicted };
  return incoming;
}

/** "12:05" for 725 virtual seconds; hours when needed ("1:02:03"). */
export function formatClock(seconds: number): string {
  // Before T+0 (a scenario's pre-history): "-05:00".
  if (seconds < 0) return `-${formatClock(-seconds)}`;
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(sec)}` : `${two(m)}:${two(sec)}`;
}

/**
 * Story time: the wall-clock time of day in the scenario's world, `startsAt` ("HH:MM") plus
 * the virtual seconds elapsed, wrapping at midnight. Null when the scenario has no story clock.
 */
export function storyTime(startsAt: string | null, t: number, offset = 0): string | null {
  if (!startsAt) return null;
  const [h, m] = startsAt.split(':').map(Number) as [number, number];
  const total = h * 60 + m + Math.floor((t + offset) / 60);
  const day = Math.floor(total / 1440);
  const minutes = ((total % 1440) + 1440) % 1440;
  const clock = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  // A compressed clock that ran past midnight says which day it is.
  return day > 0 ? `Day ${day + 1}, ${clock}` : clock;
}
