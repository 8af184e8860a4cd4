import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, fixture, tempFiles } from './test-helpers.ts';

const mini = fixture('mini.yaml');

describe('firedrill play', () => {
  it('prints a debrief with the score, the rubric, timings and lessons', async () => {
    const result = await cli('play', mini, '--script', fixture('mini.play.yaml'));
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Mini outage: playthrough "textbook"');
    expect(lines).toContain('Score: 100%  (100 of 100 points, 0 lost to penalties)');
    expect(lines).toContain('  10/10  Acknowledge the page: Done at 1 min. Own the page.');
    expect(lines).toContain('  acknowledge      1 min  target 4 min     met');
    expect(lines).toContain('  - Warm caches before traffic.');
    expect(lines).toContain('Expectations: all met');
  });

  it('fails when the expectations are not met, and says which', async () => {
    const result = await cli('play', mini, '-s', fixture('mini-sloppy.play.yaml'));
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('Score: 0%  (0 of 100 points, 25 lost to penalties)');
    expect(result.stdout).toContain(
      '  -15  Restart a service by Ops at 4 min: It empties the cache again.',
    );
    expect(result.stdout).toContain('   -5  Hint revealed at 6 min: Look at the cache.');
    expect(result.stdout).toContain('Unmet expectations\n  - score 0% is below 80%\n');
  });

  it('prints JSON with the score, the unmet expectations and the event count', async () => {
    const result = await cli('play', mini, '--script', fixture('mini-sloppy.play.yaml'), '--json');
    expect(result.exitCode).toBe(1);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      playthrough: 'sloppy',
      scenario: 'mini',
      score: { percent: 0, penalties: 25, max: 100 },
      unmet: ['score 0% is below 80%'],
      eventCount: expect.any(Number),
    });
  });

  it('locates problems in the playthrough file', async () => {
    const dir = tempFiles({
      'bad.play.yaml': 'name: bad\nscenario: mini\nsteps:\n  - { at: soon, as: ops, do: ack }\n',
    });
    const result = await cli('play', mini, '--script', join(dir, 'bad.play.yaml'));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      `${join(dir, 'bad.play.yaml')}:4:11: steps.0.at: Invalid input: expected number, received string\n`,
    );
  });

  it('stops at a refused join, says why, and prints no score for a drill that never started', async () => {
    const long = 'x'.repeat(41);
    const dir = tempFiles({
      'long.play.yaml': [
        'name: long',
        'scenario: mini',
        `players: [{ name: ${long}, role: ic }, { name: Omar, role: ops }]`,
        'steps: [{ at: 1, as: ops, do: ack }]',
        '',
      ].join('\n'),
    });
    for (const json of [[], ['--json']]) {
      const result = await cli('play', mini, '--script', join(dir, 'long.play.yaml'), ...json);
      expect(result).toEqual({
        exitCode: 1,
        stdout: '',
        stderr: `${join(dir, 'long.play.yaml')}: the drill never started: INVALID_PAYLOAD: player "${long}" (role ic) could not join: A name is one line of 1 to 40 characters, without control characters.\n`,
      });
    }
  });

  it('stops when a role cannot be taken or the drill cannot start', async () => {
    const dir = tempFiles({
      'janitor.play.yaml':
        'name: j\nscenario: mini\nplayers: [{ name: Jo, role: janitor }]\nsteps: [{ at: 1, say: hi }]\n',
      'alone.play.yaml':
        'name: a\nscenario: mini\nplayers: [{ name: Ines, role: ic }]\nsteps: [{ at: 1, say: hi }]\n',
    });
    const janitor = await cli('play', mini, '--script', join(dir, 'janitor.play.yaml'));
    expect(janitor).toMatchObject({ exitCode: 1, stdout: '' });
    expect(janitor.stderr).toContain(
      'the drill never started: UNKNOWN_ROLE: player "Jo" (role janitor) could not take the role:',
    );
    const alone = await cli('play', mini, '--script', join(dir, 'alone.play.yaml'));
    expect(alone).toMatchObject({ exitCode: 1, stdout: '' });
    expect(alone.stderr).toContain(
      'the drill never started: ROLES_MISSING: the drill could not start: Someone must play: Ops.',
    );
  });

  it('refuses a playthrough of another scenario', async () => {
    const dir = tempFiles({
      'other.play.yaml': 'name: other\nscenario: big-outage\nsteps: [{ at: 1, say: hi }]\n',
    });
    const result = await cli('play', mini, '--script', join(dir, 'other.play.yaml'));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('is a playthrough of "big-outage", not of "mini"');
  });

  it('needs --script', async () => {
    const result = await cli('play', mini);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--script PLAYTHROUGH is required');
  });

  it('says which file is missing', async () => {
    const result = await cli('play', mini, '--script', 'nowhere.yaml');
    expect(result).toMatchObject({ exitCode: 1, stderr: 'nowhere.yaml: no such file\n' });
  });
});
