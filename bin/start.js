#!/usr/bin/env node
// `npm start`: builds the web client if it has not been built, then runs the server.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const clientDir = process.env.CLIENT_DIR ?? join(root, 'dist');
if (!existsSync(join(clientDir, 'index.html'))) {
  console.log('Building the web client (first start)...');
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const { register } = await import('tsx/esm/api');
register();
process.chdir(root);
await import('../server/main.ts');
