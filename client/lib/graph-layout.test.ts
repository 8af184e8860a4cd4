import { describe, expect, it } from 'vitest';
import { layoutGraph } from './graph-layout.ts';

describe('layoutGraph', () => {
  it('puts callers left of what they depend on', () => {
    const g = layoutGraph([
      { id: 'web', dependsOn: ['api'] },
      { id: 'api', dependsOn: ['db', 'dns'] },
      { id: 'db', dependsOn: ['dns'] },
      { id: 'dns', dependsOn: [] },
    ]);
    const layer = Object.fromEntries(g.nodes.map((n) => [n.id, n.layer]));
    expect(layer).toEqual({ web: 0, api: 1, db: 2, dns: 3 });
    expect(g.edges).toHaveLength(4);
  });

  it('turns a deep graph top to bottom', () => {
    const chain = ['a', 'b', 'c', 'd', 'e', 'f'].map((id, i, all) => ({
      id,
      dependsOn: all[i + 1] ? [all[i + 1]!] : [],
    }));
    const g = layoutGraph(chain);
    expect(g.direction).toBe('tb');
    const ys = g.nodes.map((n) => n.y);
    expect([...ys].sort((p, q) => p - q)).toEqual(ys);
    expect(g.height).toBeGreaterThan(g.width);
  });

  it('ignores unknown dependencies and survives cycles', () => {
    const g = layoutGraph([
      { id: 'a', dependsOn: ['b', 'hidden'] },
      { id: 'b', dependsOn: ['a'] },
    ]);
    expect(g.nodes).toHaveLength(2);
    expect(g.edges).toEqual([
      { from: 'a', to: 'b' },
      { from: 'b', to: 'a' },
    ]);
    expect(Number.isFinite(g.width) && Number.isFinite(g.height)).toBe(true);
  });

  it('does not overlap nodes in a column', () => {
    const g = layoutGraph([
      { id: 'a', dependsOn: ['x', 'y', 'z'] },
      { id: 'x', dependsOn: [] },
      { id: 'y', dependsOn: [] },
      { id: 'z', dependsOn: [] },
    ]);
    const ys = g.nodes
      .filter((n) => n.layer === 1)
      .map((n) => n.y)
      .sort((p, q) => p - q);
    for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(38);
  });
});
