// Runs the CLI in-process for tests: arguments in, exit code and printed text out.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '../test/fixtures/load.ts';
import { memoryIo } from './io.ts';
import { run } from './run.ts';

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function cli(...argv: string[]): Promise<CliResult> {
  const io = memoryIo();
  const exitCode = await run(argv, io);
  return { exitCode, stdout: io.stdout(), stderr: io.stderr() };
}

export const fixture = fixturePath;

/** Writes files into a fresh temporary directory and returns its path. */
export function tempFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'firedrill-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
