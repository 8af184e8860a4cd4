// Everyone can use it: every screen, at the widths people use (a phone, a tablet, a laptop,
// a desktop), has no serious or critical WCAG 2 A/AA violation that axe finds, does not
// scroll sideways, and saves a screenshot to look at.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { horizontalOverflow, seriousViolations } from './a11y.ts';
import { api, newPage, screenshot, browserSuite } from './harness.ts';
import type { Credential } from '../../shared/protocol.ts';

const suite = browserSuite();

const WIDTHS = [1440, 1024, 768, 390] as const;

/** Checks the page at each width: axe, no sideways scrolling, and a screenshot. */
async function check(page: Page, name: string, widths: readonly number[] = WIDTHS) {
  const problems: string[] = [];
  for (const width of widths) {
    await page.setViewportSize({ width, height: width < 800 ? 844 : 900 });
    await page.waitForTimeout(150); // a frame for layout and charts to follow
    for (const v of await seriousViolations(page)) problems.push(`${name} @${width}: ${v}`);
    for (const o of await horizontalOverflow(page))
      problems.push(`${name} @${width}: scrolls sideways: ${o}`);
    await screenshot(page, `a11y-${name}-${width}`);
    // What a phone or tablet shows first, at its real size.
    if (width < 800) await screenshot(page, `a11y-${name}-${width}-first-screen`, false);
  }
  return problems;
}

describe('every screen, for everyone', () => {
  it('has no serious accessibility violation and fits a phone, from the lobby to the replay', async () => {
    const problems: string[] = [];
    const fac = await newPage(suite.browser);
    await fac.page.goto(`${suite.server.url}/`);
    await fac.page.locator('[data-scenario="silent-auth"]').waitFor();
    problems.push(...(await check(fac.page, 'lobby')));

    // A phone joins through the form, which is on screen without scrolling sideways.
    await fac.page.setViewportSize({ width: 1440, height: 900 });
    await fac.page.fill('#your-name', 'Fran');
    await fac.page
      .locator('[data-scenario="silent-auth"]')
      .getByRole('button', { name: /^Create a drill/ })
      .click();
    const code = (await fac.page.getByTestId('join-code').textContent({ timeout: 15_000 }))!.trim();
    const drillId = new URL(fac.page.url()).pathname.split('/').pop()!;

    const phone = await newPage(suite.browser, 390);
    await phone.page.goto(`${suite.server.url}/`);
    const codeBox = await phone.page.locator('#join-code').boundingBox();
    if (!codeBox || codeBox.x + codeBox.width > 390)
      problems.push(
        `join form @390: the join-code field ends at ${codeBox && codeBox.x + codeBox.width}`,
      );
    await phone.page.fill('#join-code', code);
    await phone.page.fill('#join-name', 'Omar');
    await phone.page.getByRole('button', { name: 'Join the drill' }).click();
    await phone.page.getByText('Waiting for the facilitator').waitFor();
    for (const name of ['Ines', 'Dana', 'Sam'])
      await api<Credential>(suite.server.url, '/api/join', { code, name });
    problems.push(...(await check(phone.page, 'player-waiting', [390, 768])));

    const assign = async (name: string, roleId: string) => {
      const select = fac.page.locator(`select[aria-label="Role for ${name}"]`);
      await select.waitFor();
      await select.selectOption(roleId);
    };
    await assign('Omar', 'ops');
    await assign('Ines', 'ic');
    await assign('Dana', 'dev');
    await assign('Sam', 'support');
    problems.push(...(await check(fac.page, 'facilitator-lobby', [1440, 1024, 390])));

    await fac.page.setViewportSize({ width: 1440, height: 900 });
    await fac.page.getByRole('button', { name: 'Start drill' }).click();
    await fac.page.getByRole('button', { name: 'Pause' }).waitFor();
    await fac.page.selectOption('#speed', '10');
    await phone.page.getByRole('heading', { name: 'Your role' }).waitFor();
    await phone.page
      .getByRole('button', { name: 'Run: Read the app log on the web servers' })
      .click();
    await phone.page.waitForTimeout(3000); // some chart samples, an action under way
    problems.push(...(await check(phone.page, 'player-console')));
    // On the phone (the last width checked), what a player does comes right after the brief.
    const top = async (name: string) =>
      (await phone.page.getByRole('region', { name, exact: true }).boundingBox())!.y;
    expect(await top('Your role')).toBeLessThan(await top('Actions'));
    expect(await top('Actions')).toBeLessThan(await top('Findings'));
    expect(await top('Incident channel')).toBeLessThan(await top('System map'));
    problems.push(...(await check(fac.page, 'facilitator-running', [1440, 1024, 768, 390])));

    await phone.page.setViewportSize({ width: 1440, height: 900 });
    await phone.page.keyboard.press('Control+k');
    await phone.page.getByRole('combobox', { name: 'Search actions' }).fill('log');
    problems.push(...(await check(phone.page, 'command-palette', [1440, 390])));
    await phone.page.keyboard.press('Escape');

    await fac.page.setViewportSize({ width: 1440, height: 900 });
    await fac.page.getByRole('button', { name: 'End drill' }).click();
    await fac.page.getByRole('button', { name: 'Confirm: end now' }).click();
    await fac.page.getByTestId('final-score').waitFor({ timeout: 15_000 });
    await phone.page.getByTestId('final-score').waitFor({ timeout: 15_000 });
    problems.push(...(await check(fac.page, 'debrief-facilitator', [1440, 1024, 390])));
    problems.push(...(await check(phone.page, 'debrief-player')));

    await fac.page.goto(`${suite.server.url}/replay/${drillId}`);
    await fac.page.getByRole('slider', { name: 'Event' }).waitFor();
    problems.push(...(await check(fac.page, 'replay', [1440, 1024, 390])));

    expect(problems).toEqual([]);
    expect(fac.errors).toEqual([]);
    expect(phone.errors).toEqual([]);
  }, 300_000);
});
