import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, fixture, tempFiles } from './test-helpers.ts';

describe('firedrill import', () => {
  it('writes a draft and its real playthrough, which validate, lint and play', async () => {
    const out = tempFiles({});
    const result = await cli('import', fixture('import/dns-timeline.csv'), '--out', out);
    expect(result.exitCode).toBe(0);
    const scenario = join(out, 'dns-timeline.yaml');
    const play = join(out, 'playthroughs', 'dns-timeline.real.yaml');
    expect(result.stdout).toContain(`: a CSV timeline, 1 draft\n`);
    expect(result.stdout).toContain(`${play}: 100%, ended in "resolved"\n`);
    expect(result.stdout).toMatch(
      /dns-timeline\.yaml:\d+: roles\.0\.brief: warning: to enrich: TODO/,
    );
    expect(result.stdout).toMatch(/dns-timeline\.yaml: valid, \d+ things to enrich\n$/);

    // The files on disk are what the other commands read.
    expect(readFileSync(scenario, 'utf8')).toMatch(/^# yaml-language-server/);
    expect((await cli('validate', scenario)).exitCode).toBe(0);
    const lint = await cli('lint', scenario);
    expect(lint.exitCode).toBe(0);
    expect(lint.stdout).not.toContain('error:');
    expect((await cli('play', scenario, '--script', play)).exitCode).toBe(0);
  });

  it('keeps existing files unless --force', async () => {
    const out = tempFiles({});
    expect((await cli('import', fixture('import/wheel.json'), '-o', out)).exitCode).toBe(0);
    const again = await cli('import', fixture('import/wheel.json'), '-o', out);
    expect(again.exitCode).toBe(1);
    expect(again.stdout).toContain('certificate-expiry-on-the-api.yaml: exists; keeping it');
    expect((await cli('import', fixture('import/wheel.json'), '-o', out, '--force')).exitCode).toBe(
      0,
    );
  });

  it('names the line of a malformed record', async () => {
    const dir = tempFiles({
      'bad.md': '# Outage\n\n## Timeline\n\n- 14:02 ann: paged\n- 14:99 bob: looked\n',
    });
    const result = await cli('import', join(dir, 'bad.md'), '--out', dir);
    expect(result).toEqual({
      exitCode: 1,
      stdout: `${join(dir, 'bad.md')}:6:1: "14:99" is not a time of day\n`,
      stderr: '',
    });
  });

  it('wants exactly one file', async () => {
    const result = await cli('import');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('name exactly one incident record');
  });
});
