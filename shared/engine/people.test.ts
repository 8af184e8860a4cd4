// Actions with time and people: one person's hands are full, a second pair of eyes, and
// calling an action off.
import { describe, expect, it } from 'vitest';
import { createDrill, MINI_SEATS } from '../../test/fixtures/drill.ts';
import { miniWith } from '../../test/fixtures/load.ts';
import { score } from './score.ts';
import { viewFor } from './view-for.ts';

describe('one person, a few hands', () => {
  const busy = miniWith((s) => {
    s.people = { concurrentActions: 1 };
  });

  it('refuses a second action while the first is running, and says which', () => {
    const d = createDrill(busy, { seats: MINI_SEATS });
    d.start();
    d.must('p-ops', { type: 'takeAction', action: 'inspect-cache' }, 1);
    const refused = d.act('p-ops', { type: 'takeAction', action: 'ack' }, 1.5);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'ACTION_UNAVAILABLE', message: expect.stringContaining('busy with') },
    });
    const view = viewFor(busy, d.state, { kind: 'player', role: 'ops' });
    expect(view.running).toEqual([
      expect.objectContaining({ action: 'inspect-cache', by: 'Oscar', since: 60, endsAt: 120 }),
    ]);
    d.must('p-ops', { type: 'takeAction', action: 'ack' }, 2.5);
  });

  it('lets another person of the team act meanwhile', () => {
    const d = createDrill(busy, { seats: MINI_SEATS });
    d.start();
    d.must('p-ops', { type: 'takeAction', action: 'inspect-cache' }, 1);
    d.must('p-ic', { type: 'postMessage', text: 'Ops, what do you see?' }, 1.2);
  });
});

describe('a second pair of eyes', () => {
  const reviewed = miniWith((s) => {
    const restart = s.actions.find((a: { id: string }) => a.id === 'restart');
    restart.confirm = { by: ['ic'] };
  });

  it('holds a reviewed action until another player of the right role confirms it', () => {
    const d = createDrill(reviewed, { seats: MINI_SEATS });
    d.start();
    d.must('p-ops', { type: 'takeAction', action: 'restart', params: { service: 'cache' } }, 3);
    const record = d.state.actions.at(-1)!;
    expect(record.awaitingConfirmation).toBe(true);
    expect(d.state.logLines.some((l) => l.text === 'cache restarted')).toBe(false);
    expect(viewFor(reviewed, d.state, { kind: 'player', role: 'ic' }).confirmations).toEqual([
      expect.objectContaining({ record: record.seq, by: 'Oscar' }),
    ]);
    expect(viewFor(reviewed, d.state, { kind: 'player', role: 'comms' }).confirmations).toEqual([]);
    expect(d.act('p-ops', { type: 'confirmAction', record: record.seq }, 3.1)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(d.act('p-comms', { type: 'confirmAction', record: record.seq }, 3.1)).toMatchObject({
      ok: false,
      error: { code: 'NOT_YOUR_ROLE' },
    });
    d.must('p-ic', { type: 'confirmAction', record: record.seq }, 3.2);
    expect(record.confirmedBy).toBe('p-ic');
    expect(d.state.logLines.some((l) => l.text === 'cache restarted')).toBe(true);
  });

  it('charges nothing for a harmful action the reviewer stopped', () => {
    const d = createDrill(reviewed, { seats: MINI_SEATS });
    d.start();
    d.must('p-ops', { type: 'takeAction', action: 'restart', params: { service: 'cache' } }, 3);
    d.must('p-ops', { type: 'cancelAction', record: d.state.actions.at(-1)!.seq }, 3.5);
    d.must('facilitator', { type: 'end' }, 4);
    expect(score(reviewed, d.state).penaltyItems.map((p) => p.id)).not.toContain('restart-cache');
  });
});

describe('calling an action off', () => {
  it('lets only its own role (or the facilitator) call it off', () => {
    const c = miniWith(() => {});
    const d = createDrill(c, { seats: MINI_SEATS });
    d.start();
    d.must('p-ops', { type: 'takeAction', action: 'inspect-cache' }, 1);
    const record = d.state.actions.at(-1)!.seq;
    expect(d.act('p-ic', { type: 'cancelAction', record }, 1.2)).toMatchObject({
      ok: false,
      error: { code: 'NOT_YOUR_ROLE' },
    });
    d.must('facilitator', { type: 'cancelAction', record }, 1.3);
    expect(d.act('p-ops', { type: 'cancelAction', record }, 1.4)).toMatchObject({
      ok: false,
      error: { code: 'ACTION_UNAVAILABLE' },
    });
  });
});
