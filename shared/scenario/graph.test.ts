import { describe, expect, it } from 'vitest';
import { miniScenario, readFixture } from '../../test/fixtures/load.ts';
import { parseScenarioYaml } from './parse.ts';
import { toMermaid, toMermaidModel } from './graph.ts';

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

describe('toMermaidModel', () => {
  it('draws what the model reads and writes: metrics, rules, alerts, objectives', () => {
    const result = parseScenarioYaml(readFixture('model.yaml'));
    if (!result.ok) throw new Error('model.yaml is invalid');
    const text = toMermaidModel(result.scenario);
    expect(text.startsWith('flowchart LR\n')).toBe(true);
    expect(text).toContain('  n_demand --> n_load\n');
    expect(text).toContain('  n_errorRate -->|for 2 min| n_errors_high\n');
    expect(text).toContain('  n_rule_clients_retry -.-> n_retryFactor\n');
    expect(text).toContain('  n_load --> n_rule_autoscaler\n');
    expect(text).toContain('  n_hosts --> n_objective_fleet\n');
  });
});
