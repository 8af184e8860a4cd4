import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, fixture, tempFiles } from './test-helpers.ts';

describe('firedrill lint', () => {
  it('passes a sound scenario', async () => {
    expect(await cli('lint', fixture('mini.yaml'))).toEqual({
      exitCode: 0,
      stdout: `${fixture('mini.yaml')}: ok\n`,
      stderr: '',
    });
  });

  it('prints errors and warnings with their position and fails on errors', async () => {
    const file = fixture('dead-end.yaml');
    const result = await cli('lint', file);
    expect(result.exitCode).toBe(1);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      `${file}:18:5: phases.1: warning: phase "stuck" has no way out (add a transition or mark it terminal)`,
      `${file}:20:5: phases.2: error: phase "island" can never be reached`,
      `${file}:14:3: phases: warning: no terminal phase can be reached: only the facilitator can end the drill`,
      `${file}: 1 error, 2 warnings`,
    ]);
  });

  it('passes warnings, unless --strict', async () => {
    // dead-end.yaml without its unreachable phase: warnings only.
    const text = readFileSync(fixture('dead-end.yaml'), 'utf8').replace(
      / {2}- id: island[\s\S]*?terminal: true\n/,
      '',
    );
    const file = join(tempFiles({ 'warn.yaml': text }), 'warn.yaml');
    expect((await cli('lint', file)).exitCode).toBe(0);
    const strict = await cli('lint', '--strict', file);
    expect(strict.exitCode).toBe(1);
    expect(strict.stdout).toContain(`${file}: 0 errors, 2 warnings`);
  });

  it('reports schema problems first, as validate does', async () => {
    const result = await cli('lint', fixture('broken.yaml'));
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('broken.yaml:19:12: phases.1.titel: unknown field "titel"');
  });
});
