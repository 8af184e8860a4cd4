// Keyboard-only play: a player joins, investigates, talks and acts through a whole drill
// without a pointer, with the focus visible wherever it lands.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Credential } from '../../shared/protocol.ts';
import { api, newPage, screenshot, browserSuite } from './harness.ts';

const suite = browserSuite();

/**
 * Presses Tab until the focused element matches `selector` (at most `max` times), and
 * checks that the focus can be seen there.
 */
async function tabTo(page: Page, selector: string, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const state = await page.evaluate((sel) => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || !el.matches(sel)) return null;
      const style = getComputedStyle(el);
      return { outline: style.outlineStyle, width: style.outlineWidth, shadow: style.boxShadow };
    }, selector);
    if (state) {
      const visible =
        (state.outline !== 'none' && state.width !== '0px') || state.shadow !== 'none';
      expect(visible, `the focus on ${selector} cannot be seen`).toBe(true);
      return;
    }
  }
  throw new Error(`${max} presses of Tab never reached ${selector}`);
}

describe('keyboard-only play', () => {
  it('lets a player join, act, talk and reach the debrief without a pointer', async () => {
    // The facilitator's side is set up directly: this test is about the player.
    const fac = await newPage(suite.browser);
    await fac.page.goto(`${suite.server.url}/`);
    await fac.page.fill('#your-name', 'Fran');
    await fac.page
      .locator('[data-scenario="silent-auth"]')
      .getByRole('button', { name: /^Create a drill/ })
      .click();
    const code = (await fac.page.getByTestId('join-code').textContent({ timeout: 15_000 }))!.trim();

    const { page, errors } = await newPage(suite.browser, 1024);
    await page.goto(`${suite.server.url}/`);
    await page.locator('[data-scenario="silent-auth"]').waitFor();
    await tabTo(page, '#join-code');
    await page.keyboard.type(code.toLowerCase());
    await tabTo(page, '#join-name', 3);
    await page.keyboard.type('Kim');
    await page.keyboard.press('Enter');
    await page.getByText('Waiting for the facilitator').waitFor();

    for (const name of ['Ines', 'Dana', 'Sam'])
      await api<Credential>(suite.server.url, '/api/join', { code, name });
    for (const [name, role] of [
      ['Kim', 'ops'],
      ['Ines', 'ic'],
      ['Dana', 'dev'],
      ['Sam', 'support'],
    ] as const) {
      const select = fac.page.locator(`select[aria-label="Role for ${name}"]`);
      await select.waitFor();
      await select.selectOption(role);
    }
    await fac.page.getByRole('button', { name: 'Start drill' }).click();
    await fac.page.getByRole('button', { name: 'Pause' }).waitFor();
    await fac.page.selectOption('#speed', '2'); // a one-minute action lasts 30 s
    await page.getByRole('heading', { name: 'Your role' }).waitFor();

    // The command palette: "log" singles out reading the app log, and Enter runs it.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('log');
    await page.keyboard.press('Enter');
    await page
      .locator('[data-action="tail-app-log"]')
      .filter({ hasText: /done|in progress/ })
      .waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-action="reproduce-login"]').textContent()).not.toMatch(
      /done|in progress/,
    );
    // The palette shows it busy, with when it will be done.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('app log');
    const busy = page.locator('[role="option"][aria-busy="true"]');
    await busy.filter({ hasText: 'Read the app log' }).waitFor();
    expect(await busy.textContent()).toMatch(/running, done at T\+\d\d:\d\d/);
    await page.keyboard.press('Escape');

    // An ambiguous query is not a command: Enter asks, the arrows choose, Enter runs.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('review');
    await page.keyboard.press('Enter');
    await page
      .locator('#palette-hint')
      .filter({ hasText: /choose one/ })
      .waitFor();
    expect(await page.getByRole('dialog', { name: 'Command palette' }).count()).toBe(1);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Command palette' }).waitFor({ state: 'detached' });

    // A Run button reached with Tab, pressed with Enter.
    await tabTo(page, 'button[aria-label^="Run: Graph new sessions"]', 200);
    await page.keyboard.press('Enter');
    await page
      .locator('[data-action="graph-sessions"]')
      .filter({ hasText: /done|in progress/ })
      .waitFor({ timeout: 20_000 });

    // The channel, by keyboard.
    await tabTo(page, 'input[aria-label="Message the incident channel"]', 200);
    await page.keyboard.type('Kim here: app log is all 200s, graphing sessions now.');
    await page.keyboard.press('Enter');
    await fac.page.getByText('Kim here: app log is all 200s').waitFor();
    await screenshot(page, 'keyboard-player-console');

    await fac.page.getByRole('button', { name: 'End drill' }).click();
    await fac.page.getByRole('button', { name: 'Confirm: end now' }).click();
    await page.getByTestId('final-score').waitFor({ timeout: 15_000 });
    // The debrief's own controls are reachable too.
    await tabTo(page, 'button, a[href]', 10);
    await screenshot(page, 'keyboard-player-debrief');
    expect(errors).toEqual([]);
  }, 240_000);
});
