// Key timings against their targets as horizontal SVG bars: the bar is how long it took,
// the dashed tick is the target.
import type { ViewDebrief } from '../lib/view-types.ts';

const ROW = 30;
const LEFT = 96;
const RIGHT = 86;
const W = 560;

export function TimingChart({ timings }: { timings: ViewDebrief['score']['timings'] }) {
  if (timings.length === 0) return <p className="empty">This scenario sets no timing targets.</p>;
  const max = Math.max(...timings.map((t) => Math.max(t.target * 1.6, t.actual ?? 0)), 1);
  const x = (m: number) => LEFT + (m / max) * (W - LEFT - RIGHT);
  const H = timings.length * ROW + 22;
  const ticks = [0, max / 4, max / 2, (3 * max) / 4, max].map((m) => Math.round(m));
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      style={{ width: '100%', maxWidth: W, display: 'block' }}
      role="img"
      aria-label={timings
        .map(
          (t) =>
            `Time to ${t.name}: ${t.actual === null ? 'never reached' : `${t.actual} minutes`}, target ${t.target} minutes${t.met ? ', met' : ', missed'}`,
        )
        .join('; ')}
    >
      {ticks.map((m, i) => (
        <g key={i}>
          <line x1={x(m)} x2={x(m)} y1={4} y2={H - 18} stroke="#1f2833" />
          <text x={x(m)} y={H - 5} fill="#5d6a7c" fontSize={10} textAnchor="middle">
            {m} min
          </text>
        </g>
      ))}
      {timings.map((t, i) => {
        const y = 6 + i * ROW;
        const colour = t.actual === null ? '#5d6a7c' : t.met ? '#3fb68b' : '#ef5b52';
        return (
          <g key={t.name}>
            <text x={LEFT - 8} y={y + 14} fill="#d9e0ea" fontSize={12} textAnchor="end">
              {t.name}
            </text>
            {t.actual !== null ? (
              <rect
                x={LEFT}
                y={y + 3}
                width={Math.max(2, x(t.actual) - LEFT)}
                height={14}
                rx={3}
                fill={colour}
                opacity={0.85}
              />
            ) : (
              <rect
                x={LEFT}
                y={y + 3}
                width={x(max) - LEFT}
                height={14}
                rx={3}
                fill="none"
                stroke="#5d6a7c"
                strokeDasharray="3 3"
              />
            )}
            <line
              x1={x(t.target)}
              x2={x(t.target)}
              y1={y}
              y2={y + 20}
              stroke="#d9a53a"
              strokeWidth={2}
              strokeDasharray="3 2"
            />
            <text x={W - RIGHT + 6} y={y + 14} fill={colour} fontSize={11}>
              {t.actual === null ? 'never' : `${t.actual} of ${t.target} min`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
