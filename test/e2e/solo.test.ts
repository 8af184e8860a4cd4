// Solo practice in a real browser against a real server: a new on-caller plays dns-hell
// alone to the debrief. The coach explains the screen, offers a hint when they stall; the
// bots are people in the channel: the commander opens and assigns, bots answer questions
// and do what they are told, the comms bot keeps the status page going; closing the tab
// stops the clock; the debrief records the run in this device's history, which the lobby
// shows with what to practise next.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, screenshot, browserSuite, startPractice } from './harness.ts';

const suite = browserSuite();

const channel = (page: Page) => page.getByRole('log', { name: 'Incident channel messages' });

async function say(page: Page, text: string): Promise<void> {
  await page.getByPlaceholder('Message the channel…').fill(text);
  await page.getByPlaceholder('Message the channel…').press('Enter');
}

describe('solo practice that teaches', () => {
  it('takes a trainee through dns-hell with bots that assign, answer and act', async () => {
    const { page, errors, context } = await newPage(suite.browser);
    await startPractice(page, suite.server.url, 'Ines', 'dns-hell', 'ops');
    const controls = page.getByRole('region', { name: 'Practice controls' });

    // First run on this device: the coach explains the screen and the first five minutes.
    const coach = page.getByRole('region', { name: 'Your coach' });
    await coach.getByText('A good first five minutes').waitFor();
    await screenshot(page, 'solo-01-coach');
    await coach.getByRole('button', { name: 'Got it' }).click();
    await page.getByRole('button', { name: 'Coach: how to start' }).waitFor();

    await controls.getByLabel('Speed').selectOption('10');
    // The bot commander takes command and gives the trainee their role.
    await channel(page)
      .getByText(/I am taking incident command\. Ines, you have Platform on-call/)
      .waitFor({ timeout: 30_000 });
    // ... and assigns the comms bot its task, which it takes up.
    await channel(page)
      .getByText('Communications lead (bot): please post an internal update for the whole company.')
      .waitFor({ timeout: 30_000 });
    await channel(page)
      .getByText('On it: post an internal update for the whole company.')
      .waitFor({ timeout: 30_000 });

    // Three virtual minutes without a move: the coach offers a hint.
    const offer = page.getByRole('status', { name: 'Coach offer' });
    await offer.waitFor({ timeout: 30_000 });
    await screenshot(page, 'solo-02-stall-offer');
    await offer.getByRole('button', { name: /Take a hint/ }).click();
    await offer.waitFor({ state: 'detached' });
    await expect(page.getByRole('region', { name: 'Hints' }).textContent()).resolves.toBeTruthy();

    // A direct question gets an answer from what the commander's role can see.
    await say(page, 'IC, what do you see?');
    await channel(page)
      .getByText(/^@Ines (On my screens|Nothing looks abnormal)/)
      .waitFor({
        timeout: 30_000,
      });
    // An instruction is carried out.
    await say(page, 'IC, please page the VP of Engineering.');
    await channel(page)
      .getByText('@Ines On it: page the VP of Engineering.')
      .waitFor({ timeout: 30_000 });

    // The trainee acts too.
    await page
      .getByRole('button', { name: 'Run: Inspect cluster DNS (kube-dns metrics, logs, upstream)' })
      .click();

    // The comms bot keeps the status page going from 17:33 (minute 8).
    const statusPage = page.getByRole('region', { name: 'Status page' });
    await statusPage
      .getByText(/We are aware of/)
      .first()
      .waitFor({ timeout: 60_000 });
    await screenshot(page, 'solo-03-bots-at-work');

    // Closing the tab stops the clock; coming back starts it again where it stopped.
    const drillUrl = page.url();
    await page.close();
    const again = await context.newPage();
    await again.goto(drillUrl);
    await again.getByRole('region', { name: 'Practice controls' }).waitFor({ timeout: 15_000 });
    await again
      .getByRole('log', { name: 'Incident channel messages' })
      .waitFor({ timeout: 15_000 });

    // To the debrief: the run joins this device's history.
    const end = again
      .getByRole('region', { name: 'Practice controls' })
      .getByRole('button', { name: 'End practice' });
    await end.click();
    await again.getByRole('button', { name: 'Confirm: end practice' }).click();
    const history = again.getByRole('region', { name: 'Your practice' });
    await history.waitFor({ timeout: 15_000 });
    await expect(history.getByTestId('practise-next').textContent()).resolves.toMatch(
      /Practise next: DNS hell on lockdown Monday/,
    );
    await screenshot(again, 'solo-04-debrief-history');

    // Replay the drill, and start it again as a new drill from the same scenario and seed.
    const oldId = new URL(again.url()).pathname.split('/').pop()!;
    await again.getByRole('link', { name: 'Replay the drill' }).click();
    const playAgain = again.getByRole('region', { name: 'Play it again' });
    await playAgain.waitFor({ timeout: 15_000 });
    const seed = Number((await playAgain.getByText(/^seed \d+$/).textContent())!.slice(5));
    await screenshot(again, 'solo-05-replay-play-again');
    await playAgain.getByRole('button', { name: 'Practise it again' }).click();
    await again.getByRole('region', { name: 'Practice controls' }).waitFor({ timeout: 15_000 });
    const newId = new URL(again.url()).pathname.split('/').pop()!;
    expect(newId).not.toBe(oldId);
    const control = await again.evaluate(
      (id) => JSON.parse(localStorage.getItem(`firedrill:seats:${id}`)!).control.token as string,
      newId,
    );
    const res = await fetch(`${suite.server.url}/api/drills/${newId}/events`, {
      headers: { authorization: `Bearer ${control}` },
    });
    const { scenarioId, events } = (await res.json()) as {
      scenarioId: string;
      events: { type: string; seed?: number }[];
    };
    expect(scenarioId).toBe('dns-hell');
    expect(events[0]).toMatchObject({ type: 'created', seed, solo: true });

    // The lobby shows the history too (the layout is at least 1024 px wide).
    for (const width of [1440, 1024]) {
      await again.setViewportSize({ width, height: 900 });
      await again.goto(`${suite.server.url}/`);
      await again.getByRole('region', { name: 'Your practice' }).waitFor();
      await screenshot(again, `solo-06-lobby-history-${width}`);
    }
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
