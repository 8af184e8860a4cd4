import { describe, expect, it } from 'vitest';
import { miniScenario } from '../../test/fixtures/load.ts';
import { lintScenario } from './lint.ts';

describe('lint: TODO markers', () => {
  it('says "to enrich" where a TODO is left, and where', () => {
    const s = miniScenario();
    s.roles[1]!.brief = 'You run the systems. TODO: say which dashboards ops trusts.';
    s.scoring.expected[0]!.why = 'TODO: is acknowledging inside four minutes fair?';
    expect(lintScenario(s)).toEqual([
      {
        level: 'warning',
        path: ['roles', 1, 'brief'],
        message: 'to enrich: TODO: say which dashboards ops trusts.',
      },
      {
        level: 'warning',
        path: ['scoring', 'expected', 0, 'why'],
        message: 'to enrich: TODO: is acknowledging inside four minutes fair?',
      },
    ]);
  });

  it('leaves words that only contain the letters alone', () => {
    const s = miniScenario();
    s.summary = 'Mastodons and todos: a TODOLIST app slows down.';
    expect(lintScenario(s)).toEqual([]);
  });
});
