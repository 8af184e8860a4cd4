// The real `firedrill` process when its reader goes away (`firedrill play ... | head -3`):
// it ends quietly, with no stack trace about a broken pipe.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from './test-helpers.ts';

const bin = resolve(import.meta.dirname, '../bin/firedrill.js');

function runWithClosedStdout(...args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  // The reader is gone before the command writes its first line.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; signal: string | null; stderr: string }>((done) =>
    child.on('close', (code, signal) => done({ code, signal, stderr })),
  );
}

describe('a closed stdout', () => {
  it('ends `play` quietly with its own exit code', async () => {
    const result = await runWithClosedStdout(
      'play',
      fixture('mini.yaml'),
      '--script',
      fixture('mini.play.yaml'),
    );
    expect(result).toEqual({ code: 0, signal: null, stderr: '' });
  }, 30_000);

  it('ends a failing `play` quietly too, still failing', async () => {
    const result = await runWithClosedStdout(
      'play',
      fixture('mini.yaml'),
      '--script',
      fixture('mini-sloppy.play.yaml'),
    );
    expect(result).toEqual({ code: 1, signal: null, stderr: '' });
  }, 30_000);
});
