// A solo drill's clock runs only while its player is there: it stops (a real `clockPaused`,
// marked 'away') when their last socket closes and starts again when they come back. A
// pause the trainee chose is theirs: coming back does not undo it. Team drills run on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportedEvents, practise } from '../helpers/api.ts';
import { connect } from '../helpers/client.ts';
import { seatMiniDrill } from '../helpers/seated-drill.ts';
import { bootServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await bootServer();
});
afterAll(async () => {
  await server?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a solo drill whose player leaves', () => {
  it('stops the clock when the tab closes and starts it again when they return', async () => {
    const solo = await practise(server.url, 'ops', 'Ines');
    const control = await connect(server.url, solo.facilitator);
    let tab = await connect(server.url, solo.player);
    expect(await control.send({ type: 'setSpeed', speed: 10 })).toMatchObject({ ok: true });
    await sleep(300);

    tab.close();
    const paused = await control.waitFor((v) => v.drill.status === 'paused');
    expect(paused.timeline.at(-1)?.text).toBe('Clock paused: the player left');
    // The clock stays where it stopped, however long they are away.
    const host = (await server.registry.get(solo.drillId))!;
    const stoppedAt = host.virtualNow();
    await sleep(600);
    expect(host.virtualNow()).toBe(stoppedAt);

    tab = await connect(server.url, solo.player);
    const back = await tab.waitFor((v) => v.drill.status === 'running');
    expect(back.drill.t).toBe(stoppedAt);
    const events = await exportedEvents(server.url, solo.drillId, solo.facilitator.token);
    expect(events.filter((e) => e.type === 'clockPaused')).toEqual([
      { type: 'clockPaused', at: stoppedAt, reason: 'away' },
    ]);
    expect(events.filter((e) => e.type === 'clockResumed')).toHaveLength(1);
    tab.close();
    control.close();
  });

  it('keeps running while a second tab of the player is open', async () => {
    const solo = await practise(server.url, 'ops', 'Ines');
    const control = await connect(server.url, solo.facilitator);
    const one = await connect(server.url, solo.player);
    const two = await connect(server.url, solo.player);
    one.close();
    await sleep(300);
    expect(control.view().drill.status).toBe('running');
    two.close();
    await control.waitFor((v) => v.drill.status === 'paused');
    control.close();
  });

  it('leaves a pause the trainee chose alone when they come back', async () => {
    const solo = await practise(server.url, 'ops', 'Ines');
    const control = await connect(server.url, solo.facilitator);
    let tab = await connect(server.url, solo.player);
    expect(await control.send({ type: 'pause' })).toMatchObject({ ok: true });
    tab.close();
    await sleep(200);
    tab = await connect(server.url, solo.player);
    await sleep(300);
    expect(tab.view().drill.status).toBe('paused');
    expect(tab.view().timeline.filter((e) => e.text.startsWith('Clock paused'))).toHaveLength(1);
    tab.close();
    control.close();
  });
});

describe('a team drill whose player leaves', () => {
  it('runs on: the facilitator decides', async () => {
    const drill = await seatMiniDrill(server, { state: 'running' });
    drill.clients.ops.close();
    await sleep(300);
    expect(drill.clients.facilitator.view().drill.status).toBe('running');
    drill.close();
  });
});
