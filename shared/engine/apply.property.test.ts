// Determinism: a drill is its event log. Whatever happened live, folding the stored log
// again (on another server, after a restart, in a replay) must give the same drill.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMini } from '../../test/fixtures/load.ts';
import { playScript, scriptArb } from '../../test/fixtures/random-drill.ts';
import { fold } from './apply.ts';
import { DrillEvent } from './events.ts';
import { score } from './score.ts';
import { viewFor } from './view-for.ts';

const mini = compileMini();

/** What a store gives back: JSON on the way in, parsed by the event schema on the way out. */
const throughStore = (events: DrillEvent[]): DrillEvent[] =>
  DrillEvent.array().parse(JSON.parse(JSON.stringify(events)));

describe('fold (property)', () => {
  it('rebuilds the same state and score from a stored log, every time', () => {
    fc.assert(
      fc.property(scriptArb(mini), (script) => {
        const live = playScript(mini, script);
        const stored = throughStore(live.events);
        const first = fold(mini, stored);
        const second = fold(mini, stored);
        expect(second).toEqual(first);
        expect(first).toEqual(live.state);
        expect(score(mini, second)).toEqual(score(mini, first));
        expect(score(mini, first)).toEqual(score(mini, live.state));
      }),
      { numRuns: 200 },
    );
  });

  it('gives every seat the same view of a replayed drill', () => {
    fc.assert(
      fc.property(scriptArb(mini, 25), (script) => {
        const live = playScript(mini, script);
        const replayed = fold(mini, throughStore(live.events));
        for (const seat of [
          { kind: 'facilitator' } as const,
          { kind: 'spectator' } as const,
          ...mini.scenario.roles.map((r) => ({ kind: 'player' as const, role: r.id })),
        ]) {
          expect(viewFor(mini, replayed, seat)).toEqual(viewFor(mini, live.state, seat));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('never goes back in time and numbers every event', () => {
    fc.assert(
      fc.property(scriptArb(mini), (script) => {
        const { events, state } = playScript(mini, script);
        for (let i = 1; i < events.length; i++)
          expect(events[i]!.at).toBeGreaterThanOrEqual(events[i - 1]!.at);
        expect(state.seq).toBe(events.length);
      }),
      { numRuns: 100 },
    );
  });
});
