// The system map's drawing: services placed by dagre (client/lib/map-layout.ts), edges
// routed between layers, names wrapped whole, coloured by the health the model gives each
// service. Loaded on demand with the console.
import { useId, useMemo } from 'react';
import { HEALTH_FILL, HEALTH_STROKE } from '../lib/health-colours.ts';
import { layoutMap } from '../lib/map-layout.ts';
import type { ViewService } from '../lib/view-types.ts';

const FILL = HEALTH_FILL;
const STROKE = HEALTH_STROKE;

/** A smooth path through dagre's edge points (midpoint quadratic curves). */
function edgePath(points: { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  const r = (n: number) => Math.round(n * 10) / 10;
  let d = `M${r(points[0]!.x)} ${r(points[0]!.y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i]!;
    const next = points[i + 1]!;
    d += ` Q${r(p.x)} ${r(p.y)} ${r((p.x + next.x) / 2)} ${r((p.y + next.y) / 2)}`;
  }
  const last = points[points.length - 1]!;
  return `${d} L${r(last.x)} ${r(last.y)}`;
}

export default function SystemMapGraph({
  services,
  label,
}: {
  services: ViewService[];
  label: string;
}) {
  // Health changes often, the shape of the graph never: lay out only on shape changes.
  const shape = services.map((s) => `${s.id}:${s.name}:${s.kind ?? ''}:${s.dependsOn.join(',')}`);
  const key = shape.join('|');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const layout = useMemo(() => layoutMap(services), [key]);
  const byId = new Map(services.map((s) => [s.id, s]));
  const arrow = `arrow${useId()}`;
  return (
    <svg
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="img"
      aria-label={label}
      style={{ maxWidth: layout.width, margin: '0 auto', display: 'block', width: '100%' }}
    >
      <defs>
        <marker
          id={arrow}
          viewBox="0 0 8 8"
          refX="7"
          refY="4"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M0 0 L8 4 L0 8 z" fill="#8391a3" />
        </marker>
      </defs>
      {layout.edges.map((e) => {
        const bad = byId.get(e.to)?.health === 'down';
        return (
          <path
            key={`${e.from}-${e.to}`}
            d={edgePath(e.points)}
            fill="none"
            stroke={bad ? '#ef5b52' : '#4a586b'}
            strokeWidth={1.5}
            strokeDasharray={bad ? '4 3' : undefined}
            markerEnd={`url(#${arrow})`}
          />
        );
      })}
      {layout.nodes.map((n) => {
        const s = byId.get(n.id)!;
        const health = s.health in STROKE ? s.health : 'unknown';
        return (
          <g key={n.id} transform={`translate(${n.x} ${n.y})`} data-service={n.id}>
            <title>{`${s.name}${s.kind ? ` (${s.kind})` : ''}: ${s.health}`}</title>
            <rect
              width={n.width}
              height={n.height}
              rx={6}
              fill={FILL[health]}
              stroke={STROKE[health]}
              strokeWidth={1.5}
            />
            <circle cx={12} cy={14} r={4} fill={STROKE[health]} />
            <text x={22} y={18} fill="#d9e0ea" fontSize={12} fontWeight={600}>
              {n.lines.map((line, i) => (
                <tspan key={i} x={22} dy={i === 0 ? 0 : 15}>
                  {line}
                </tspan>
              ))}
            </text>
            {s.kind && (
              <text x={22} y={18 + n.lines.length * 15} fill="#b8c2d0" fontSize={10}>
                {s.kind} · {s.health}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
