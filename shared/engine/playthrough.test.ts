import { describe, expect, it } from 'vitest';
import { compileMini, miniWith } from '../../test/fixtures/load.ts';
import { fold } from './apply.ts';
import { Playthrough, runPlaythrough } from './playthrough.ts';

const mini = compileMini();
const script = (input: Record<string, unknown>) =>
  Playthrough.parse({ name: 'test', scenario: 'mini', steps: [{ at: 0, say: 'hi' }], ...input });

describe('runPlaythrough', () => {
  it('plays a good run to the end and meets its expectations', () => {
    const result = runPlaythrough(
      mini,
      script({
        expect: { minPercent: 90, phase: 'resolved' },
        steps: [
          { at: 1, as: 'ops', do: 'ack' },
          { at: 2, as: 'ops', do: 'inspect-cache' },
          { at: 2.5, as: 'comms', status: 'Investigating slowness' },
          { at: 6, as: 'ic', do: 'page-exec' },
          { at: 7, as: 'ops', do: 'warm-cache' },
        ],
        until: 20,
      }),
    );
    expect(result.unmet).toEqual([]);
    expect(result.state.status).toBe('ended');
    expect(result.state.ended?.reason).toBe('Resolved');
    expect(result.score.percent).toBe(100);
    expect(fold(mini, result.events)).toEqual(result.state);
  });

  it('reports unmet expectations in words', () => {
    const result = runPlaythrough(
      mini,
      script({
        expect: { minPercent: 50, penalties: ['retry-storm'], phase: 'mitigated' },
        steps: [{ at: 3, as: 'ops', do: 'restart', params: { service: 'cache' } }],
      }),
    );
    expect(result.unmet).toEqual([
      'score 0% is below 50%',
      'penalty "retry-storm" was not given',
      'phase "mitigated" was never reached',
    ]);
  });

  it('checks that refused steps are refused for the expected reason', () => {
    const result = runPlaythrough(
      mini,
      script({
        steps: [
          { at: 1, as: 'ops', do: 'warm-cache', expectError: 'ACTION_UNAVAILABLE' },
          { at: 1, as: 'comms', do: 'warm-cache' },
          { at: 2, as: 'ops', do: 'ack', expectError: 'NOT_YOUR_ROLE' },
          { at: 2, as: 'janitor', do: 'ack' },
        ],
      }),
    );
    expect(result.failures.map((f) => [f.step, f.error.code])).toEqual([
      [1, 'NOT_YOUR_ROLE'],
      [2, 'UNEXPECTED_SUCCESS'],
      [3, 'BAD_STEP'],
    ]);
    expect(result.unmet).toHaveLength(3);
  });

  it('stops at the first refused join: no step runs and the drill never starts', () => {
    const result = runPlaythrough(
      mini,
      script({
        players: [
          { name: 'x'.repeat(41), role: 'ic' },
          { name: 'Omar', role: 'ops' },
        ],
        steps: [{ at: 1, as: 'ops', do: 'ack' }],
      }),
    );
    expect(result.aborted?.error.code).toBe('INVALID_PAYLOAD');
    expect(result.aborted?.error.message).toMatch(/^player "x{41}" \(role ic\) could not join: /);
    expect(result.failures).toEqual([result.aborted]);
    expect(result.events.map((e) => e.type)).toEqual(['created']);
    expect(result.state.status).toBe('lobby');
    expect(result.unmet).toEqual([
      `the drill never started: INVALID_PAYLOAD ${result.aborted!.error.message}`,
    ]);
  });

  it('ends a drill the script leaves running', () => {
    const result = runPlaythrough(mini, script({ until: 10 }));
    expect(result.state.ended).toEqual({ at: 600, reason: 'End of the script' });
  });
});

describe('runPlaythrough: a second pair of eyes', () => {
  const reviewed = miniWith((s) => {
    const restart = s.actions.find((a: { id: string }) => a.id === 'restart');
    restart.confirm = { by: ['ic'] };
  });

  it('confirms and calls off actions by naming them', () => {
    const result = runPlaythrough(
      reviewed,
      Playthrough.parse({
        name: 'reviewed',
        scenario: 'mini',
        steps: [
          { at: 1, as: 'ops', do: 'restart', params: { service: 'api' } },
          { at: 1.5, as: 'ic', confirm: 'restart' },
          { at: 2, as: 'ops', do: 'restart', params: { service: 'cache' } },
          { at: 2.5, as: 'ops', cancel: 'restart' },
          { at: 3, as: 'ic', confirm: 'restart', expectError: 'ACTION_UNAVAILABLE' },
        ],
        until: 5,
      }),
    );
    expect(result.failures).toEqual([]);
    const records = result.state.actions.filter((a) => a.action === 'restart');
    expect(records.map((r) => [r.confirmedBy !== null, r.cancelledAt !== null])).toEqual([
      [true, false],
      [false, true],
    ]);
  });
});
