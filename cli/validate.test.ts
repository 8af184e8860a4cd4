import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, fixture, tempFiles } from './test-helpers.ts';

describe('firedrill validate', () => {
  it('prints an ok line with counts for a valid scenario', async () => {
    const result = await cli('validate', fixture('mini.yaml'));
    expect(result).toEqual({
      exitCode: 0,
      stdout: `${fixture('mini.yaml')}: ok (3 roles, 5 phases, 7 actions, 2 injects, 2 findings, 2 hints)\n`,
      stderr: '',
    });
  });

  it('fails a broken scenario with file:line:column and the path of each problem', async () => {
    const file = fixture('broken.yaml');
    const result = await cli('validate', file);
    expect(result.exitCode).toBe(1);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      `${file}:18:5: phases.1.title: Invalid input: expected string, received undefined`,
      `${file}:19:12: phases.1.titel: unknown field "titel"`,
    ]);
  });

  it('reports an unknown reference once the schema is satisfied', async () => {
    const fixed = readFileSync(fixture('broken.yaml'), 'utf8').replace('titel:', 'title:');
    const dir = tempFiles({ 'broken.yaml': fixed });
    const result = await cli('validate', join(dir, 'broken.yaml'));
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe(
      `${join(dir, 'broken.yaml')}:17:15: phases.0.transitions.0.to: unknown phase "finsh" (known: start, finish)\n`,
    );
  });

  it('checks every file, fails if any fails and says how many', async () => {
    const result = await cli('validate', fixture('mini.yaml'), fixture('broken.yaml'));
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('mini.yaml: ok');
    expect(result.stdout).toContain('broken.yaml:19:12:');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('1 of 2 files have problems');
  });

  it('validates the YAML files of a directory', async () => {
    const dir = tempFiles({
      'a.yaml': readFileSync(fixture('mini.yaml'), 'utf8'),
      'notes.txt': 'not a scenario',
    });
    const result = await cli('validate', dir);
    expect(result).toMatchObject({
      exitCode: 0,
      stdout: expect.stringContaining(`${join(dir, 'a.yaml')}: ok`),
    });
    expect(result.stdout).not.toContain('notes.txt');
  });

  it('refuses a role name the engine would refuse: over 40 characters, or two lines', async () => {
    const long = 'Site reliability engineer on call for EMEA';
    expect(long.length).toBe(42);
    const mini = readFileSync(fixture('mini.yaml'), 'utf8');
    const dir = tempFiles({
      'long.yaml': mini.replace('name: Ops\n', `name: ${long}\n`),
      'forty.yaml': mini.replace('name: Ops\n', `name: ${long.slice(0, 40)}\n`),
      'lines.yaml': mini.replace('name: Ops\n', 'name: "Ops\\n## Lessons"\n'),
    });
    const result = await cli('validate', join(dir, 'long.yaml'));
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(`^${join(dir, 'long.yaml')}:16:11: roles\\.1\\.name: Too big: .*40 characters`),
    );
    expect((await cli('validate', join(dir, 'forty.yaml'))).exitCode).toBe(0);
    const lines = await cli('validate', join(dir, 'lines.yaml'));
    expect(lines.exitCode).toBe(1);
    expect(lines.stdout).toContain('roles.1.name: Text must be a single line.');
  });

  it('says a file is missing, without a stack trace', async () => {
    const result = await cli('validate', 'no/such/scenario.yaml');
    expect(result).toEqual({
      exitCode: 1,
      stdout: 'no/such/scenario.yaml: no such file\n',
      stderr: '',
    });
  });

  it('refuses to run without a file', async () => {
    const result = await cli('validate');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('firedrill validate: name at least one scenario file');
  });
});
