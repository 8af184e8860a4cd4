import { describe, expect, it } from 'vitest';
import { cli, fixture } from './test-helpers.ts';

describe('firedrill graph', () => {
  it('prints a Mermaid state diagram of the phases', async () => {
    const result = await cli('graph', fixture('mini.yaml'));
    expect(result.exitCode).toBe(0);
    expect(result.stdout.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(result.stdout).toContain('  [*] --> calm\n');
    expect(result.stdout).toContain('  calm --> slow : after 2 min\n');
    expect(result.stderr).toBe('');
  });

  it('prints the problems of an invalid scenario to stderr, not a diagram', async () => {
    const result = await cli('graph', fixture('broken.yaml'));
    expect(result).toMatchObject({ exitCode: 1, stdout: '' });
    expect(result.stderr).toContain('broken.yaml:19:12:');
  });

  it('takes exactly one file', async () => {
    expect((await cli('graph')).exitCode).toBe(2);
    expect((await cli('graph', fixture('mini.yaml'), fixture('mini.yaml'))).exitCode).toBe(2);
  });
});
