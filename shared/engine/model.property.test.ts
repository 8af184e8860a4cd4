// The model under random play: the same events always give the same world, and no seat
// sees model signals (derived metrics, fleets) meant for other roles.
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/fixtures/load.ts';
import { playScript, scriptArb } from '../../test/fixtures/random-drill.ts';
import { parseScenario } from '../scenario/parse.ts';
import { fold } from './apply.ts';
import { compile } from './compile.ts';
import { DrillEvent } from './events.ts';
import { score } from './score.ts';
import { viewFor } from './view-for.ts';

const parsed = parseScenario(parseYaml(readFixture('model.yaml')));
if (!parsed.ok) throw new Error('model.yaml is invalid');
const model = compile(parsed.scenario);

describe('the model under random play', () => {
  it('folds a stored log into the same world, score and views', () => {
    fc.assert(
      fc.property(scriptArb(model, 60), (script) => {
        const played = playScript(model, script);
        const stored = (JSON.parse(JSON.stringify(played.events)) as unknown[]).map((e) =>
          DrillEvent.parse(e),
        );
        const again = fold(model, stored);
        expect(again.model).toEqual(played.state.model);
        expect(again.metrics).toEqual(played.state.metrics);
        expect(again.health).toEqual(played.state.health);
        expect(score(model, again)).toEqual(score(model, played.state));
        const seat = { kind: 'player', role: 'ops' } as const;
        expect(viewFor(model, again, seat)).toEqual(viewFor(model, played.state, seat));
      }),
      { numRuns: 40 },
    );
  });

  it("never shows a role the model's signals meant for another", () => {
    fc.assert(
      fc.property(scriptArb(model, 60), (script) => {
        playScript(model, script, (state) => {
          if (state.status !== 'running' && state.status !== 'paused') return;
          for (const seat of [{ kind: 'player', role: 'ic' }, { kind: 'spectator' }] as const) {
            const view = viewFor(model, state, seat);
            expect(view.metrics.map((m) => m.id)).not.toContain('errorRate');
            expect(view.entities).toEqual([]);
          }
          const ops = viewFor(model, state, { kind: 'player', role: 'ops' });
          expect(ops.metrics.map((m) => m.id)).toContain('errorRate');
        });
      }),
      { numRuns: 40 },
    );
  });
});
