// One step of a drill: the whole of what happens when one input (a command, a join, or the
// clock running on) meets the drill at a virtual second. Due timers fire first, so the input
// is judged against the world as it is `now`; then decide; then the fold. Every driver of a
// drill uses it: the server's host, playthroughs, benchmarks and test drivers.
//
// Pure in the sense of the core: no IO, no clock, no randomness. Like the fold it is built on,
// it advances `state` in place (copying a drill per step would cost more than the step) and
// returns it; a caller that must be able to take a step back keeps the events instead.
import { applyEvent } from './apply.ts';
import type { Actor, Command, DrillError } from './commands.ts';
import type { CompiledScenario } from './compile.ts';
import { decide, decideJoin, decidePresence, dueTick } from './decide.ts';
import type { DrillEvent } from './events.ts';
import type { DrillState } from './state.ts';

export type StepInput =
  /** A participant's (or the system's) command, already parsed. */
  | { type: 'command'; actor: Actor; command: Command }
  /** A new participant takes a seat (the shell minted the id). */
  | { type: 'join'; participantId: string; name: string; kind: 'player' | 'spectator' | 'bot' }
  /** Virtual time runs on to `now`: timers due by then fire. */
  | { type: 'time' }
  /** Solo practice: the only player left (the clock stops) or came back (it runs again). */
  | { type: 'away' }
  | { type: 'back' };

export interface StepResult {
  /** Everything to persist, in order: a due tick first, then what the input produced. */
  events: DrillEvent[];
  /** The drill after the events (the same object as the input state). */
  state: DrillState;
  /** The drill ended during this step (by a command, a timer or a terminal phase). */
  ended: boolean;
  /** Why the input was refused; the events (a due tick) still happened. */
  error: DrillError | null;
}

export function step(
  compiled: CompiledScenario,
  state: DrillState,
  input: StepInput,
  now: number,
): StepResult {
  const wasEnded = state.status === 'ended';
  const events: DrillEvent[] = [];
  const apply = (list: readonly DrillEvent[]) => {
    for (const event of list) {
      applyEvent(compiled, state, event);
      events.push(event);
    }
  };
  let error: DrillError | null = null;
  if (input.type === 'time') {
    if (state.status !== 'ended' && now >= state.t) apply([{ type: 'timeAdvanced', at: now }]);
  } else {
    const tick = dueTick(state, now);
    if (tick) apply([tick]);
    const decision =
      input.type === 'join'
        ? decideJoin(state, input, now)
        : input.type === 'command'
          ? decide(compiled, state, input.actor, input.command, now)
          : decidePresence(state, input.type, now);
    if (decision.ok) apply(decision.events);
    else error = decision.error;
  }
  return { events, state, ended: !wasEnded && state.status === 'ended', error };
}
