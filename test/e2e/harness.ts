// End-to-end harness: builds the client when dist/ is missing or older than its sources,
// boots a real server on an ephemeral port with a throwaway data directory, and launches
// Chromium: Debian's when it is installed, else the one inside the @sparticuz/chromium npm
// package (FIREDRILL_BROWSER=system|bundled forces one). A browser that cannot start fails
// the test; it is never skipped.
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';

const root = resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = join(root, 'test-results', 'screenshots');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (
      entry.name === 'node_modules' ||
      entry.name.endsWith('.test.ts') ||
      entry.name.endsWith('.test.tsx')
    )
      continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Builds the client unless dist/ is newer than everything it is built from. */
export async function ensureClientBuilt(): Promise<void> {
  let built = 0;
  try {
    built = statSync(join(root, 'dist', 'index.html')).mtimeMs;
  } catch {
    built = 0;
  }
  const sources = Math.max(
    newest(join(root, 'client')),
    newest(join(root, 'shared')),
    statSync(join(root, 'vite.config.ts')).mtimeMs,
  );
  if (built > sources) return;
  // A separate process: inside the test runner NODE_ENV is "test", which would bundle
  // React's development build.
  const vite = join(
    dirname(createRequire(import.meta.url).resolve('vite/package.json')),
    'bin',
    'vite.js',
  );
  await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export interface TestServer {
  url: string;
  server: RunningServer;
  close(): Promise<void>;
}

/** A real server for the browser tests; `env` overrides the configuration (SCENARIOS_DIR...). */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'firedrill-e2e-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SCENARIOS_DIR: join(root, 'scenarios'),
    CLIENT_DIR: join(root, 'dist'),
    LOG_LEVEL: 'silent',
    JOIN_ATTEMPTS_PER_MINUTE: '1000',
    DRILLS_PER_MINUTE: '1000',
    COMMANDS_PER_SECOND: '200',
    ...env,
  });
  const server = await startServer({ config });
  return {
    url: `http://127.0.0.1:${server.port}`,
    server,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, preferred when it is installed. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Our own flags. Not @sparticuz/chromium's defaults: its `--single-process` makes browser
 * contexts share storage, so two people in one test would share a seat. Playwright gives
 * every launch a fresh user-data-dir and every context its own storage.
 */
export const BROWSER_ARGS = [
  '--no-sandbox', // containers run as root, without user namespaces
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type BrowserChoice = 'auto' | 'system' | 'bundled';

export function browserChoice(value = process.env.FIREDRILL_BROWSER): BrowserChoice {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === 'system' || value === 'bundled') return value;
  throw new Error(`FIREDRILL_BROWSER must be "system", "bundled" or "auto", not "${value}"`);
}

/**
 * Unpacks the npm-packaged Chromium once per version into the temporary directory, and
 * returns its path. It unpacks into a staging directory renamed into place when complete,
 * so two test processes never launch a half-written binary.
 */
export async function bundledChromium(): Promise<string> {
  const require = createRequire(import.meta.url);
  // The package exports no package.json; find it from its entry point.
  let dir = dirname(require.resolve('@sparticuz/chromium'));
  const manifest = (at: string): { name?: string; version?: string } =>
    existsSync(join(at, 'package.json'))
      ? (JSON.parse(readFileSync(join(at, 'package.json'), 'utf8')) as object)
      : {};
  while (manifest(dir).name !== '@sparticuz/chromium' && dirname(dir) !== dir) dir = dirname(dir);
  const version = manifest(dir).version;
  if (!version) throw new Error(`cannot find the version of @sparticuz/chromium from ${dir}`);
  const target = join(tmpdir(), `firedrill-chromium-${version}`);
  const executable = join(target, 'chromium');
  if (existsSync(executable)) return executable;
  const staging = mkdtempSync(join(tmpdir(), 'firedrill-chromium-unpacking-'));
  const { default: packaged } = await import('@sparticuz/chromium');
  // It unpacks into os.tmpdir(), which follows TMPDIR.
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = staging;
  try {
    await packaged.executablePath();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  try {
    renameSync(staging, target);
  } catch (e) {
    // Another process got there first; use its copy.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(executable)) throw e;
  }
  return executable;
}

/**
 * Launches the system Chromium if present (unless `bundled` is asked for), else the
 * packaged one; throws, naming everything it tried, when none starts.
 */
export async function launchBrowser(
  opts: { choice?: BrowserChoice; systemPath?: string } = {},
): Promise<Browser> {
  const choice = opts.choice ?? browserChoice();
  const systemPath = opts.systemPath ?? SYSTEM_CHROMIUM;
  const tried: string[] = [];
  const start = (executablePath: string) =>
    chromium.launch({ executablePath, args: BROWSER_ARGS, headless: true });
  // Playwright's first line, and what the browser itself printed on stderr (a missing
  // shared library, a crash), which is usually the actual reason.
  const why = (e: unknown) => {
    const lines = (e instanceof Error ? e.message : String(e)).split('\n');
    const own = lines
      .filter((l) => /^\[pid=\d+\]\[err\]/.test(l))
      .map((l) => l.replace(/^\[pid=\d+\]\[err\]\s*/, ''));
    return [lines[0], ...new Set(own)].slice(0, 4).join(' | ');
  };

  if (choice !== 'bundled') {
    if (existsSync(systemPath)) {
      try {
        return await start(systemPath);
      } catch (e) {
        tried.push(`${systemPath}: ${why(e)}`);
      }
    } else tried.push(`${systemPath}: not installed`);
  }
  if (choice !== 'system') {
    let path = 'the @sparticuz/chromium package';
    try {
      path = await bundledChromium();
      return await start(path);
    } catch (e) {
      tried.push(`${path}: ${why(e)}`);
    }
  }
  throw new Error(
    `no browser could start (FIREDRILL_BROWSER=${choice}); tried:\n${tried.map((t) => `  - ${t}`).join('\n')}`,
  );
}

export async function newPage(
  browser: Browser,
  width = 1440,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // The sticky top bar would otherwise be drawn where the page happens to be scrolled.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

export async function api<T>(base: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(base + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * The usual browser suite: builds the client if needed, boots a server and a browser before
 * the file's tests, closes both after them. The getters read what the hooks made.
 */
export function browserSuite(env?: Parameters<typeof startTestServer>[0]): {
  readonly server: TestServer;
  readonly browser: Browser;
} {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startTestServer(env);
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the test server is not up yet');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not up yet');
      return browser;
    },
  };
}

/** From the lobby: practise a scenario alone in a role, and wait for the practice controls. */
export async function startPractice(
  page: Page,
  url: string,
  name: string,
  scenario: string,
  role: string,
): Promise<void> {
  await page.goto(`${url}/`);
  await page.fill('#your-name', name);
  const card = page.locator(`[data-scenario="${scenario}"]`);
  await card.getByRole('button', { name: /^Practise alone/ }).click();
  await card.getByRole('combobox', { name: /Your role/ }).selectOption(role);
  await card.getByRole('button', { name: 'Start practice' }).click();
  await page.getByRole('region', { name: 'Practice controls' }).waitFor({ timeout: 15_000 });
}
