// The facilitator speaks as the world (characters in the channel, free-text injects) and
// judges what the engine cannot (notes, manual verdicts on rubric items).
import { describe, expect, it } from 'vitest';
import { compileMini } from '../../test/fixtures/load.ts';
import { createDrill, MINI_SEATS } from '../../test/fixtures/drill.ts';
import { humanHolding, scenarioCharacters } from './characters.ts';
import { postmortemMarkdown } from './postmortem.ts';
import { createState, fold } from './apply.ts';
import { score } from './score.ts';
import { viewFor } from './view-for.ts';

const mini = compileMini();
const running = () => {
  const d = createDrill(mini, { seats: MINI_SEATS });
  d.start();
  return d;
};
const code = (decision: { ok: boolean; error?: { code: string } }) =>
  decision.ok ? 'ok' : decision.error!.code;

describe('speaking as a character', () => {
  it('posts in the channel as a character, to everyone or to some roles', () => {
    const d = running();
    d.must('facilitator', { type: 'postAs', from: 'The CEO', text: 'Are we down?' }, 1);
    d.must('facilitator', { type: 'postAs', from: 'VP', text: 'Only for IC', to: ['ic'] }, 2);
    const ops = viewFor(mini, d.state, { kind: 'player', role: 'ops' });
    const ic = viewFor(mini, d.state, { kind: 'player', role: 'ic' });
    expect(ops.channel.map((m) => m.text)).toEqual(['Are we down?']);
    expect(ic.channel.map((m) => [m.from, m.text])).toEqual([
      [{ kind: 'npc', name: 'The CEO' }, 'Are we down?'],
      [{ kind: 'npc', name: 'VP' }, 'Only for IC'],
    ]);
  });

  it('never lets a character speak under a name a human holds', () => {
    const d = running();
    for (const name of ['Oscar', 'oscar', ' OSCAR ', 'Ｏｓｃａｒ', 'Sam', 'Facilitator']) {
      const decision = d.act('facilitator', { type: 'postAs', from: name, text: 'I restarted it' });
      expect([name, code(decision)]).toEqual([name, 'NAME_TAKEN']);
      const inject = d.act('facilitator', { type: 'injectText', from: name, text: 'x' });
      expect([name, code(inject)]).toEqual([name, 'NAME_TAKEN']);
    }
    expect(d.state.channel).toEqual([]);
    // A removed player no longer holds their name.
    d.must('facilitator', { type: 'removeParticipant', participantId: 'p-ops' });
    expect(code(d.act('facilitator', { type: 'postAs', from: 'Oscar', text: 'hi' }))).toBe('ok');
  });

  it("refuses the facilitator's own name", () => {
    const state = createState(mini, {
      type: 'created',
      at: 0,
      drillId: 'd',
      scenarioId: 'mini',
      scenarioHash: mini.hash,
      seed: 1,
      facilitator: 'Fran',
      solo: false,
    });
    expect(humanHolding(state, 'fran')).toBe('the facilitator');
    expect(humanHolding(state, 'The CEO')).toBeNull();
  });

  it('refuses unknown roles, the lobby, and an ended drill', () => {
    const lobby = createDrill(mini, { seats: MINI_SEATS });
    expect(code(lobby.act('facilitator', { type: 'postAs', from: 'CEO', text: 'hi' }))).toBe(
      'DRILL_NOT_RUNNING',
    );
    const d = running();
    expect(
      code(d.act('facilitator', { type: 'postAs', from: 'CEO', text: 'hi', to: ['nobody'] })),
    ).toBe('UNKNOWN_ROLE');
    d.must('facilitator', { type: 'end' });
    expect(code(d.act('facilitator', { type: 'postAs', from: 'CEO', text: 'hi' }))).toBe(
      'DRILL_ENDED',
    );
  });

  it('tells players a character spoke, and the debrief that the facilitator voiced it', () => {
    const d = running();
    d.must('facilitator', { type: 'postAs', from: 'The CEO', text: 'Are we down?' }, 1);
    const before = viewFor(mini, d.state, { kind: 'player', role: 'ops' });
    expect(JSON.stringify(before)).not.toContain('byFacilitator');
    expect(JSON.stringify(before.timeline)).not.toContain('The facilitator, as');
    d.must('facilitator', { type: 'end' }, 3);
    const after = viewFor(mini, d.state, { kind: 'player', role: 'ops' });
    expect(after.channel[0]!.from).toEqual({ kind: 'npc', name: 'The CEO', byFacilitator: true });
    expect(postmortemMarkdown(mini, d.state)).toContain(
      '**The CEO (voiced by the facilitator)**: Are we down?',
    );
  });

  it("lists the scenario's characters for the facilitator", () => {
    expect(scenarioCharacters(mini)).toEqual(['A customer', 'VP']);
    const d = running();
    expect(viewFor(mini, d.state, { kind: 'facilitator' }).facilitator!.characters).toEqual([
      'A customer',
      'VP',
    ]);
    expect(viewFor(mini, d.state, { kind: 'player', role: 'ic' }).facilitator).toBeNull();
  });
});

describe('free-text injects', () => {
  it('arrive as reports for their audience only', () => {
    const d = running();
    d.must(
      'facilitator',
      { type: 'injectText', from: 'A reporter', channel: 'email', text: 'Comment?', to: ['comms'] },
      2,
    );
    const comms = viewFor(mini, d.state, { kind: 'player', role: 'comms' });
    const ops = viewFor(mini, d.state, { kind: 'player', role: 'ops' });
    const spectator = viewFor(mini, d.state, { kind: 'spectator' });
    expect(comms.reports).toContainEqual({
      id: 'written-1',
      channel: 'email',
      from: 'A reporter',
      text: 'Comment?',
      at: 120,
    });
    expect(JSON.stringify(ops)).not.toContain('Comment?');
    expect(JSON.stringify(spectator)).not.toContain('Comment?');
    const facilitator = viewFor(mini, d.state, { kind: 'facilitator' });
    expect(facilitator.timeline.map((e) => e.text)).toContain(
      'Inject (written by the facilitator), A reporter: Comment?',
    );
  });
});

describe("the facilitator's judgement", () => {
  it('passes an item the engine failed, and the score follows', () => {
    const d = running();
    const before = score(mini, d.state);
    expect(before.items.find((i) => i.id === 'acked')!.earned).toBe(0);
    d.must(
      'facilitator',
      { type: 'judgeItem', item: 'acked', verdict: 'pass', reason: 'Acked by phone' },
      1,
    );
    const after = score(mini, d.state);
    const acked = after.items.find((i) => i.id === 'acked')!;
    expect(acked).toMatchObject({
      earned: 10,
      max: 10,
      judged: { verdict: 'pass', reason: 'Acked by phone', at: 1 },
    });
    expect(acked.explanation).toMatch(/^Passed by the facilitator: Acked by phone \(The engine:/);
    expect(after.earned).toBe(before.earned + 10);
  });

  it('fails an item the engine passed, and a later verdict or a clear replaces it', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'ack' }, 1);
    const earned = () => score(mini, d.state).items.find((i) => i.id === 'acked')!.earned;
    expect(earned()).toBe(10);
    d.must('facilitator', { type: 'judgeItem', item: 'acked', verdict: 'fail', reason: 'Luck' });
    expect(earned()).toBe(0);
    d.must('facilitator', { type: 'judgeItem', item: 'acked', verdict: 'pass', reason: 'Fine' });
    expect(earned()).toBe(10);
    d.must('facilitator', { type: 'judgeItem', item: 'acked', verdict: 'fail', reason: 'Luck' });
    d.must('facilitator', { type: 'judgeItem', item: 'acked', verdict: 'clear', reason: 'Oops' });
    expect(earned()).toBe(10);
    expect(score(mini, d.state).items.find((i) => i.id === 'acked')!.judged).toBeUndefined();
  });

  it('refuses unknown items, clearing nothing, a missing reason, and other seats', () => {
    const d = running();
    expect(
      code(d.act('facilitator', { type: 'judgeItem', item: 'nope', verdict: 'pass', reason: 'x' })),
    ).toBe('UNKNOWN_ITEM');
    expect(
      code(
        d.act('facilitator', { type: 'judgeItem', item: 'acked', verdict: 'clear', reason: 'x' }),
      ),
    ).toBe('UNKNOWN_ITEM');
    expect(
      code(d.act('p-ic', { type: 'judgeItem', item: 'acked', verdict: 'pass', reason: 'me' })),
    ).toBe('FORBIDDEN');
    expect(() =>
      d.act('facilitator', { type: 'judgeItem', item: 'acked', verdict: 'pass', reason: '' }),
    ).toThrow();
    expect(d.state.judgements).toEqual([]);
  });

  it('judges and notes after the end, stamped at the end, and the fold agrees', () => {
    const d = running();
    d.must('facilitator', { type: 'addNote', text: 'IC asked the right question' }, 2);
    d.must('facilitator', { type: 'end' }, 5);
    d.must(
      'facilitator',
      { type: 'judgeItem', item: 'warmed', verdict: 'pass', reason: 'Done by hand' },
      30,
    );
    d.must('facilitator', { type: 'addNote', text: 'Good debrief' }, 40);
    expect(d.state.t).toBe(300);
    const replayed = fold(mini, d.events);
    expect(score(mini, replayed)).toEqual(score(mini, d.state));
    const debrief = viewFor(mini, d.state, { kind: 'player', role: 'ops' }).debrief!;
    expect(debrief.notes).toEqual([
      { t: 120, text: 'IC asked the right question' },
      { t: 300, text: 'Good debrief' },
    ]);
    expect(debrief.score.items.find((i) => i.id === 'warmed')!.judged!.verdict).toBe('pass');
    const md = postmortemMarkdown(mini, d.state);
    expect(md).toContain("## The facilitator's judgement");
    expect(md).toContain('- Passed by hand: **');
    expect(md).toContain('- Note at T+02:00: IC asked the right question');
    expect(md).toMatch(/\| .* \(judged by the facilitator\) \| 30 \/ 30 \|/);
  });

  it('keeps notes from players until the debrief', () => {
    const d = running();
    d.must('facilitator', { type: 'addNote', text: 'Oscar froze' }, 1);
    const ops = viewFor(mini, d.state, { kind: 'player', role: 'ops' });
    expect(JSON.stringify(ops)).not.toContain('Oscar froze');
    expect(viewFor(mini, d.state, { kind: 'facilitator' }).facilitator!.notes).toEqual([
      { t: 60, text: 'Oscar froze' },
    ]);
  });
});
