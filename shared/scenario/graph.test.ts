import { describe, expect, it } from 'vitest';
import { miniScenario } from '../../test/fixtures/load.ts';
import { toMermaid } from './graph.ts';

describe('toMermaid', () => {
  it('draws every phase and why the drill moves between them', () => {
    const text = toMermaid(miniScenario());
    expect(text.split('\n').slice(0, 7)).toEqual([
      'stateDiagram-v2',
      '  calm : Calm before the storm',
      '  slow : Slowness',
      '  worse : Worse',
      '  mitigated : Mitigated',
      '  resolved : Resolved',
      '  [*] --> calm',
    ]);
    expect(text).toContain('  calm --> slow : after 2 min\n');
    expect(text).toContain('  slow --> mitigated : action Warm the cache\n');
    expect(text).toContain('  slow --> worse : when condition holds\n');
    expect(text).toContain('  resolved --> [*]\n');
  });
});
