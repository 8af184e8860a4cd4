// The coach's view of a solo drill: when the trainee last moved, when to offer a hint.
import { describe, expect, it } from 'vitest';
import { createDrill } from '../../test/fixtures/drill.ts';
import { compileMini, miniWith } from '../../test/fixtures/load.ts';
import { viewFor } from './view-for.ts';

const stalling = miniWith((s) => (s.practice = { stallMinutes: 3 }));
const soloOps = (c = stalling) => {
  const d = createDrill(c, {
    solo: true,
    seats: [
      { id: 'p-me', name: 'Ines', role: 'ops' },
      { id: 'bot-ic', name: 'Incident commander (bot)', kind: 'bot', role: 'ic' },
    ],
  });
  d.start();
  return d;
};

describe('the practice view', () => {
  it('gives the trainee the stall time, their last move and the next hint’s cost', () => {
    const d = soloOps();
    d.advance(2);
    const view = () => viewFor(stalling, d.state, { kind: 'player', role: 'ops' });
    expect(view().practice).toEqual({ stallMinutes: 3, lastMoveAt: 0, nextHintCost: 5 });
    d.must('p-me', { type: 'postMessage', text: 'Looking at the cache.' }, 2.5);
    expect(view().practice?.lastMoveAt).toBe(150);
    d.must('p-me', { type: 'takeAction', action: 'ack' }, 4);
    d.must('p-me', { type: 'revealHint' }, 5);
    expect(view().practice).toEqual({ stallMinutes: 3, lastMoveAt: 300, nextHintCost: 10 });
  });

  it('does not count the bots’ moves as the trainee’s', () => {
    const d = soloOps();
    d.must('bot-ic', { type: 'postMessage', text: 'I am taking incident command.' }, 2);
    d.must('bot-ic', { type: 'takeAction', action: 'page-exec' }, 2.5);
    expect(viewFor(stalling, d.state, { kind: 'player', role: 'ops' }).practice?.lastMoveAt).toBe(
      0,
    );
  });

  it('is for the solo player only, and says "never" when the scenario sets no stall time', () => {
    const d = soloOps(compileMini());
    expect(
      viewFor(d.c, d.state, { kind: 'player', role: 'ops' }).practice?.stallMinutes,
    ).toBeNull();
    expect(viewFor(d.c, d.state, { kind: 'facilitator' }).practice).toBeNull();
    const team = createDrill(stalling, {
      seats: [
        { id: 'p-1', name: 'Oscar', role: 'ops' },
        { id: 'p-2', name: 'Ivy', role: 'ic' },
      ],
    });
    team.start();
    expect(viewFor(stalling, team.state, { kind: 'player', role: 'ops' }).practice).toBeNull();
  });
});
