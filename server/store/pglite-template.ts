// A new embedded data directory starts as a copy of a template rather than by initdb. initdb
// takes seconds and leaves the worker's WebAssembly memory grown for the worker's whole life
// (about 800 MB of RSS, against 280 MB for a reopened directory). So initdb runs once, in a
// worker of its own that exits afterwards, and every new data directory is copied from what
// it made, then only opened. A database in memory loads the same template, as a tar.
//
// The template lives in node_modules/.cache/firedrill, beside the PGlite it was made by: it
// is reused by every process and test run of this checkout, and goes when node_modules does.
// Not under the system's temp directory: anyone on the machine could put a template there.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { constants, copyFile, cp, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { Worker } from 'node:worker_threads';

/** Part of the template's name: bump it when pglite-worker.js creates databases differently. */
const TEMPLATE_FORMAT = 2;
/** Longer than any initdb: a build this old belongs to a process that died. */
const STALE_MS = 10 * 60_000;

/** Where templates are kept, or null when PGlite is not installed under a node_modules. */
export function defaultTemplateCache(): string | null {
  try {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const at = entry.lastIndexOf(`${sep}node_modules${sep}`);
    return at < 0 ? null : join(entry.slice(0, at), 'node_modules', '.cache', 'firedrill');
  } catch {
    return null;
  }
}

/** The template's directory in `cache`: one per PGlite version, whose data format it is. */
export function templatePath(cache: string): string {
  return join(cache, `pglite-${pgliteVersion()}-${TEMPLATE_FORMAT}`, 'pgdata');
}

function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  // The entry point is <package>/dist/index.cjs.
  const manifest = JSON.parse(
    readFileSync(join(dirname(dirname(entry)), 'package.json'), 'utf8'),
  ) as { name?: string; version?: string };
  if (manifest.name !== '@electric-sql/pglite' || !manifest.version) {
    throw new Error('cannot tell which PGlite is installed');
  }
  return manifest.version;
}

// One build per cache per process; other processes are met by the rename in buildTemplate.
const templates = new Map<string, Promise<string | null>>();

/** The ready template in `cache`, made if missing; null if it cannot be made. */
export function templateIn(cache: string): Promise<string | null> {
  let template = templates.get(cache);
  if (!template) {
    template = buildTemplate(cache).catch(() => null);
    templates.set(cache, template);
  }
  return template;
}

/**
 * Makes the template in `cache` unless it is there already, and returns its directory. Built
 * under a name of its own and renamed into place, so no process ever sees half a template;
 * of two processes building at once, the second to rename uses the first's.
 */
export async function buildTemplate(cache: string): Promise<string> {
  const template = templatePath(cache);
  const ready = () => exists(join(template, 'PG_VERSION'));
  if (await ready()) return template;
  const home = dirname(template);
  await mkdir(cache, { recursive: true });
  await clearLeftovers(cache, home);
  const building = join(cache, `.building-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(building);
    await initdb(join(building, 'pgdata'), join(building, 'pgdata.tar'));
    try {
      await rename(building, home);
    } catch {
      if (await ready()) return template; // another process's, made meanwhile
      // In the way, and no template (one that lost files): replaced.
      await remove(home);
      await rename(building, home);
    }
    return template;
  } finally {
    await rm(building, { recursive: true, force: true });
  }
}

/** The template as a tar, which PGlite loads into a database in memory. */
export function templateTar(template: string): string {
  return `${template}.tar`;
}

/** Copies the template into an empty `dataDir`. */
export async function copyTemplate(template: string, dataDir: string): Promise<void> {
  // PG_VERSION last: PGlite opens a directory that has one as a database, so a copy cut
  // short is initdb'd over on the next start rather than opened half made.
  const version = join(template, 'PG_VERSION');
  await cp(template, dataDir, {
    recursive: true,
    // A copy-on-write clone where the file system has them; a plain copy elsewhere.
    mode: constants.COPYFILE_FICLONE,
    filter: (source) => source !== version,
  });
  await copyFile(version, join(dataDir, 'PG_VERSION'), constants.COPYFILE_FICLONE);
}

/** Throws away a template that would not copy or open; the next new directory makes another. */
export async function discardTemplate(template: string): Promise<void> {
  templates.delete(dirname(dirname(template)));
  await remove(dirname(template));
}

// Renamed before it is deleted: a process copying it meanwhile fails (and falls back)
// rather than copying half a directory.
async function remove(home: string): Promise<void> {
  const doomed = join(dirname(home), `.discarded-${randomBytes(6).toString('hex')}`);
  try {
    await rename(home, doomed);
  } catch {
    return; // gone already
  }
  await rm(doomed, { recursive: true, force: true });
}

/** Removes other PGlite versions' templates and builds their processes abandoned. */
async function clearLeftovers(cache: string, keep: string): Promise<void> {
  for (const name of await readdir(cache)) {
    const path = join(cache, name);
    if (path === keep) continue;
    if (name.startsWith('.')) {
      const since = await stat(path).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (since < STALE_MS) continue;
    } else if (!name.startsWith('pglite-')) continue;
    await rm(path, { recursive: true, force: true });
  }
}

/**
 * Runs initdb in `dir` and writes the result to `tar` too, in a worker that exits afterwards
 * and takes its memory with it.
 */
function initdb(dir: string, tar: string): Promise<void> {
  const worker = new Worker(new URL('./pglite-worker.js', import.meta.url), {
    workerData: { dataDir: dir },
  });
  const steps = [
    { kind: 'query', text: 'CHECKPOINT', params: [] }, // little to replay when the tar loads
    { kind: 'dump', path: tar },
    { kind: 'close' }, // cleanly: every copy of the directory opens without recovery
  ];
  return new Promise<void>((done, failed) => {
    let step = 0;
    const next = () =>
      step < steps.length ? worker.postMessage({ ...steps[step], id: ++step }) : done();
    worker.on('message', (msg: { ready: true } | { ok: boolean; error?: { message: string } }) => {
      if ('ready' in msg || msg.ok) next();
      else failed(new Error(msg.error?.message));
    });
    worker.once('error', failed);
    worker.once('exit', (code) => failed(new Error(`initdb stopped (exit ${code})`)));
  }).finally(() => worker.terminate());
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
