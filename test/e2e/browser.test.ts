// The browsers the end-to-end tests drive: the npm-packaged Chromium starts on a machine
// where nobody installed one, two people in one browser never share storage, and a browser
// that cannot start is a failure that says what was tried.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserChoice, launchBrowser, SYSTEM_CHROMIUM, type BrowserChoice } from './harness.ts';

let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><title>storage</title>');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
});

// The packaged browser always; the system one too where it is installed.
const choices: BrowserChoice[] = existsSync(SYSTEM_CHROMIUM) ? ['bundled', 'system'] : ['bundled'];

describe.each(choices)('the %s browser', (choice) => {
  it('starts, and gives two contexts separate storage', async () => {
    const browser = await launchBrowser({ choice });
    try {
      const one = await (await browser.newContext()).newPage();
      const two = await (await browser.newContext()).newPage();
      await one.goto(origin);
      await two.goto(origin);
      await one.evaluate(() => localStorage.setItem('firedrill:seat', 'one'));
      expect(await one.evaluate(() => localStorage.getItem('firedrill:seat'))).toBe('one');
      expect(await two.evaluate(() => localStorage.getItem('firedrill:seat'))).toBeNull();
      await two.evaluate(() => localStorage.setItem('firedrill:seat', 'two'));
      expect(await one.evaluate(() => localStorage.getItem('firedrill:seat'))).toBe('one');
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe('a browser that cannot start', () => {
  it('fails, naming what was tried', async () => {
    const missing = '/nonexistent/chromium';
    await expect(launchBrowser({ choice: 'system', systemPath: missing })).rejects.toThrow(
      /no browser could start \(FIREDRILL_BROWSER=system\); tried:\n {2}- \/nonexistent\/chromium: not installed/,
    );
  });

  it("says why a browser that is there did not start, in the browser's own words", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firedrill-browser-'));
    const broken = join(dir, 'chromium');
    writeFileSync(
      broken,
      '#!/bin/sh\necho "chromium: error while loading shared libraries: libnss3.so" >&2\nexit 127\n',
      { mode: 0o755 },
    );
    try {
      await expect(launchBrowser({ choice: 'system', systemPath: broken })).rejects.toThrow(
        new RegExp(
          `tried:\\n {2}- ${broken}: browserType\\.launch: .* \\| chromium: error while loading shared libraries: libnss3\\.so$`,
        ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown FIREDRILL_BROWSER', () => {
    expect(() => browserChoice('firefox')).toThrow(/FIREDRILL_BROWSER/);
    expect(browserChoice('')).toBe('auto');
    expect(browserChoice('bundled')).toBe('bundled');
  });
});
