// `npm start` on a machine with the client built: it ends with one line saying where to
// open the app.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../e2e/harness.ts';

const root = resolve(import.meta.dirname, '../..');
let dataDir: string;

beforeAll(async () => {
  await ensureClientBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'firedrill-start-'));
}, 180_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start', () => {
  it('prints one line with the URL to open once the server listens', async () => {
    const child = spawn(process.execPath, [join(root, 'bin', 'start.js')], {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    try {
      const line = await new Promise<string>((done, fail) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /^Firedrill is ready: open .*$/m.exec(out);
          if (m) done(m[0]);
        });
        child.on('exit', (code) => fail(new Error(`exited with ${code}: ${out}`)));
      });
      const url = /open (http:\/\/localhost:\d+)$/.exec(line)?.[1];
      expect(url, line).toBeDefined();
      const res = await fetch(`${url}/healthz`);
      expect(res.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  }, 120_000);
});
