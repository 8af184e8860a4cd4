// Lays out the system map with dagre (a layered, Sugiyama-style layout that orders each
// layer to reduce edge crossings): callers on the left, what they depend on to the right,
// or top to bottom for deep graphs; service names wrapped onto lines, never clipped.
// Pure.
import dagre from '@dagrejs/dagre';

export interface MapService {
  id: string;
  name: string;
  kind?: string | null | undefined;
  dependsOn: readonly string[];
}

export interface MapNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The name, wrapped. */
  lines: string[];
}

export interface MapEdge {
  from: string;
  to: string;
  points: { x: number; y: number }[];
}

export interface MapLayout {
  direction: 'LR' | 'TB';
  nodes: MapNode[];
  edges: MapEdge[];
  width: number;
  height: number;
}

export const NODE_WIDTH = 176;
const LINE = 15;
/** Characters per line at the map's 12 px font in a node (a little under the average). */
const PER_LINE = 19;

/**
 * Words onto lines of at most `max` characters. A word longer than a line breaks after a
 * hyphen when it has one ("kube-dns-" / "autoscaler"), else where the line ends.
 */
export function wrap(text: string, max = PER_LINE): string[] {
  const pieces = text
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((word) => {
      if (word.length <= max) return [{ text: word, space: true }];
      const parts = word.match(/[^-]*-|[^-]+$/g) ?? [word];
      return parts.flatMap((part, i) => {
        const chunks = part.match(new RegExp(`.{1,${max}}`, 'g')) ?? [part];
        return chunks.map((c, j) => ({ text: c, space: i === 0 && j === 0 }));
      });
    });
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    const joined = line === '' ? piece.text : line + (piece.space ? ' ' : '') + piece.text;
    if (joined.length <= max) line = joined;
    else {
      lines.push(line);
      line = piece.text;
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/** Layers from the callers: how deep the longest chain of dependencies is. */
function depth(services: readonly MapService[]): number {
  const ids = new Set(services.map((s) => s.id));
  const memo = new Map<string, number>();
  const byId = new Map(services.map((s) => [s.id, s]));
  const visit = (id: string, seen: Set<string>): number => {
    if (memo.has(id)) return memo.get(id)!;
    if (seen.has(id)) return 0; // a cycle
    seen.add(id);
    const deps = byId.get(id)!.dependsOn.filter((d) => ids.has(d) && d !== id);
    const d = 1 + Math.max(0, ...deps.map((x) => visit(x, seen)));
    seen.delete(id);
    memo.set(id, d);
    return d;
  };
  return Math.max(0, ...services.map((s) => visit(s.id, new Set())));
}

export function layoutMap(services: readonly MapService[], maxColumns = 4): MapLayout {
  const direction = depth(services) > maxColumns ? 'TB' : 'LR';
  const g = new dagre.graphlib.Graph();
  g.setGraph({
    rankdir: direction,
    nodesep: direction === 'LR' ? 14 : 20,
    ranksep: direction === 'LR' ? 56 : 36,
    marginx: 10,
    marginy: 10,
  });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(services.map((s) => s.id));
  const lines = new Map(services.map((s) => [s.id, wrap(s.name)]));
  for (const s of services) {
    const height = 12 + lines.get(s.id)!.length * LINE + (s.kind ? 13 : 0);
    g.setNode(s.id, { width: NODE_WIDTH, height });
  }
  const edges: { from: string; to: string }[] = [];
  for (const s of services)
    for (const d of s.dependsOn)
      if (ids.has(d) && d !== s.id) {
        g.setEdge(s.id, d);
        edges.push({ from: s.id, to: d });
      }
  dagre.layout(g);
  const graph = g.graph();
  return {
    direction,
    nodes: services.map((s) => {
      const n = g.node(s.id);
      return {
        id: s.id,
        x: n.x - n.width / 2,
        y: n.y - n.height / 2,
        width: n.width,
        height: n.height,
        lines: lines.get(s.id)!,
      };
    }),
    edges: edges.map((e) => ({ ...e, points: g.edge(e.from, e.to).points ?? [] })),
    width: Math.ceil(graph.width ?? NODE_WIDTH),
    height: Math.ceil(graph.height ?? 40),
  };
}
