// The facilitator runs the room, in real browsers against a real server: players join from a
// phone through the join link (or its QR code), a player who lost their session takes their
// own seat back with a seat code, the facilitator speaks as a character and passes a rubric
// item by hand, and both show in the debrief and the export; the room screen shows the clock,
// the channel and nothing secret. Screenshots at 1440, 1024 and 390 px.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseScenarioYaml, type Scenario } from '../../shared/index.ts';
import { newPage, screenshot, browserSuite } from './harness.ts';

const scenario: Scenario = (() => {
  const parsed = parseScenarioYaml(
    readFileSync(resolve(import.meta.dirname, '../../scenarios/silent-auth.yaml'), 'utf8'),
  );
  if (!parsed.ok) throw new Error('silent-auth.yaml does not parse');
  return parsed.scenario;
})();
const role = (id: string) => scenario.roles.find((r) => r.id === id)!;

const suite = browserSuite();

/** Screenshots of one page at the three widths we check. */
async function atWidths(page: Page, name: string) {
  for (const width of [1440, 1024, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function joinByLink(page: Page, link: string, name: string) {
  await page.goto(link);
  // The link fills in the code; the name is what is left.
  await page.locator('#join-name').waitFor();
  await page.fill('#join-name', name);
  await page.getByRole('button', { name: 'Join the drill' }).click();
  await page.getByText('Waiting for the facilitator').waitFor();
}

const rosterRow = (fac: Page, name: string) => fac.locator(`tr[data-participant="${name}"]`);

describe('the facilitator runs the room', () => {
  it('joins by link on a phone, gives a seat back, speaks as the world and judges by hand', async () => {
    const fac = await newPage(suite.browser);
    const f = fac.page;
    await f.goto(`${suite.server.url}/`);
    await f.fill('#your-name', 'Fran');
    await f
      .locator('[data-scenario="silent-auth"]')
      .getByRole('button', { name: /^Create a drill/ })
      .click();
    const code = (await f.getByTestId('join-code').textContent({ timeout: 15_000 }))!.trim();
    const drillId = new URL(f.url()).pathname.split('/').pop()!;

    // The join link and its QR code sit beside the code.
    const link = (await f.getByTestId('join-link').textContent({ timeout: 10_000 }))!;
    expect(link).toBe(`${suite.server.url}/join/${code}`);
    await f.getByTestId('join-qr').waitFor();
    await f.getByRole('button', { name: 'Show for the room' }).click();
    await f.getByRole('dialog', { name: 'Join this drill' }).waitFor();
    await screenshot(f, 'fac-01-join-qr-projector', false);
    await f.getByRole('button', { name: 'Close' }).click();

    // Omar joins from a phone through the link; Ines from a laptop.
    const phone = await newPage(suite.browser, 390);
    await phone.page.goto(link);
    await expect(phone.page.locator('#join-code').inputValue()).resolves.toBe(code);
    await screenshot(phone.page, 'fac-02-join-page-390');
    const bodyWidth = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    expect(bodyWidth).toBeLessThanOrEqual(390);
    await joinByLink(phone.page, link, 'Omar');
    const ines = await newPage(suite.browser, 1024);
    await joinByLink(ines.page, link, 'Ines');

    for (const [name, id] of [
      ['Omar', 'ops'],
      ['Ines', 'ic'],
    ] as const) {
      await f.locator(`select[aria-label="Role for ${name}"]`).selectOption(id);
      await f.getByText(`${name} plays ${role(id).name}`).waitFor();
    }
    await rosterRow(f, 'Omar').locator('[data-presence="online"]').waitFor();

    // Omar's phone loses its session (a new browser profile): he is offline, and takes his
    // own seat back with a seat code rather than joining as a second Omar.
    await phone.context.close();
    await rosterRow(f, 'Omar').locator('[data-presence="offline"]').waitFor();
    await screenshot(f, 'fac-03-roster-offline');
    await f.getByRole('button', { name: 'Seat code for Omar' }).click();
    const seatCode = (await f.getByTestId('reclaim-code').locator('strong').textContent())!;
    expect(seatCode).toMatch(/^[A-Z0-9]{8}$/);
    const phone2 = await newPage(suite.browser, 390);
    await phone2.page.goto(`${suite.server.url}/reclaim/${seatCode}`);
    await screenshot(phone2.page, 'fac-04-reclaim-390');
    await phone2.page.getByRole('button', { name: 'Take my seat back' }).click();
    await phone2.page
      .getByRole('status')
      .filter({ hasText: `You play ${role('ops').name}` })
      .waitFor();
    await rosterRow(f, 'Omar').locator('[data-presence="online"]').waitFor();
    await expect(rosterRow(f, 'Omar').count()).resolves.toBe(1);

    await f.getByRole('button', { name: 'Start drill' }).click();
    await f.getByRole('button', { name: 'Pause' }).waitFor();

    // The facilitator speaks as the CEO in the channel; a player's name is refused.
    const voice = f.getByRole('region', { name: 'Speak as the world' });
    await voice.getByLabel('As', { exact: true }).fill('Omar');
    await voice.getByLabel('What they say').fill('I restarted everything.');
    await voice.getByRole('button', { name: 'Post' }).click();
    await f.getByText('That name belongs to a person').waitFor();
    await voice.getByLabel('As', { exact: true }).fill('The CEO');
    await voice.getByLabel('What they say').fill('Customers are calling me. Are we down?');
    await voice.getByRole('button', { name: 'Post' }).click();
    const channel = ines.page.getByRole('log', { name: 'Incident channel messages' });
    await channel.getByText('Customers are calling me. Are we down?').waitFor();
    expect(await channel.textContent()).toContain('The CEO(character)');
    expect(await channel.textContent()).not.toContain('I restarted everything.');

    // The room screen: the clock, the channel, nothing secret.
    await f.getByRole('button', { name: 'Room screen' }).click();
    const roomLink = (await f.getByTestId('room-link').getAttribute('href'))!;
    const room = await newPage(suite.browser);
    await room.page.goto(roomLink);
    await room.page.getByText('Customers are calling me. Are we down?').waitFor();
    await room.page.getByText(/^T\+\d\d:\d\d$/).waitFor();
    const roomText = (await room.page.textContent('body'))!;
    for (const r of scenario.roles) expect(roomText).not.toContain(r.brief.slice(0, 40));
    for (const p of scenario.phases) expect(roomText).not.toContain(p.title);
    await atWidths(room.page, 'fac-05-room-screen');

    // Judgement: pass "Open an incident" by hand, with a reason, and a note.
    const judge = f.getByRole('region', { name: 'Judge a rubric item' });
    await judge.getByLabel('Item').selectOption('opened');
    await judge.getByLabel('Reason (shown in the debrief)').fill('Ines opened it by phone');
    await judge.getByRole('button', { name: 'Pass' }).click();
    await f.getByRole('region', { name: 'Score so far' }).getByText('by hand').waitFor();
    const notes = f.getByRole('region', { name: "Facilitator's notes" });
    await notes.getByLabel('A note for the debrief').fill('Omar froze when the CEO posted');
    await notes.getByRole('button', { name: 'Add note' }).click();
    await notes.getByText('Omar froze when the CEO posted').waitFor();
    await atWidths(f, 'fac-06-console-running');

    await f.getByRole('button', { name: 'End drill' }).click();
    await f.getByRole('button', { name: 'Confirm: end now' }).click();
    await f.getByTestId('final-score').waitFor({ timeout: 15_000 });
    await f.getByTestId('judged').filter({ hasText: 'passed by the facilitator' }).waitFor();
    await f.getByText('Omar froze when the CEO posted').waitFor();
    // Players see the verdict too.
    await ines.page.getByTestId('judged').waitFor({ timeout: 15_000 });
    await atWidths(f, 'fac-07-debrief');

    // The export says both, as the facilitator's.
    const token = await f.evaluate(
      (id) =>
        (
          JSON.parse(localStorage.getItem(`firedrill:seats:${id}`)!) as {
            primary: { token: string };
          }
        ).primary.token,
      drillId,
    );
    const md = await (
      await fetch(`${suite.server.url}/api/drills/${drillId}/export.md`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).text();
    expect(md).toContain('**The CEO (voiced by the facilitator)**: Customers are calling me.');
    expect(md).toContain(
      '- Passed by hand: **Open an incident and assign owners (Incident commander)** (10 / 10): Ines opened it by phone',
    );
    expect(md).toContain('Omar froze when the CEO posted');
    // The room screen never got the debrief.
    expect(await room.page.textContent('body')).not.toContain('Omar froze');

    for (const p of [fac, ines, phone2, room]) expect(p.errors).toEqual([]);
  }, 240_000);
});
