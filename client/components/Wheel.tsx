// The wheel of misfortune: spins and lands on a random scenario among those matching the
// chosen tags and difficulty.
import { useEffect, useRef, useState } from 'react';
import type { ScenarioSummary } from '../../shared/protocol.ts';
import { pickIndex, spinTo } from '../lib/wheel.ts';

const COLOURS = [
  '#1f3b5c',
  '#3a2a4f',
  '#1f4a3c',
  '#4a3418',
  '#2c3646',
  '#4a2222',
  '#203f4a',
  '#3f3f1f',
];
const R = 120;
const C = 125;

function point(angleDeg: number, r: number): [number, number] {
  const a = ((angleDeg - 90) * Math.PI) / 180;
  return [C + r * Math.cos(a), C + r * Math.sin(a)];
}

export function Wheel({
  items,
  onPicked,
}: {
  items: ScenarioSummary[];
  onPicked: (s: ScenarioSummary) => void;
}) {
  const [rotation, setRotation] = useState(0);
  const [spinning, setSpinning] = useState(false);
  const target = useRef<ScenarioSummary | null>(null);
  const fallback = useRef<ReturnType<typeof setTimeout> | null>(null);
  const n = items.length;

  useEffect(() => () => void (fallback.current && clearTimeout(fallback.current)), []);

  const finish = () => {
    if (fallback.current) clearTimeout(fallback.current);
    fallback.current = null;
    setSpinning(false);
    if (target.current) onPicked(target.current);
    target.current = null;
  };

  const spin = () => {
    if (n === 0 || spinning) return;
    const index = pickIndex(n, Math.random());
    target.current = items[index]!;
    setSpinning(true);
    setRotation((r) => spinTo(r, index, n, 5, Math.random()));
    // If the transition never ends (a hidden tab), still announce the pick.
    fallback.current = setTimeout(finish, 5000);
  };

  const width = 360 / Math.max(1, n);
  return (
    <div>
      <div className="wheel-wrap">
        <div className="wheel-pointer" aria-hidden="true" />
        <svg
          className="wheel"
          viewBox="0 0 250 250"
          style={{ transform: `rotate(${rotation}deg)` }}
          onTransitionEnd={finish}
          role="img"
          aria-label={n === 0 ? 'An empty wheel: no scenario matches' : `A wheel of ${n} scenarios`}
        >
          <circle cx={C} cy={C} r={R + 3} fill="#0b0f14" stroke="#364456" />
          {n === 1 && <circle cx={C} cy={C} r={R} fill={COLOURS[0]} />}
          {n > 1 &&
            items.map((s, i) => {
              const [x0, y0] = point(i * width, R);
              const [x1, y1] = point((i + 1) * width, R);
              const large = width > 180 ? 1 : 0;
              return (
                <path
                  key={s.id}
                  d={`M${C} ${C} L${x0} ${y0} A${R} ${R} 0 ${large} 1 ${x1} ${y1} Z`}
                  fill={COLOURS[i % COLOURS.length]}
                  stroke="#0b0f14"
                  strokeWidth={1.5}
                />
              );
            })}
          {items.map((s, i) => {
            const mid = (i + 0.5) * width;
            const [x, y] = point(mid, R * 0.58);
            const label = s.title.length > 16 ? `${s.title.slice(0, 15)}…` : s.title;
            return (
              <text
                key={s.id}
                x={x}
                y={y}
                fill="#d9e0ea"
                fontSize={n > 10 ? 8 : 10}
                textAnchor="middle"
                dominantBaseline="middle"
                // Along the radius, turned so no label reads upside down.
                transform={`rotate(${n === 1 ? 0 : mid <= 180 ? mid - 90 : mid + 90} ${x} ${y})`}
              >
                {label}
              </text>
            );
          })}
          <circle cx={C} cy={C} r={14} fill="#212a36" stroke="#364456" />
        </svg>
      </div>
      <button
        className="primary"
        style={{ width: '100%', justifyContent: 'center' }}
        onClick={spin}
        disabled={n === 0 || spinning}
      >
        {spinning ? 'Spinning…' : n === 0 ? 'No scenario matches' : 'Spin the wheel'}
      </button>
    </div>
  );
}
