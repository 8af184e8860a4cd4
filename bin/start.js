#!/usr/bin/env node
// `npm start`: builds the web client if it has not been built (showing the build's own
// progress), then runs the server and prints one line saying where to open it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const clientDir = process.env.CLIENT_DIR ?? join(root, 'dist');
if (!existsSync(join(clientDir, 'index.html'))) {
  console.log('Building the web client (first start only, about half a minute)...');
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const started = Date.now();
  const built = spawnSync(process.execPath, [vite, 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  console.log(`Web client built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}
const { register } = await import('tsx/esm/api');
register();
process.chdir(root);
const { running } = await import('../server/main.ts');
const { readyLine } = await import('../server/ready-line.ts');
if (running) console.log(readyLine(running.port, running.host, networkInterfaces()));
