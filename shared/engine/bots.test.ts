// Bots that play like a decent colleague: the commander coordinates, everyone answers what
// they are asked from their own screen, does what they are told, says when they are busy or
// done, at the scenario's skill. Driven here the way the server's host drives them: a tick
// every sample, the bots' moves through `decide` like anyone's.
import { describe, expect, it } from 'vitest';
import { createDrill, type TestDrill } from '../../test/fixtures/drill.ts';
import { bundledScenario, compileMini, miniWith } from '../../test/fixtures/load.ts';
import { botMoves, commanderRole, type Bot } from './bots.ts';
import type { CompiledScenario } from './compile.ts';
import type { DrillEvent } from './events.ts';

const ME = 'p-me';
const mini = compileMini();

/** A solo drill: Ines plays `role`, a bot every other one, the clock started. */
function solo(c: CompiledScenario, role: string, seed = 7): TestDrill {
  const d = createDrill(c, {
    seed,
    solo: true,
    seats: [
      { id: ME, name: 'Ines', role },
      ...c.scenario.roles
        .filter((r) => r.id !== role)
        .map((r) => ({
          id: `bot-${r.id}`,
          name: `${r.name.slice(0, 33)} (bot)`,
          kind: 'bot' as const,
          role: r.id,
        })),
    ],
  });
  d.start();
  return d;
}

const botsOf = (d: TestDrill): Bot[] =>
  Object.values(d.state.participants)
    .filter((p) => p.kind === 'bot' && p.role !== null)
    .map((p) => ({ participantId: p.id, role: p.role! }));

/** Runs the clock to `minute` in 30-second ticks, the bots moving at each, as the host does. */
function run(d: TestDrill, minute: number): void {
  while (d.state.t < minute * 60 && d.state.status === 'running') {
    d.advance(Math.min(minute, d.state.t / 60 + 0.5));
    const humans = Object.values(d.state.participants)
      .filter((p) => p.kind === 'player' && p.role !== null)
      .map((p) => p.role!);
    for (const move of botMoves(d.c, d.state, botsOf(d), humans))
      d.act({ kind: 'player', participantId: move.participantId }, move.command);
  }
}

const said = (d: TestDrill, by: string) =>
  d.state.channel
    .filter((m) => m.from.kind === 'player' && m.from.participantId === by)
    .map((m) => m.text);
const actionsBy = (d: TestDrill, by: string) =>
  d.state.actions.filter((a) => a.participantId === by).map((a) => a.action);

describe('the bot incident commander', () => {
  it('opens the incident, assigns the ops bot its next step, and ops acts only once assigned', () => {
    const d = solo(mini, 'comms');
    run(d, 1);
    expect(said(d, 'bot-ops')).toEqual([]);
    run(d, 12);
    const ic = said(d, 'bot-ic');
    expect(ic[0]).toMatch(/^I am taking incident command\. Ines, you have Comms/);
    const assigned = d.state.channel.find((m) => m.text === 'Ops (bot): please inspect the cache.');
    const inspected = d.state.actions.find((a) => a.action === 'inspect-cache');
    expect(assigned).toBeDefined();
    expect(inspected?.participantId).toBe('bot-ops');
    expect(inspected!.at).toBeGreaterThan(assigned!.t);
    // The fix needs the finding: it is assigned only once the cache has been inspected.
    const warm = d.state.channel.find((m) => m.text === 'Ops (bot): please warm the cache.');
    expect(warm!.t).toBeGreaterThanOrEqual(inspected!.completedAt!);
    expect(actionsBy(d, 'bot-ops')).toEqual(['ack', 'inspect-cache', 'warm-cache']);
    // Every assignment is acknowledged in the channel, whatever the chattiness.
    expect(said(d, 'bot-ops')).toEqual(
      expect.arrayContaining(['On it: inspect the cache (about 1 min).', 'On it: warm the cache.']),
    );
    expect(d.state.phase).toMatch(/mitigated|resolved/);
  });

  it('asks a silent trainee for an update, and not again while they talk', () => {
    const d = solo(mini, 'ops');
    run(d, 7);
    const asks = said(d, 'bot-ic').filter((t) => t.startsWith('@Ines where are we'));
    expect(asks).toHaveLength(1);
    d.must(ME, { type: 'postMessage', text: 'Latency is climbing, looking at the cache.' });
    run(d, 10);
    expect(said(d, 'bot-ic').filter((t) => t.startsWith('@Ines where are we'))).toHaveLength(1);
    run(d, 13);
    expect(said(d, 'bot-ic').filter((t) => t.startsWith('@Ines where are we'))).toHaveLength(2);
  });

  it('is the scenario’s commander when named, else the "ic" or "... commander" role', () => {
    expect(commanderRole(mini)).toBe('ic');
    expect(commanderRole(miniWith((s) => (s.practice = { commander: 'ops' })))).toBe('ops');
  });
});

describe('a bot asked a question', () => {
  it('answers from what its role sees: readings and log lines, never a brief or a secret', () => {
    const d = solo(mini, 'ic');
    run(d, 4);
    d.must(ME, { type: 'postMessage', text: 'Ops, what is the API latency doing?' });
    run(d, 4.5);
    const answer = said(d, 'bot-ops').find((t) => t.startsWith('@Ines'));
    expect(answer).toMatch(/^@Ines API latency is at [\d.]+ ms \(it was [\d.]+ ms\)/);
    expect(answer).not.toMatch(/SECRET/);
  });

  it('says it is busy, with what and for how long, and names its finding when done', () => {
    const d = solo(mini, 'ic');
    run(d, 1);
    // Ops takes a minute to inspect the cache once it reacts.
    let at = d.minute;
    while (!d.state.actions.some((a) => a.action === 'inspect-cache')) run(d, (at += 0.5));
    d.must(ME, { type: 'postMessage', text: '@ops status?' });
    run(d, d.minute + 0.5);
    expect(said(d, 'bot-ops').find((t) => t.startsWith('@Ines'))).toMatch(
      /I'm busy with inspect the cache, about 1 min left\./,
    );
    run(d, d.minute + 2);
    const done = said(d, 'bot-ops').find((t) => t.startsWith('Done: inspect the cache.'));
    expect(done).toBe('Done: inspect the cache. I found: Cache is empty.');
    expect(said(d, 'bot-ops').join('\n')).not.toContain('OPS-FINDING-SECRET');
  });

  it('answers once per question, and a question to nobody falls to one bot', () => {
    const d = solo(mini, 'ic');
    run(d, 3);
    d.must(ME, { type: 'postMessage', text: 'Anyone seeing errors?' });
    run(d, 6);
    const answers = d.state.channel.filter((m) => m.text.startsWith('@Ines'));
    expect(answers).toHaveLength(1);
  });
});

describe('a bot told what to do', () => {
  it('does it when its role can, and says why not when it cannot yet', () => {
    const d = solo(mini, 'ic', 3);
    run(d, 0.9);
    d.must(ME, { type: 'postMessage', text: 'Ops, warm the cache please.' });
    run(d, 1.5);
    expect(said(d, 'bot-ops').at(-1)).toBe(
      "@Ines I can't warm the cache yet: You do not know what is wrong yet.",
    );
    // Ops is inspecting the cache by now: it says so, and checks the disks once free.
    d.must(ME, { type: 'postMessage', text: 'Ops: check the disks.' });
    run(d, 2);
    expect(said(d, 'bot-ops').at(-1)).toBe(
      "@Ines I'm busy with inspect the cache, about 1 min left. Next: check the disks.",
    );
    expect(actionsBy(d, 'bot-ops')).toEqual(['inspect-cache']);
    run(d, 4);
    expect(actionsBy(d, 'bot-ops').slice(0, 2)).toEqual(['inspect-cache', 'check-disk']);
    d.must(ME, { type: 'postMessage', text: 'Ops, please restart the API.' });
    run(d, d.minute + 0.5);
    expect(said(d, 'bot-ops').at(-1)).toBe('@Ines On it: restart a service.');
    expect(d.state.actions.at(-1)).toMatchObject({ action: 'restart', params: { service: 'api' } });
  });

  it('asks which one when the instruction leaves a choice open', () => {
    const d = solo(mini, 'ic');
    run(d, 1);
    d.must(ME, { type: 'postMessage', text: 'Ops, restart a service.' });
    run(d, 1.5);
    expect(said(d, 'bot-ops').at(-1)).toBe('@Ines Which service: API or Cache?');
  });
});

describe('the skill of the bots', () => {
  const sameMoves = (a: DrillEvent[], b: DrillEvent[]) => expect(a).toEqual(b);

  it('plays the same drill the same way from the same seed', () => {
    const one = solo(mini, 'comms', 11);
    const two = solo(mini, 'comms', 11);
    run(one, 15);
    run(two, 15);
    sameMoves(one.events, two.events);
  });

  it('reacts later with a longer delay', () => {
    const firstMove = (delay: number) => {
      const d = solo(
        miniWith((s) => (s.practice = { bots: { delay } })),
        'ic',
      );
      run(d, 20);
      return d.state.actions.find((a) => a.participantId === 'bot-ops')!.at;
    };
    expect(firstMove(1)).toBeLessThan(firstMove(4));
    expect(firstMove(4)).toBeGreaterThanOrEqual(120);
  });

  it('makes one harmful move with mistakes: 1 and none with mistakes: 0', () => {
    const harmful = (mistakes: number) => {
      const d = solo(
        miniWith((s) => (s.practice = { bots: { mistakes } })),
        'ic',
      );
      run(d, 20);
      return d.state.actions.filter((a) => a.harmful.length > 0).map((a) => a.action);
    };
    expect(harmful(0)).toEqual([]);
    expect(harmful(1)).toHaveLength(1);
  });

  it('announces what it takes up itself only as often as its chattiness says', () => {
    const announced = (chattiness: number) => {
      const d = solo(
        miniWith((s) => (s.practice = { bots: { chattiness } })),
        'ic',
      );
      run(d, 15);
      return said(d, 'bot-ops').filter((t) => t.startsWith('On it:'));
    };
    expect(announced(0)).toEqual([]);
    expect(announced(1)).toEqual([
      'On it: inspect the cache (about 1 min).',
      'On it: warm the cache.',
    ]);
  });
});

describe('eight virtual minutes of DNS hell', () => {
  const dns = bundledScenario('dns-hell');
  const trainee = dns.scenario.roles.find((r) => r.id !== commanderRole(dns))!;

  it('has the bots coordinate, act and answer the trainee', () => {
    const d = solo(dns, trainee.id);
    run(d, 3);
    d.must(ME, { type: 'postMessage', text: 'Is anyone else seeing DNS errors?' });
    run(d, 8);
    const commander = `bot-${commanderRole(dns)}`;
    const fromBots = d.state.channel.filter(
      (m) => m.from.kind === 'player' && m.from.participantId.startsWith('bot-'),
    );
    expect(said(d, commander)[0]).toMatch(/^I am taking incident command\./);
    expect(fromBots.some((m) => m.text.startsWith('@Ines '))).toBe(true);
    expect(
      d.state.actions.filter((a) => a.participantId.startsWith('bot-')).length,
    ).toBeGreaterThan(0);
    expect(fromBots.length).toBeGreaterThanOrEqual(4);
  });
});

describe('what bots tell, in every bundled scenario and from every seat', () => {
  const ids = [
    'datacenter-fire',
    'silent-auth',
    'dns-hell',
    'exec-escalation',
    'operations-hell-week',
  ];

  it('answers every question put to a bot, and never says a brief, a secret or a finding text', () => {
    for (const id of ids) {
      const c = bundledScenario(id);
      const secrets = [
        ...c.scenario.roles.flatMap((r) => [r.brief, r.secret ?? '']),
        ...c.scenario.findings.map((f) => f.text),
      ].filter((text) => text.length > 0);
      for (const trainee of c.scenario.roles) {
        const d = solo(c, trainee.id);
        const bots = c.scenario.roles.filter((r) => r.id !== trainee.id);
        for (
          let minute = 2, i = 0;
          minute <= 20 && d.state.status === 'running';
          minute += 3, i++
        ) {
          run(d, minute);
          d.must(ME, {
            type: 'postMessage',
            text: `${bots[i % bots.length]!.name}, what do you see?`,
          });
        }
        run(d, 21);
        const asked = said(d, ME).length;
        const fromBots = d.state.channel.filter(
          (m) => m.from.kind === 'player' && m.from.participantId.startsWith('bot-'),
        );
        const where = `${id} as ${trainee.id}`;
        expect(fromBots.filter((m) => m.text.startsWith('@Ines ')).length, where).toBe(asked);
        for (const m of fromBots)
          for (const secret of secrets) expect(m.text, where).not.toContain(secret);
      }
    }
  });
});
