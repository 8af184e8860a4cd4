// What the model's pieces read and write, by name: the graph draws it, lint follows it.
// Pure.
import { expressionNames } from './expression.ts';
import type { Effect, Guard } from './schema.ts';

/** The model names (vars, metrics, entities, alerts) a guard reads. */
export function guardReads(g: Guard | undefined, into = new Set<string>()): Set<string> {
  if (!g) return into;
  if ('expr' in g) for (const n of expressionNames(g.expr)) into.add(n);
  else if ('var' in g) into.add(g.var);
  else if ('metric' in g) into.add(g.metric);
  else if ('alert' in g) into.add(g.alert);
  else if ('all' in g) g.all.forEach((x) => guardReads(x, into));
  else if ('any' in g) g.any.forEach((x) => guardReads(x, into));
  else if ('not' in g) guardReads(g.not, into);
  return into;
}

/** The model names an effect changes. */
export function effectWrites(e: Effect): string[] {
  if ('set' in e) return Object.keys(e.set);
  if ('add' in e) return Object.keys(e.add);
  if ('compute' in e) return Object.keys(e.compute);
  if ('move' in e) return [e.move];
  if ('metric' in e) return [e.metric];
  if ('fire' in e) return [e.fire];
  if ('resolve' in e) return [e.resolve];
  return [];
}

/** Every cycle of a directed graph, once each (as met by a depth-first walk), closed. */
export function findCycles(nodes: readonly string[], next: (id: string) => string[]): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const seen = new Set<string>();
  const cycles: string[][] = [];
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'open') {
      const loop = [...trail.slice(trail.indexOf(id)), id];
      const key = [...new Set(loop)].sort().join(',');
      if (!seen.has(key)) {
        seen.add(key);
        cycles.push(loop);
      }
      return;
    }
    state.set(id, 'open');
    for (const n of next(id)) visit(n, [...trail, id]);
    state.set(id, 'done');
  };
  for (const id of nodes) visit(id, []);
  return cycles;
}
