// The drill in real browsers against a real server: a facilitator and three players play
// dns-hell from the lobby to the debrief; a player closes the page mid-drill and comes
// back; nobody's page ever holds another role's secrets; one person practises alone.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseScenarioYaml, type Scenario } from '../../shared/index.ts';
import type { Credential } from '../../shared/protocol.ts';
import { api, newPage, screenshot, browserSuite, startPractice } from './harness.ts';

const scenario: Scenario = (() => {
  const parsed = parseScenarioYaml(
    readFileSync(resolve(import.meta.dirname, '../../scenarios/dns-hell.yaml'), 'utf8'),
  );
  if (!parsed.ok)
    throw new Error(`dns-hell.yaml does not parse: ${JSON.stringify(parsed.issues[0])}`);
  return parsed.scenario;
})();
const action = (id: string) => {
  const a = scenario.actions.find((x) => x.id === id);
  if (!a) throw new Error(`dns-hell has no action "${id}"`);
  return a;
};
const role = (id: string) => scenario.roles.find((r) => r.id === id)!;
const finding = (id: string) => scenario.findings.find((f) => f.id === id)!;

const suite = browserSuite();

async function createDrill(
  page: Page,
  facilitator = 'Fran',
): Promise<{ drillId: string; code: string }> {
  await page.goto(`${suite.server.url}/`);
  await page.fill('#your-name', facilitator);
  await page
    .locator('[data-scenario="dns-hell"]')
    .getByRole('button', { name: /^Create a drill/ })
    .click();
  const code = (await page.getByTestId('join-code').textContent({ timeout: 15_000 }))!.trim();
  const drillId = new URL(page.url()).pathname.split('/').pop()!;
  return { drillId, code };
}

async function join(page: Page, code: string, name: string): Promise<void> {
  await page.goto(`${suite.server.url}/`);
  await page.fill('#join-code', code);
  await page.fill('#join-name', name);
  await page.getByRole('button', { name: 'Join the drill' }).click();
  await page.getByText('Waiting for the facilitator').waitFor();
}

async function assign(fac: Page, name: string, roleId: string): Promise<void> {
  const select = fac.locator(`select[aria-label="Role for ${name}"]`);
  await select.waitFor();
  await select.selectOption(roleId);
  // The timeline confirms the server recorded it.
  await fac.getByText(`${name} plays ${role(roleId).name}`).waitFor();
}

async function start(fac: Page, speed = '10'): Promise<void> {
  await fac.getByRole('button', { name: 'Start drill' }).click();
  await fac.getByRole('button', { name: 'Pause' }).waitFor();
  await fac.selectOption('#speed', speed);
}

const run = (page: Page, id: string) =>
  page.getByRole('button', { name: `Run: ${action(id).label}` }).click();
const actionDone = (page: Page, id: string) =>
  page
    .locator(`[data-action="${id}"]`)
    .filter({ hasText: /done|in progress/ })
    .waitFor({ timeout: 20_000 });

function recordFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => frames.push(String(payload))),
  );
  return frames;
}

describe('a drill in the browser', () => {
  it('runs dns-hell from the lobby to the debrief with a facilitator and three players', async () => {
    const fac = await newPage(suite.browser);
    await fac.page.goto(`${suite.server.url}/`);
    await fac.page.locator('[data-scenario="dns-hell"]').waitFor();
    await screenshot(fac.page, '01-lobby');
    await fac.page.getByRole('button', { name: 'Spin the wheel' }).click();
    await fac.page.getByTestId('wheel-result').waitFor({ timeout: 10_000 });
    await screenshot(fac.page, '02-lobby-wheel');

    const { drillId, code } = await createDrill(fac.page);
    expect(code).toMatch(/^[A-Z0-9-]{4,16}$/);

    const cast = [
      { name: 'Ines', role: 'ic' },
      { name: 'Olek', role: 'ops' },
      { name: 'Chiara', role: 'comms' },
    ];
    const players = new Map<string, Page>();
    for (const p of cast) {
      // Communications works on the narrowest screen we support.
      const { page } = await newPage(suite.browser, p.role === 'comms' ? 1280 : 1440);
      await join(page, code, p.name);
      players.set(p.role, page);
    }
    for (const p of cast) await assign(fac.page, p.name, p.role);
    const ops = players.get('ops')!;
    const ic = players.get('ic')!;
    const comms = players.get('comms')!;
    await ops
      .getByRole('status')
      .filter({ hasText: `You play ${role('ops').name}` })
      .waitFor();
    await screenshot(fac.page, '03-facilitator-lobby');
    await screenshot(ops, '04-player-waiting');

    await start(fac.page);
    await ic.getByRole('heading', { name: 'Your role' }).waitFor();

    // The incident commander opens the task force; the platform engineer digs into DNS
    // from the command palette, then puts the cache in.
    await run(ic, 'open-war-room');
    await actionDone(ic, 'open-war-room');
    await ops.keyboard.press('Control+k');
    await ops.getByRole('combobox', { name: 'Search actions' }).fill('inspect cluster dns');
    // A modal over the viewport: shoot the viewport.
    await screenshot(ops, '05-command-palette', false);
    await ops.keyboard.press('Enter');
    await actionDone(ops, 'inspect-dns');
    await ops.getByText(finding('dns-no-cache').title).waitFor({ timeout: 30_000 });
    const coredns = action('switch-coredns');
    await ops.selectOption(
      `select[aria-label="${coredns.label}: ${coredns.params[0]!.label}"]`,
      'coredns-cache',
    );
    await run(ops, 'switch-coredns');
    await actionDone(ops, 'switch-coredns');

    // Communications keeps customers informed and holds the marketing push.
    const update =
      'We are investigating errors with logins and workouts. Payments are safe. Next update in 10 minutes.';
    await comms.fill('input[aria-label="Post a status-page update"]', update);
    await comms.getByRole('button', { name: 'Publish' }).click();
    await run(comms, 'hold-marketing-push');
    await actionDone(comms, 'hold-marketing-push');
    await ic.fill(
      'input[aria-label="Message the incident channel"]',
      'Task force is open; Olek has DNS.',
    );
    await ic.keyboard.press('Enter');
    await ops.getByText('Task force is open; Olek has DNS.').waitFor();
    // Everyone reads the status page, the facilitator included.
    await fac.page.getByRole('region', { name: 'Status page' }).getByText(update).waitFor();
    await comms.getByRole('region', { name: 'Status page' }).getByText(update).waitFor();

    await screenshot(ops, '06-player-ops');
    await screenshot(ic, '07-player-ic');
    await screenshot(comms, '08-player-comms');
    await screenshot(fac.page, '09-facilitator-running');

    // The role lens shows the facilitator exactly what one role sees.
    await fac.page.selectOption('#lens', 'ops');
    const lens = fac.page.getByTestId('role-lens');
    await lens.getByText(finding('dns-no-cache').title).waitFor({ timeout: 15_000 });
    expect(await lens.textContent()).toContain(role('ops').brief.slice(0, 60));
    expect(await lens.textContent()).not.toContain(role('ic').brief.slice(0, 60));
    await screenshot(fac.page, '09b-facilitator-role-lens');
    await fac.page.selectOption('#lens', '');

    await fac.page.getByRole('button', { name: 'End drill' }).click();
    await fac.page.getByRole('button', { name: 'Confirm: end now' }).click();
    for (const page of [fac.page, ops, ic, comms])
      await page.getByTestId('final-score').waitFor({ timeout: 15_000 });
    const percent = Number(
      (await fac.page.getByTestId('final-score').textContent())!.replace('%', ''),
    );
    expect(percent).toBeGreaterThan(0);
    const warRoom = fac.page.locator('tr', { hasText: action('open-war-room').label }).first();
    const warRoomPoints = scenario.scoring.expected.find(
      (x) => x.action === 'open-war-room',
    )!.points;
    expect(await warRoom.textContent()).toContain(`${warRoomPoints} / ${warRoomPoints}`);
    expect(await fac.page.getByText(scenario.debrief.lessons[0]!).count()).toBeGreaterThan(0);
    await screenshot(fac.page, '10-debrief-facilitator');
    await screenshot(comms, '11-debrief-player');

    // The facilitator downloads the server's postmortem; a player writes one in the suite.browser.
    const href = await fac.page
      .getByRole('link', { name: 'Export postmortem (Markdown)' })
      .getAttribute('href');
    const md = await fetch(`${suite.server.url}${href}`);
    expect(md.status).toBe(200);
    expect(await md.text()).toContain(scenario.title);
    const [download] = await Promise.all([
      comms.waitForEvent('download'),
      comms.getByRole('button', { name: 'Export postmortem (Markdown)' }).click(),
    ]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toContain(`# Postmortem: ${scenario.title}`);
    expect(text).toContain(update);

    // The replay folds the same events in the browser; arrows step through them.
    await fac.page.goto(`${suite.server.url}/replay/${drillId}`);
    const scrubber = fac.page.getByRole('slider', { name: 'Event' });
    await scrubber.waitFor();
    await scrubber.focus();
    await fac.page.keyboard.press('Home');
    expect(await scrubber.inputValue()).toBe('0');
    for (let i = 0; i < 12; i++) await fac.page.keyboard.press('ArrowRight');
    expect(await scrubber.inputValue()).toBe('12');
    await fac.page.selectOption('#replay-seat', 'role:ops');
    await fac.page.keyboard.press('End');
    await fac.page.getByText(role('ops').brief.slice(0, 40)).waitFor();
    await screenshot(fac.page, '12-replay');
    expect(fac.errors).toEqual([]);
  }, 240_000);

  it('resumes a player whose page was closed mid-drill, and catches up after a drop', async () => {
    const fac = await newPage(suite.browser);
    const { drillId, code } = await createDrill(fac.page);
    const ops = await newPage(suite.browser);
    await join(ops.page, code, 'Olek');
    for (const name of ['Ines', 'Chiara'])
      await api<Credential>(suite.server.url, '/api/join', { code, name });
    await assign(fac.page, 'Olek', 'ops');
    await assign(fac.page, 'Ines', 'ic');
    await assign(fac.page, 'Chiara', 'comms');
    await start(fac.page);

    await run(ops.page, 'inspect-dns');
    await actionDone(ops.page, 'inspect-dns');
    await ops.page.close();

    // While Olek is away: an inject meant for him, and his investigation completes.
    const oom = scenario.injects.find((i) => i.id === 'kubedns-oom')!;
    await fac.page.getByRole('button', { name: `Fire inject: ${oom.title}` }).click();
    const oomMessage = (oom.effects.find((e) => 'message' in e) as { message: string }).message;

    const again = await ops.context.newPage();
    await again.goto(`${suite.server.url}/drill/${drillId}`);
    await again.getByText(`you play ${role('ops').name}`).waitFor();
    await again.getByText(oomMessage).waitFor();
    await again.getByText(finding('dns-no-cache').title).waitFor({ timeout: 30_000 });
    expect(await again.locator('[data-action="inspect-dns"]').textContent()).toMatch(/done/);

    // The server drops every socket; a hint revealed meanwhile arrives after the reconnect.
    suite.server.server.io.disconnectSockets(true);
    const host = await suite.server.server.registry.get(drillId);
    const revealed = await host!.submit({ kind: 'facilitator' }, { type: 'revealHint' }, null);
    expect(revealed.ok).toBe(true);
    await again.getByText(scenario.hints[0]!.text.slice(0, 50)).waitFor({ timeout: 20_000 });
    await again.locator('.conn[data-status="live"]').waitFor();
    await screenshot(again, '13-player-resumed');
  }, 180_000);

  it("never puts another role's brief or secret in a player's page", async () => {
    const fac = await newPage(suite.browser);
    const { code } = await createDrill(fac.page);
    const cast = ['ic', 'ops', 'comms'] as const;
    const pages = new Map<string, { page: Page; frames: string[] }>();
    for (const r of cast) {
      const { page } = await newPage(suite.browser);
      const frames = recordFrames(page);
      await join(page, code, `Player-${r}`);
      pages.set(r, { page, frames });
    }
    for (const r of cast) await assign(fac.page, `Player-${r}`, r);
    await start(fac.page);
    const ops = pages.get('ops')!.page;
    await run(ops, 'inspect-dns');
    await ops.getByText(finding('dns-no-cache').title).waitFor({ timeout: 30_000 });

    const secretsOf = (id: string) => {
      const r = role(id);
      return [r.brief, r.secret ?? ''].filter(Boolean).map((text) => text.slice(0, 60));
    };
    for (const [mine, { page, frames }] of pages) {
      const text = (await page.evaluate(() => document.body.textContent ?? '')).replace(
        /\s+/g,
        ' ',
      );
      const wire = frames.join('\n');
      expect(text).toContain(role(mine).brief.slice(0, 60));
      for (const other of scenario.roles.filter((r) => r.id !== mine)) {
        for (const secret of secretsOf(other.id)) {
          expect(text, `${mine} sees ${other.id}'s text`).not.toContain(secret);
          expect(wire, `${mine} was sent ${other.id}'s text`).not.toContain(
            JSON.stringify(secret).slice(1, -1),
          );
        }
      }
    }
    // Ops' own finding stays with ops.
    const icText = await pages.get('ic')!.page.evaluate(() => document.body.textContent ?? '');
    expect(icText).not.toContain(finding('dns-no-cache').title);

    // A removed player is told so, and the seat is gone.
    await fac.page.getByRole('button', { name: 'Remove Player-comms' }).click();
    await fac.page.getByRole('button', { name: 'Remove?' }).click();
    const removed = pages.get('comms')!.page;
    await removed.getByText('Removed from the drill').waitFor({ timeout: 15_000 });
    expect(
      await removed.evaluate(() =>
        Object.keys(localStorage).filter((k) => k.startsWith('firedrill:seats:')),
      ),
    ).toEqual([]);
  }, 180_000);

  it('lets one person practise alone against bots, with the clock in their hands', async () => {
    const { page } = await newPage(suite.browser);
    await startPractice(page, suite.server.url, 'Solo', 'dns-hell', 'ops');
    const controls = page.getByRole('region', { name: 'Practice controls' });
    await controls.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByText('Paused.').waitFor();
    await controls.getByRole('button', { name: /Reveal a hint/ }).click();
    await page.getByText(scenario.hints[0]!.text.slice(0, 50)).waitFor();
    await screenshot(page, '14-solo-practice');
  }, 120_000);
});
