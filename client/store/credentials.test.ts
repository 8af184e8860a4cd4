import { describe, expect, it } from 'vitest';
import { forgetSeats, loadSeats, recentSeats, saveSeats } from './credentials.ts';

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

const cred = (drillId: string, seat: 'facilitator' | 'player' = 'player') => ({
  drillId,
  token: `token-${drillId}-0123456789`,
  participantId: seat === 'player' ? 'p1' : null,
  seat,
});

describe('seat storage', () => {
  it('keeps one record per drill and resumes it', () => {
    const store = memoryStorage();
    saveSeats({ drillId: 'd1', primary: cred('d1', 'facilitator'), joinCode: 'ABCD-12' }, store);
    saveSeats({ drillId: 'd2', primary: cred('d2'), control: cred('d2', 'facilitator') }, store);
    expect(loadSeats('d1', store)?.joinCode).toBe('ABCD-12');
    expect(loadSeats('d2', store)?.control?.seat).toBe('facilitator');
    expect(loadSeats('d3', store)).toBeNull();
    expect(
      recentSeats(store)
        .map((s) => s.drillId)
        .sort(),
    ).toEqual(['d1', 'd2']);
    forgetSeats('d1', store);
    expect(loadSeats('d1', store)).toBeNull();
  });

  it('ignores damaged records', () => {
    const store = memoryStorage();
    store.setItem('firedrill:seats:bad', '{not json');
    store.setItem('firedrill:seats:odd', JSON.stringify({ drillId: 'odd' }));
    expect(loadSeats('bad', store)).toBeNull();
    expect(loadSeats('odd', store)).toBeNull();
    expect(recentSeats(store)).toEqual([]);
  });
});
