// The drill's virtual clock, ticking between server updates.
import { useEffect, useState } from 'react';
import { formatClock, storyTime, virtualNow, type ClockSample } from '../lib/clock.ts';

/** Virtual seconds now, re-rendering a few times a second while the clock runs. */
export function useVirtualTime(clock: ClockSample | null): number {
  const [now, setNow] = useState(() => performance.now());
  const running = clock?.running ?? false;
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(id);
  }, [running]);
  if (!clock) return 0;
  // A sample newer than our last tick is taken as "now".
  return virtualNow(clock, Math.max(now, clock.at));
}

export function VirtualClock({
  clock,
  status,
  startsAt = null,
  offset = 0,
}: {
  clock: ClockSample | null;
  status: string;
  /** The story's time of day at T+0 ("HH:MM"), when the scenario has one. */
  startsAt?: string | null;
  /** Story seconds skipped by the scenario's jumps ("next morning"). */
  offset?: number;
}) {
  const t = useVirtualTime(clock);
  const story = storyTime(startsAt, t, offset);
  return (
    <div className="row" aria-label="Drill clock">
      <span className={`badge ${status}`}>{status}</span>
      {story && (
        <span className="clock story" title="Time of day in the story">
          {story}
        </span>
      )}
      <span className="clock" aria-live="off" title="Virtual time since the drill started">
        T+{formatClock(t)}
      </span>
      {clock && clock.speed !== 1 && <span className="chip">{clock.speed}x</span>}
    </div>
  );
}
