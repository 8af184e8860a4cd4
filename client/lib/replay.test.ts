import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compile,
  fold,
  parseScenarioYaml,
  Playthrough,
  runPlaythrough,
  viewFor,
} from '../../shared/index.ts';
import { loadReplay, replaySeats, ReplayError } from './replay.ts';

const parsed = parseScenarioYaml(
  readFileSync(new URL('../../test/fixtures/mini.yaml', import.meta.url), 'utf8'),
);
if (!parsed.ok) throw new Error('fixture does not parse');
const scenario = JSON.parse(JSON.stringify(parsed.scenario)) as unknown;
const c = compile(parsed.scenario);
const run = runPlaythrough(
  c,
  Playthrough.parse({
    name: 'replay',
    scenario: 'mini',
    steps: [
      { at: 1, as: 'ops', do: 'ack' },
      { at: 3, as: 'ops', do: 'inspect-cache' },
      { at: 4, as: 'comms', status: 'Investigating' },
      { at: 6, as: 'ops', do: 'warm-cache' },
      { at: 8, say: 'x', as: 'ic' },
    ],
  }),
);
const events = JSON.parse(JSON.stringify(run.events)) as unknown[];

describe('loadReplay', () => {
  it('rebuilds the state at any event, in any order', () => {
    const replay = loadReplay(scenario, events);
    const order = [events.length - 1, 3, 9, 0, 12, events.length - 1, 5];
    for (const i of order) {
      const expected = fold(c, run.events.slice(0, i + 1));
      expect(replay.stateAt(i)).toEqual(expected);
    }
  });

  it('shows each seat exactly its own view', () => {
    const replay = loadReplay(scenario, events);
    const last = events.length - 1;
    const ops = replay.viewAt(last, { kind: 'player', role: 'ops' });
    expect(ops).toEqual(
      JSON.parse(JSON.stringify(viewFor(c, run.state, { kind: 'player', role: 'ops' }))),
    );
    const mid = replay.viewAt(4, { kind: 'player', role: 'comms' });
    expect(JSON.stringify(mid)).not.toContain('OPS-ONLY-SECRET');
    expect(replaySeats(replay.compiled).map((s) => s.key)).toEqual([
      'facilitator',
      'role:ic',
      'role:ops',
      'role:comms',
      'spectator',
    ]);
  });

  it('refuses logs that are not drills', () => {
    expect(() => loadReplay(scenario, [])).toThrow(ReplayError);
    expect(() => loadReplay({ id: 'x' }, events)).toThrow(ReplayError);
    expect(() => loadReplay(scenario, [{ type: 'nonsense', at: 0 }])).toThrow(ReplayError);
  });
});
