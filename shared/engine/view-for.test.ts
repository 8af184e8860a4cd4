import { describe, expect, it } from 'vitest';
import { compileMini } from '../../test/fixtures/load.ts';
import { createDrill, MINI_SEATS, type TestDrill } from '../../test/fixtures/drill.ts';
import { fold } from './apply.ts';
import { canSee, viewFor } from './view-for.ts';

const mini = compileMini();

function running(): TestDrill {
  const d = createDrill(mini, { seats: MINI_SEATS });
  d.start();
  return d;
}

describe('canSee', () => {
  it('follows the audience rules', () => {
    expect(canSee('all', { kind: 'spectator' })).toBe(true);
    expect(canSee(['ops'], { kind: 'player', role: 'ops' })).toBe(true);
    expect(canSee(['ops'], { kind: 'player', role: 'ic' })).toBe(false);
    expect(canSee(['ops'], { kind: 'player', role: null })).toBe(false);
    expect(canSee(['ops'], { kind: 'spectator' })).toBe(false);
    expect(canSee('facilitator', { kind: 'player', role: 'ops' })).toBe(false);
    expect(canSee('facilitator', { kind: 'facilitator' })).toBe(true);
  });
});

describe('viewFor', () => {
  it('shows a player only the actions of their role', () => {
    const view = viewFor(mini, running().state, { kind: 'player', role: 'ic' });
    expect(view.actions.map((a) => a.id)).toEqual(['ack', 'page-exec']);
  });

  it('shows a finding to the role that found it, and a public one to all', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'inspect-cache' }, 1);
    d.must('p-ops', { type: 'takeAction', action: 'check-disk' }, 1);
    d.advance(2);
    const ids = (role: string) =>
      viewFor(mini, d.state, { kind: 'player', role }).findings.map((f) => f.id);
    // Disks are checked at once; the cache inspection takes a minute.
    expect(ids('ops')).toEqual(['red-herring', 'cache-empty']);
    expect(ids('ic')).toEqual(['red-herring']);
  });

  it('samples metrics up to the current virtual time', () => {
    const d = running();
    d.advance(5);
    const [latency] = viewFor(mini, d.state, { kind: 'player', role: 'ops' }).metrics;
    expect(latency!.points).toHaveLength(11);
    expect(latency!.points[0]![0]).toBe(0);
    expect(latency!.points.at(-1)![0]).toBe(300);
    // Slowness started at minute 2 and ramps to 900 ms over 3 minutes.
    expect(latency!.points.at(-1)![1]).toBeGreaterThan(850);
  });

  it('materialises a repeating log line every few seconds', () => {
    const d = running();
    d.advance(3);
    const logs = viewFor(mini, d.state, { kind: 'player', role: 'ops' }).logs;
    expect(logs.map((l) => l.t)).toEqual([120, 140, 160, 180]);
    expect(logs[0]).toEqual({
      t: 120,
      stream: 'api-log',
      text: 'GET /items timeout',
      level: 'error',
    });
  });

  it('gives the facilitator the whole picture and a live score', () => {
    const d = running();
    d.advance(2);
    const view = viewFor(mini, d.state, { kind: 'facilitator' });
    expect(view.facilitator).toMatchObject({ phase: { id: 'slow' }, score: { final: false } });
    expect(view.metrics.map((m) => m.id)).toEqual(['latency', 'errors']);
    expect(view.timeline.map((e) => e.text)).toContain('Phase: Slowness');
    expect(view.me).toBeNull();
  });

  it('opens everything to everyone once the drill ends', () => {
    const d = running();
    d.must('p-ops', { type: 'takeAction', action: 'inspect-cache' }, 1);
    d.must('facilitator', { type: 'end', reason: 'Time is up' }, 3);
    const view = viewFor(mini, d.state, { kind: 'spectator' });
    expect(view.findings.map((f) => f.id)).toEqual(['cache-empty']);
    expect(view.metrics.map((m) => m.id)).toEqual(['latency', 'errors']);
    expect(view.debrief).toMatchObject({
      whatHappened: 'The cache was emptied and the API fell over.',
      lessons: ['Warm caches before traffic.'],
      score: { final: true },
    });
    expect(view.debrief!.ideal.map((i) => i.deadline)).toEqual([
      'by minute 4',
      'before "Mitigated"',
      'by minute 15',
    ]);
  });
});

describe('viewFor on a live drill', () => {
  it('grows metrics, timeline and logs as time passes, exactly as a fresh fold shows them', () => {
    const d = createDrill(mini, { seats: MINI_SEATS });
    d.start();
    const seats = [
      { kind: 'facilitator' as const },
      { kind: 'player' as const, role: 'ops' },
      { kind: 'spectator' as const },
    ];
    // Small steps, inside and across metric sample boundaries, before and after the
    // slowness starts its repeating log line at minute 2.
    for (const minute of [0.1, 0.3, 0.6, 0.9, 1.2, 1.9, 2.2, 2.4, 2.6, 3.1, 3.4]) {
      d.advance(minute);
      if (minute === 2.4)
        d.must('p-ops', { type: 'takeAction', action: 'ack', params: {} }, minute);
      for (const seat of seats) {
        const live = viewFor(mini, d.state, seat);
        expect(live).toEqual(viewFor(mini, fold(mini, d.events), seat));
      }
    }
    const ops = viewFor(mini, d.state, { kind: 'player', role: 'ops' });
    expect(ops.metrics.find((m) => m.id === 'latency')!.points.length).toBe(7);
    expect(ops.logs.some((l) => l.text === 'GET /items timeout')).toBe(true);
  });
});

describe('the facilitator, before the start', () => {
  it('is warned of ideal steps that only roles nobody plays could take', () => {
    const d = createDrill(mini, { seats: [{ id: 'p-ic', name: 'Ivy', role: 'ic' }] });
    const unplayed = () =>
      viewFor(mini, d.state, { kind: 'facilitator' }).facilitator!.unplayedSteps;
    expect(unplayed()).toEqual([{ role: 'ops', name: 'Ops', steps: 1 }]);
    d.apply([
      { type: 'joined', at: 0, participantId: 'p-ops', name: 'Oscar', kind: 'player' },
      { type: 'roleAssigned', at: 0, participantId: 'p-ops', role: 'ops' },
    ]);
    expect(unplayed()).toEqual([]);
  });
});
