// Bundle benchmark: the production build's initial page (index.html plus the scripts, module
// preloads and stylesheets it loads at once), gzipped, against the 250 KB target.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchReport } from './report.ts';

const TARGET_KB = 250;

export function bench(): BenchReport {
  const outDir = mkdtempSync(join(tmpdir(), 'firedrill-bundle-'));
  try {
    const vite = join(import.meta.dirname, '..', 'node_modules', 'vite', 'bin', 'vite.js');
    const built = spawnSync(
      process.execPath,
      [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
      {
        cwd: join(import.meta.dirname, '..'),
        encoding: 'utf8',
      },
    );
    if (built.status !== 0) throw new Error(`vite build failed:\n${built.stderr}`);
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    const files = ['index.html', ...new Set(assets)];
    const rows = files.map((f) => {
      const bytes = readFileSync(join(outDir, f));
      return { file: f, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
    const total = rows.reduce((n, r) => n + r.gzip, 0);
    const kb = (n: number) => (n / 1024).toFixed(1);
    const notMet =
      total / 1024 <= TARGET_KB
        ? []
        : [`initial page ${kb(total)} KB gzip, over the ${TARGET_KB} KB target`];
    return {
      title: 'Web client: initial page (production build)',
      tables: [
        {
          title: 'What the first page load fetches',
          columns: ['file', 'raw KB', 'gzip KB'],
          rows: [
            ...rows.map((r) => [r.file, kb(r.raw), kb(r.gzip)]),
            ['total', kb(rows.reduce((n, r) => n + r.raw, 0)), kb(total)],
          ],
        },
      ],
      notes: [
        `initial page ${kb(total)} KB gzip: ${(total / 1024 / TARGET_KB).toFixed(2)} of the ${TARGET_KB} KB target`,
      ],
      ok: notMet.length === 0,
      notMet,
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
