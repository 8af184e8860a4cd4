// What a client holds is what a fresh viewFor says, at every step of any drill. Views are
// built incrementally (viewFor reuses the parts of a seat's last view whose inputs did not
// change; the server sends only the diff against the last view it sent), so each step of a
// random drill is checked against a view built from scratch: on a copy of the state, which
// shares none of the memos, and with the client's copy patched forward from the first view.
import fc from 'fast-check';
import jsonpatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { viewFor, type DrillView, type Seat } from '../shared/index.ts';
import { compileMini } from '../test/fixtures/load.ts';
import { playScript, scriptArb } from '../test/fixtures/random-drill.ts';
import { diffView } from './view-diff.ts';

const mini = compileMini();
const SEATS: Seat[] = [
  { kind: 'facilitator' },
  { kind: 'spectator' },
  { kind: 'player', role: null },
  ...mini.scenario.roles.map((r): Seat => ({ kind: 'player', role: r.id })),
];

describe('seat views, incrementally', () => {
  it('equal a view built from scratch at every step, as the server builds them and as a client patches them', () => {
    fc.assert(
      fc.property(scriptArb(mini, 30), (script) => {
        const sent = new Map<number, DrillView>();
        const held = new Map<number, DrillView>();
        playScript(mini, script, (state) => {
          SEATS.forEach((seat, i) => {
            const built = viewFor(mini, state, seat);
            const fresh = viewFor(mini, structuredClone(state), seat);
            expect(built).toEqual(fresh);
            const before = sent.get(i);
            const client = held.get(i);
            const next =
              before && client
                ? (jsonpatch.applyPatch(
                    structuredClone(client),
                    diffView(before, built) as never,
                    true,
                    false,
                  ).newDocument as DrillView)
                : structuredClone(built);
            expect(next).toEqual(fresh);
            sent.set(i, built);
            held.set(i, next);
          });
        });
      }),
      { numRuns: 60 },
    );
  });
});
