import { describe, expect, it } from 'vitest';
import type { DrillView } from '../../shared/engine/view-for.ts';
import { receivePatch } from './view-sync.ts';

const view = { drill: { t: 0 }, logs: [] } as unknown as DrillView;

describe('receivePatch', () => {
  it('applies a patch that follows the seq we hold', () => {
    const out = receivePatch(
      { seq: 5, view },
      { from: 5, seq: 7, ops: [{ op: 'replace', path: '/drill/t', value: 30 }] },
    );
    expect(out.kind).toBe('applied');
    if (out.kind === 'applied') {
      expect(out.seq).toBe(7);
      expect(out.view.drill.t).toBe(30);
    }
    expect(view.drill.t).toBe(0);
  });

  it('asks for a resync after a gap', () => {
    expect(receivePatch({ seq: 5, view }, { from: 6, seq: 7, ops: [] }).kind).toBe('resync');
    expect(receivePatch({ seq: 0, view: null }, { from: 0, seq: 1, ops: [] }).kind).toBe('resync');
  });

  it('asks for a resync when a patch does not apply', () => {
    const out = receivePatch(
      { seq: 5, view },
      { from: 5, seq: 6, ops: [{ op: 'remove', path: '/nope' }] },
    );
    expect(out.kind).toBe('resync');
  });

  it('ignores patches older than what it holds', () => {
    expect(receivePatch({ seq: 9, view }, { from: 5, seq: 7, ops: [] }).kind).toBe('stale');
  });
});
