import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioYaml } from '../../shared/index.ts';
import { layoutMap, wrap, type MapLayout, type MapService } from './map-layout.ts';

function servicesOf(id: string): MapService[] {
  const parsed = parseScenarioYaml(
    readFileSync(resolve(import.meta.dirname, `../../scenarios/${id}.yaml`), 'utf8'),
  );
  if (!parsed.ok) throw new Error(`${id} does not parse`);
  return parsed.scenario.services.map((s) => ({
    id: s.id,
    name: s.name,
    kind: s.kind ?? null,
    dependsOn: s.dependsOn ?? [],
  }));
}

type P = { x: number; y: number };
const cross = (a: P, b: P, c: P, d: P) => {
  const o = (p: P, q: P, r: P) => Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
};
/** Pairs of edges (not sharing a node) whose drawn segments cross. */
function crossings(l: MapLayout): number {
  let n = 0;
  for (let i = 0; i < l.edges.length; i++)
    for (let j = i + 1; j < l.edges.length; j++) {
      const [e, f] = [l.edges[i]!, l.edges[j]!];
      if ([e.from, e.to].some((x) => x === f.from || x === f.to)) continue;
      const segs = (p: P[]) => p.slice(1).map((q, k) => [p[k]!, q] as const);
      if (segs(e.points).some(([a, b]) => segs(f.points).some(([c, d]) => cross(a, b, c, d)))) n++;
    }
  return n;
}

describe('the system map layout', () => {
  const scenarios = ['dns-hell', 'silent-auth', 'datacenter-fire', 'exec-escalation'];

  it.each(scenarios)('%s: no two services overlap, and every name is shown whole', (id) => {
    const services = servicesOf(id);
    const l = layoutMap(services);
    for (const [i, a] of l.nodes.entries())
      for (const b of l.nodes.slice(i + 1)) {
        const apart =
          a.x + a.width <= b.x ||
          b.x + b.width <= a.x ||
          a.y + a.height <= b.y ||
          b.y + b.height <= a.y;
        expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
      }
    for (const n of l.nodes) {
      const name = services.find((s) => s.id === n.id)!.name;
      expect(n.lines.join('').replace(/\s/g, '')).toBe(name.replace(/\s/g, ''));
      expect(Math.max(...n.lines.map((x) => x.length))).toBeLessThanOrEqual(19);
    }
    expect(l.nodes.every((n) => n.x >= 0 && n.y >= 0 && n.x + n.width <= l.width + 1)).toBe(true);
  });

  it.each(scenarios)('%s: callers come before what they depend on', (id) => {
    const l = layoutMap(servicesOf(id));
    const at = new Map(l.nodes.map((n) => [n.id, n]));
    for (const e of l.edges) {
      const [a, b] = [at.get(e.from)!, at.get(e.to)!];
      if (l.direction === 'LR') expect(a.x, `${e.from} → ${e.to}`).toBeLessThanOrEqual(b.x);
      else expect(a.y, `${e.from} → ${e.to}`).toBeLessThanOrEqual(b.y);
    }
  });

  it("draws DNS hell's map with its edges untangled", () => {
    const l = layoutMap(servicesOf('dns-hell'));
    expect(l.edges.length).toBeGreaterThan(10);
    expect(crossings(l)).toBeLessThanOrEqual(2);
  });

  it('wraps long names by words, and splits a word longer than a line', () => {
    expect(wrap('Outbound email queue and retry worker', 21)).toEqual([
      'Outbound email queue',
      'and retry worker',
    ]);
    expect(wrap('kube-dns-autoscaler-controller-manager', 21)).toEqual([
      'kube-dns-autoscaler-',
      'controller-manager',
    ]);
    expect(wrap('abcdefghijklmnopqrstuvwxyz', 21)).toEqual(['abcdefghijklmnopqrstu', 'vwxyz']);
  });
});
