// Replays a drill in the browser with the shared core: the same fold the server runs,
// so any moment of any seat's view can be rebuilt exactly. Checkpoints every so many
// events keep scrubbing backwards cheap; stepping forwards reuses the last state.
import { z } from 'zod';
import { applyEvent, createState } from '../../shared/engine/apply.ts';
import { compile, type CompiledScenario } from '../../shared/engine/compile.ts';
import { DrillEvent } from '../../shared/engine/events.ts';
import type { DrillState } from '../../shared/engine/state.ts';
import { viewFor, type DrillView, type Seat } from '../../shared/engine/view-for.ts';
import { Scenario } from '../../shared/scenario/schema.ts';

const CHECKPOINT_EVERY = 100;

export interface Replay {
  compiled: CompiledScenario;
  events: DrillEvent[];
  /** The state after events[0..index]. Do not keep it: it is reused. */
  stateAt(index: number): DrillState;
  /** What `seat` saw right after events[index], as an independent copy. */
  viewAt(index: number, seat: Seat): DrillView;
}

export class ReplayError extends Error {
  override name = 'ReplayError';
}

export function loadReplay(scenarioJson: unknown, rawEvents: unknown): Replay {
  const scenario = Scenario.safeParse(scenarioJson);
  if (!scenario.success) throw new ReplayError('The scenario of this drill could not be read.');
  const parsed = z.array(DrillEvent).safeParse(rawEvents);
  if (!parsed.success) throw new ReplayError('The event log of this drill could not be read.');
  const events = parsed.data;
  const first = events[0];
  if (!first || first.type !== 'created')
    throw new ReplayError('The event log does not start with the drill being created.');
  const compiled = compile(scenario.data);

  const checkpoints = new Map<number, DrillState>();
  const initial = createState(compiled, first);
  checkpoints.set(0, structuredClone(initial));
  let cursor = { index: 0, state: initial };

  const stateAt = (index: number): DrillState => {
    const target = Math.max(0, Math.min(events.length - 1, Math.floor(index)));
    if (target < cursor.index) {
      const from = Math.floor(target / CHECKPOINT_EVERY) * CHECKPOINT_EVERY;
      cursor = { index: from, state: structuredClone(checkpoints.get(from)!) };
    }
    while (cursor.index < target) {
      cursor.index += 1;
      applyEvent(compiled, cursor.state, events[cursor.index]!);
      if (cursor.index % CHECKPOINT_EVERY === 0 && !checkpoints.has(cursor.index)) {
        checkpoints.set(cursor.index, structuredClone(cursor.state));
      }
    }
    return cursor.state;
  };

  return {
    compiled,
    events,
    stateAt,
    viewAt: (index, seat) => structuredClone(viewFor(compiled, stateAt(index), seat)),
  };
}

/** The seats a replay can be watched from. */
export function replaySeats(
  compiled: CompiledScenario,
): { key: string; label: string; seat: Seat }[] {
  return [
    { key: 'facilitator', label: 'Facilitator (everything)', seat: { kind: 'facilitator' } },
    ...compiled.scenario.roles.map((r) => ({
      key: `role:${r.id}`,
      label: r.name,
      seat: { kind: 'player', role: r.id } as Seat,
    })),
    { key: 'spectator', label: 'Spectator', seat: { kind: 'spectator' } },
  ];
}
