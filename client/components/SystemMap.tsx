// The system map: services and their dependencies as an SVG graph, coloured by health.
import { memo, useMemo } from 'react';
import { DEFAULT_LAYOUT, layoutGraph } from '../lib/graph-layout.ts';
import type { ViewService } from '../lib/view-types.ts';
import { Empty, Panel } from './Panel.tsx';

const FILL: Record<string, string> = {
  ok: '#12352a',
  degraded: '#3a2e12',
  down: '#3d1816',
  unknown: '#262d38',
};
const STROKE: Record<string, string> = {
  ok: '#3fb68b',
  degraded: '#d9a53a',
  down: '#ef5b52',
  unknown: '#7d8799',
};

const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

type Point = { x: number; y: number; layer: number };

/** A curve from the caller to its dependency, leaving and entering along the flow. */
function edgePath(a: Point, b: Point, w: number, h: number, direction: 'lr' | 'tb'): string {
  if (b.layer <= a.layer) {
    // Against the flow (a cycle): a plain line between the centres' edges.
    return `M${a.x + w / 2} ${a.y + (direction === 'tb' ? 0 : h / 2)} L${b.x + w / 2} ${b.y + (direction === 'tb' ? h : h / 2)}`;
  }
  if (direction === 'lr') {
    const [x1, y1, x2, y2] = [a.x + w, a.y + h / 2, b.x - 2, b.y + h / 2];
    const mid = (x1 + x2) / 2;
    return `M${x1} ${y1} C${mid} ${y1} ${mid} ${y2} ${x2} ${y2}`;
  }
  const [x1, y1, x2, y2] = [a.x + w / 2, a.y + h, b.x + w / 2, b.y - 2];
  const mid = (y1 + y2) / 2;
  return `M${x1} ${y1} C${x1} ${mid} ${x2} ${mid} ${x2} ${y2}`;
}

export const SystemMap = memo(function SystemMap({ services }: { services: ViewService[] }) {
  const layout = useMemo(() => layoutGraph(services), [services]);
  const byId = new Map(services.map((s) => [s.id, s]));
  const pos = new Map(layout.nodes.map((n) => [n.id, n]));
  const { nodeWidth: w, nodeHeight: h } = DEFAULT_LAYOUT;
  const unhealthy = services.filter((s) => s.health !== 'ok');
  const label =
    unhealthy.length === 0
      ? `${services.length} services, all healthy`
      : `${services.length} services; ${unhealthy.map((s) => `${s.name} ${s.health}`).join(', ')}`;
  return (
    <Panel
      title="System map"
      count={unhealthy.length ? `${unhealthy.length} unhealthy` : undefined}
      className="map"
      bodyClass="flush"
    >
      {services.length === 0 ? (
        <div style={{ padding: 12 }}>
          <Empty>No services visible to you.</Empty>
        </div>
      ) : (
        <>
          <svg
            viewBox={`0 0 ${layout.width} ${layout.height}`}
            role="img"
            aria-label={label}
            style={{
              maxHeight: Math.max(120, layout.height),
              maxWidth: layout.width,
              margin: '0 auto',
            }}
          >
            <defs>
              <marker
                id="arrow"
                viewBox="0 0 8 8"
                refX="7"
                refY="4"
                markerWidth="7"
                markerHeight="7"
                orient="auto"
              >
                <path d="M0 0 L8 4 L0 8 z" fill="#5d6a7c" />
              </marker>
            </defs>
            {layout.edges.map((e) => {
              const a = pos.get(e.from)!;
              const b = pos.get(e.to)!;
              const bad = byId.get(e.to)?.health === 'down';
              return (
                <path
                  key={`${e.from}-${e.to}`}
                  d={edgePath(a, b, w, h, layout.direction)}
                  fill="none"
                  stroke={bad ? '#ef5b52' : '#3a4657'}
                  strokeWidth={1.5}
                  strokeDasharray={bad ? '4 3' : undefined}
                  markerEnd="url(#arrow)"
                />
              );
            })}
            {layout.nodes.map((n) => {
              const s = byId.get(n.id)!;
              return (
                <g key={n.id} transform={`translate(${n.x} ${n.y})`}>
                  <title>{`${s.name}${s.kind ? ` (${s.kind})` : ''}: ${s.health}`}</title>
                  <rect
                    width={w}
                    height={h}
                    rx={6}
                    fill={FILL[s.health] ?? FILL.unknown}
                    stroke={STROKE[s.health] ?? STROKE.unknown}
                    strokeWidth={1.5}
                  />
                  <circle cx={12} cy={h / 2} r={4} fill={STROKE[s.health] ?? STROKE.unknown} />
                  <text
                    x={22}
                    y={s.kind ? 16 : h / 2 + 4}
                    fill="#d9e0ea"
                    fontSize={12}
                    fontWeight={600}
                  >
                    {clip(s.name, Math.floor((w - 30) / 7))}
                  </text>
                  {s.kind && (
                    <text x={22} y={29} fill="#8b97a8" fontSize={10}>
                      {s.kind} · {s.health}
                    </text>
                  )}
                </g>
              );
            })}
          </svg>
          <div className="legend" aria-hidden="true">
            {(['ok', 'degraded', 'down', 'unknown'] as const).map((hl) => (
              <span key={hl} className="row">
                <span className="dot" style={{ background: STROKE[hl] }} />
                {hl}
              </span>
            ))}
            <span className="spacer" />
            <span>arrows point to dependencies</span>
          </div>
        </>
      )}
    </Panel>
  );
});
