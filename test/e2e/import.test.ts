// Importing an incident in a real browser: a facilitator opens the import screen from the
// lobby, is told which line of a malformed postmortem to fix, reads a good one's draft beside
// its review, saves it with the authoring key (a wrong key is refused), and runs a drill of it.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureClientBuilt,
  launchBrowser,
  newPage,
  screenshot,
  startTestServer,
  type TestServer,
} from './harness.ts';

const KEY = 'e2e-authoring-key-0123456789';
const fixtures = resolve(import.meta.dirname, '../fixtures/import');
const postmortem = readFileSync(join(fixtures, 'checkout-outage.md'));
const ID = 'checkout-errors-after-the-friday';

let t: TestServer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  await ensureClientBuilt();
  dir = mkdtempSync(join(tmpdir(), 'firedrill-e2e-catalogue-'));
  copyFileSync(
    resolve(import.meta.dirname, '../../scenarios/silent-auth.yaml'),
    join(dir, 'silent-auth.yaml'),
  );
  t = await startTestServer({ SCENARIOS_DIR: dir, AUTHORING_TOKEN: KEY });
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const upload = (page: Page, name: string, buffer: Buffer) =>
  page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/plain', buffer });

describe('importing an incident in the browser', () => {
  it('previews a postmortem beside its review, saves it with the key, and plays it', async () => {
    const { page, errors, context } = await newPage(browser);
    await page.goto(`${t.url}/`);
    await page.getByRole('link', { name: 'Import an incident' }).click();
    await page.getByRole('heading', { name: 'Import an incident' }).waitFor();
    await screenshot(page, 'import-01-empty');

    // A malformed record: the message names the line to fix.
    await upload(
      page,
      'broken.md',
      Buffer.from('# Outage\n\n## Timeline\n\n- 14:02 ann: paged\n- 14:99 bob: looked\n'),
    );
    await expect
      .poll(() => page.getByTestId('import-error').textContent())
      .toContain('Line 6: "14:99" is not a time of day');
    await screenshot(page, 'import-02-malformed');

    await upload(page, 'checkout-outage.md', postmortem);
    const review = page.getByTestId('draft-review');
    await review.getByText(/Valid and playable; \d+ things to enrich/).waitFor();
    await expect.poll(() => review.textContent()).toContain('scores 66.7% and ends in “resolved”');
    const todos = page.getByTestId('to-enrich').locator('li');
    expect(await todos.count()).toBeGreaterThan(3);
    expect(await todos.first().textContent()).toMatch(/^line \d+ TODO:/);
    await expect.poll(() => page.getByTestId('draft-yaml').textContent()).toContain(`id: ${ID}`);

    // A TODO's line button lights its line in the draft.
    const first = todos.first().getByRole('button');
    const line = Number((await first.textContent())!.replace('line ', ''));
    await first.click();
    await expect.poll(() => page.locator(`#yaml-line-${line}`).getAttribute('class')).toBe('lit');
    expect(await page.locator(`#yaml-line-${line}`).textContent()).toContain('TODO');
    await screenshot(page, 'import-03-preview-1440');
    await page.setViewportSize({ width: 1024, height: 900 });
    await screenshot(page, 'import-04-preview-1024');

    // A wrong key is refused and writes nothing; the right one saves the draft.
    const save = page.getByRole('button', { name: /^Save “Checkout errors/ });
    await page.getByTestId('authoring-key').fill('not-the-key-at-all');
    await save.click();
    await expect
      .poll(() => page.getByTestId('save-result').textContent())
      .toContain('Saving needs the authoring key');
    expect(existsSync(join(dir, `${ID}.yaml`))).toBe(false);
    await page.getByTestId('authoring-key').fill(KEY);
    await save.click();
    await expect.poll(() => page.getByTestId('save-result').textContent()).toContain('Saved.');
    expect(await save.isDisabled()).toBe(true);
    expect(existsSync(join(dir, `${ID}.yaml`))).toBe(true);
    expect(existsSync(join(dir, 'playthroughs', `${ID}.real.yaml`))).toBe(true);
    await screenshot(page, 'import-05-saved');

    // The catalogue has it at once, and a drill of it starts.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('link', { name: 'Create a drill from it in the lobby' }).click();
    await page.fill('#your-name', 'Fran');
    await page
      .locator(`[data-scenario="${ID}"]`)
      .getByRole('button', { name: /^Create a drill/ })
      .click();
    await page.getByTestId('join-code').waitFor({ timeout: 15_000 });
    await screenshot(page, 'import-06-drill-of-the-draft');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('offers each incident of a wheel of misfortune as its own draft', async () => {
    const { page, errors, context } = await newPage(browser);
    await page.goto(`${t.url}/import`);
    await upload(page, 'wheel.json', readFileSync(join(fixtures, 'wheel.json')));
    const draftPicker = page.getByLabel('Draft', { exact: true });
    await draftPicker.waitFor();
    expect(await draftPicker.locator('option').allTextContents()).toEqual([
      'Certificate expiry on the API gateway',
      'Disk full on the primary database',
    ]);
    const yaml = page.getByTestId('draft-yaml');
    await expect.poll(() => yaml.textContent()).toContain('id: certificate-expiry-on-the-api');
    await draftPicker.selectOption({ label: 'Disk full on the primary database' });
    await expect.poll(() => yaml.textContent()).toContain('id: disk-full-on-the-primary');
    await page
      .getByTestId('draft-review')
      .getByText(/Valid and playable/)
      .waitFor();
    await screenshot(page, 'import-07-wheel');
    expect(errors).toEqual([]);
    await context.close();
  });
});
