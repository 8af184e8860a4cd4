// The reducer's working state for one event, and the small steps every part of the fold
// takes: write the timeline, schedule a timer, end the drill. Pure.
import type { CompiledScenario, PhaseEvent } from './compile.ts';
import type { DrillState, EffectContext, Timer, TimelineEntry } from './state.ts';

export interface Run {
  c: CompiledScenario;
  s: DrillState;
  /** Phase events raised by effects (goto), driven once the current step settles. */
  queue: { event: PhaseEvent; ctx: EffectContext }[];
  /** A fact changed: guard-only transitions must be re-checked. */
  dirty: boolean;
  /** A fact changed during this event: the model must be evaluated once it settles. */
  changed: boolean;
}

export function log(
  s: DrillState,
  kind: TimelineEntry['kind'],
  text: string,
  audience: TimelineEntry['audience'],
  extra: { role?: string; ref?: string } = {},
) {
  s.timeline.push({ t: s.t, kind, text, audience, ...extra });
}

export function schedule(s: DrillState, timer: DistributiveOmit<Timer, 'order'>) {
  const t = { ...timer, order: s.timerOrder++ } as Timer;
  // Keep timers sorted by (at, order): binary search for the insertion point.
  let lo = 0;
  let hi = s.timers.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s.timers[mid]!.at <= t.at) lo = mid + 1;
    else hi = mid;
  }
  s.timers.splice(lo, 0, t);
}
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function endDrill(s: DrillState, reason: string) {
  if (s.status === 'ended') return;
  s.status = 'ended';
  s.ended = { at: s.t, reason };
  s.timers = [];
  log(s, 'drill', `Drill ended: ${reason}`, 'all');
}
