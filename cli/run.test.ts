import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './run.ts';
import { cli, fixture } from './test-helpers.ts';

describe('firedrill', () => {
  it('lists its commands with --help', async () => {
    const result = await cli('--help');
    expect(result.exitCode).toBe(0);
    for (const c of COMMANDS) expect(result.stdout).toContain(`  ${c.name}`);
  });

  it('shows the help and exits with 2 when called with nothing', async () => {
    const result = await cli();
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain('Usage: firedrill <command>');
  });

  it.each(COMMANDS.map((c) => c.name))('has help for "%s"', async (name) => {
    for (const argv of [
      [name, '--help'],
      [name, '-h'],
      ['help', name],
    ]) {
      const result = await cli(...argv);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: firedrill ${name}`));
      expect(result.stdout).toContain('--help');
    }
  });

  it('names an unknown command and the known ones', async () => {
    const result = await cli('valdate', 'x.yaml');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('firedrill: unknown command "valdate"');
    expect(result.stderr).toContain('validate, lint, graph, play, schema');
  });

  it('reports an unknown option in one line, without a stack trace', async () => {
    const result = await cli('lint', '--strcit', fixture('mini.yaml'));
    expect(result).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: `firedrill lint: Unknown option '--strcit'\nRun "firedrill lint --help" for usage.\n`,
    });
  });

  it('reports a missing option value', async () => {
    const result = await cli('play', fixture('mini.yaml'), '--script');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('argument missing');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('runs as a real process through bin/firedrill.js', async () => {
    const bin = new URL('../bin/firedrill.js', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [
      bin,
      'validate',
      fixture('mini.yaml'),
    ]);
    expect(stdout).toContain('mini.yaml: ok');
    const failed = await promisify(execFile)(process.execPath, [
      bin,
      'validate',
      'missing.yaml',
    ]).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1, stdout: 'missing.yaml: no such file\n', stderr: '' });
  });
});
