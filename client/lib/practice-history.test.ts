import { describe, expect, it } from 'vitest';
import {
  coachSeen,
  loadRuns,
  markCoachSeen,
  progressByItem,
  progressByScenario,
  recordRun,
  suggestNext,
  type PracticeRun,
} from './practice-history.ts';

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

const run = (
  drillId: string,
  scenarioId: string,
  percent: number,
  items: [string, number, number][],
  penalties: string[] = [],
): PracticeRun => ({
  drillId,
  scenarioId,
  title: scenarioId.toUpperCase(),
  role: 'ops',
  roleName: 'Ops',
  seed: 7,
  at: Number(drillId.slice(1)),
  percent,
  items: items.map(([id, earned, max]) => ({ id, label: `Label ${id}`, earned, max })),
  penalties: penalties.map((id) => ({ id, label: `Penalty ${id}`, points: 5 })),
});

describe('practice history on this device', () => {
  it('remembers that the coach was seen', () => {
    const store = memoryStorage();
    expect(coachSeen(store)).toBe(false);
    markCoachSeen(store);
    expect(coachSeen(store)).toBe(true);
  });

  it('records each finished run once and reads back what it wrote', () => {
    const store = memoryStorage();
    recordRun(run('d1', 'dns', 40, [['ack', 10, 10]]), store);
    recordRun(run('d1', 'dns', 40, [['ack', 10, 10]]), store);
    recordRun(run('d2', 'dns', 60, [['ack', 10, 10]]), store);
    expect(loadRuns(store).map((r) => r.drillId)).toEqual(['d1', 'd2']);
  });

  it('treats unreadable or foreign data as no history', () => {
    const store = memoryStorage();
    store.setItem('firedrill:practice-history', '{not json');
    expect(loadRuns(store)).toEqual([]);
    store.setItem('firedrill:practice-history', JSON.stringify([{ drillId: 1 }]));
    expect(loadRuns(store)).toEqual([]);
  });

  it('shows the score per scenario and per rubric item over time', () => {
    const runs = [
      run('d1', 'dns', 40, [
        ['ack', 0, 10],
        ['fix', 10, 20],
      ]),
      run('d2', 'fire', 80, [['ack', 10, 10]]),
      run('d3', 'dns', 70, [
        ['ack', 10, 10],
        ['fix', 20, 20],
      ]),
    ];
    expect(progressByScenario(runs)).toEqual([
      { scenarioId: 'dns', title: 'DNS', percents: [40, 70], best: 70, last: 70 },
      { scenarioId: 'fire', title: 'FIRE', percents: [80], best: 80, last: 80 },
    ]);
    expect(progressByItem(runs, 'dns')).toEqual([
      { id: 'ack', label: 'Label ack', shares: [0, 1] },
      { id: 'fix', label: 'Label fix', shares: [0.5, 1] },
    ]);
  });

  it('suggests the scenario scored lowest last, and the items missed most there', () => {
    const runs = [
      run('d1', 'dns', 40, [
        ['ack', 0, 10],
        ['fix', 10, 20],
        ['update', 5, 10],
      ]),
      run('d2', 'fire', 30, [['ack', 0, 10]]),
      run('d3', 'fire', 90, [['ack', 10, 10]], ['restart']),
    ];
    expect(suggestNext(runs)).toEqual({
      scenarioId: 'dns',
      title: 'DNS',
      focus: ['Label ack', 'Label fix', 'Label update'],
      why: 'Your last run of it scored 40%, your lowest.',
    });
    expect(suggestNext([])).toBeNull();
  });
});
