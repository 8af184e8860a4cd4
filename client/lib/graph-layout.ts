// Lays out the system map: services in columns by dependency depth (callers on the
// left, what they depend on to the right), ordered inside a column to keep edges short.
// Pure; cycles are tolerated (depth is capped).

export interface GraphNodeInput {
  id: string;
  dependsOn: readonly string[];
}

export interface PlacedNode {
  id: string;
  layer: number;
  x: number;
  y: number;
}

export interface GraphLayout {
  direction: 'lr' | 'tb';
  nodes: PlacedNode[];
  edges: { from: string; to: string }[];
  width: number;
  height: number;
}

export interface LayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  colGap: number;
  rowGap: number;
  pad: number;
  /** Left to right, top to bottom, or 'auto': top to bottom once the graph is deeper than `maxColumns`. */
  direction: 'lr' | 'tb' | 'auto';
  maxColumns: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = {
  nodeWidth: 176,
  nodeHeight: 38,
  colGap: 56,
  rowGap: 14,
  pad: 10,
  direction: 'auto',
  maxColumns: 4,
};

export function layoutGraph(
  input: readonly GraphNodeInput[],
  o: LayoutOptions = DEFAULT_LAYOUT,
): GraphLayout {
  const ids = new Set(input.map((n) => n.id));
  const edges = input.flatMap((n) =>
    n.dependsOn.filter((d) => ids.has(d) && d !== n.id).map((d) => ({ from: n.id, to: d })),
  );
  const layer = new Map(input.map((n) => [n.id, 0]));
  // Longest path from the callers; n rounds settle any acyclic graph, and cap a cycle.
  for (let round = 0; round < input.length; round++) {
    let changed = false;
    for (const e of edges) {
      const next = Math.min(input.length - 1, layer.get(e.from)! + 1);
      if (next > layer.get(e.to)!) {
        layer.set(e.to, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const columns: string[][] = [];
  for (const n of input) (columns[layer.get(n.id)!] ??= []).push(n.id);
  const dense = columns.filter((c) => c !== undefined);

  // Order each column by the mean row of the nodes pointing at it (barycentre).
  const row = new Map<string, number>();
  dense[0]?.forEach((id, i) => row.set(id, i));
  for (let c = 1; c < dense.length; c++) {
    const col = dense[c]!;
    const weight = (id: string) => {
      const callers = edges
        .filter((e) => e.to === id && row.has(e.from))
        .map((e) => row.get(e.from)!);
      return callers.length
        ? callers.reduce((a, b) => a + b, 0) / callers.length
        : Number.POSITIVE_INFINITY;
    };
    const keyed = col.map((id, i) => ({ id, w: weight(id), i }));
    keyed.sort((a, b) => a.w - b.w || a.i - b.i);
    keyed.forEach((k, i) => row.set(k.id, i));
    dense[c] = keyed.map((k) => k.id);
  }

  const direction =
    o.direction === 'auto' ? (dense.length > o.maxColumns ? 'tb' : 'lr') : o.direction;
  const widest = Math.max(1, ...dense.map((c) => c.length));
  const nodes: PlacedNode[] = [];
  if (direction === 'lr') {
    const height = o.pad * 2 + widest * o.nodeHeight + (widest - 1) * o.rowGap;
    const width = o.pad * 2 + dense.length * o.nodeWidth + Math.max(0, dense.length - 1) * o.colGap;
    dense.forEach((col, c) => {
      const top = (height - (col.length * o.nodeHeight + (col.length - 1) * o.rowGap)) / 2;
      col.forEach((id, i) =>
        nodes.push({
          id,
          layer: c,
          x: o.pad + c * (o.nodeWidth + o.colGap),
          y: top + i * (o.nodeHeight + o.rowGap),
        }),
      );
    });
    return { direction, nodes, edges, width, height };
  }
  // Top to bottom: layers become rows; nodes in a row sit side by side.
  const hGap = o.rowGap * 1.5;
  const vGap = o.rowGap * 2;
  const width = o.pad * 2 + widest * o.nodeWidth + (widest - 1) * hGap;
  const height = o.pad * 2 + dense.length * o.nodeHeight + Math.max(0, dense.length - 1) * vGap;
  dense.forEach((row, r) => {
    const left = (width - (row.length * o.nodeWidth + (row.length - 1) * hGap)) / 2;
    row.forEach((id, i) =>
      nodes.push({
        id,
        layer: r,
        x: left + i * (o.nodeWidth + hGap),
        y: o.pad + r * (o.nodeHeight + vGap),
      }),
    );
  });
  return { direction, nodes, edges, width, height };
}
