// One metric as a small SVG line chart, with its warning thresholds drawn in.
import { memo } from 'react';
import { compact, isWarning, linePath, scale, valueDomain } from '../lib/chart.ts';
import { formatClock } from '../lib/clock.ts';
import type { ViewMetric } from '../lib/view-types.ts';

const W = 300;
const H = 84;
const PAD = { l: 30, r: 4, t: 6, b: 14 };

export const MetricChart = memo(function MetricChart({
  metric,
  span,
}: {
  metric: ViewMetric;
  span: number;
}) {
  const pts = metric.points;
  const last = pts[pts.length - 1];
  const value = last?.[1];
  const warn = isWarning(value, metric.warnAbove, metric.warnBelow);
  const d = valueDomain(
    pts.map((p) => p[1]),
    [metric.warnAbove, metric.warnBelow],
  );
  const end = Math.max(span, last?.[0] ?? 0, 60);
  const x = scale({ min: 0, max: end }, PAD.l, W - PAD.r);
  const y = scale(d, H - PAD.b, PAD.t);
  const path = linePath(pts, x, y);
  const area =
    pts.length > 1 ? `${path} L${x(last![0])} ${H - PAD.b} L${x(pts[0]![0])} ${H - PAD.b} Z` : '';
  const unit = metric.unit ? ` ${metric.unit}` : '';
  const thresholds = [
    metric.warnAbove !== null ? `warning above ${metric.warnAbove}${unit}` : null,
    metric.warnBelow !== null ? `warning below ${metric.warnBelow}${unit}` : null,
  ].filter(Boolean);
  const label = `${metric.label}: ${value === undefined ? 'no data yet' : `now ${compact(value)}${unit}`}${thresholds.length ? `, ${thresholds.join(', ')}` : ''}${warn ? ', in warning' : ''}`;
  const colour = warn ? '#ef5b52' : '#58a6ff';
  return (
    <figure className={`chart ${warn ? 'warn' : ''}`} style={{ margin: 0 }}>
      <figcaption className="head">
        <span>{metric.label}</span>
        <span className={`value ${warn ? 'lvl-error' : ''}`}>
          {value === undefined ? '–' : compact(value)}
          <span className="faint" style={{ fontSize: 11 }}>
            {unit}
          </span>
        </span>
      </figcaption>
      {metric.noData !== null ? (
        <div
          className="no-data"
          role="img"
          aria-label={`${metric.label}: no data (${metric.noData})`}
        >
          <strong>No data</strong>
          <span className="faint">{metric.noData}</span>
        </div>
      ) : (
        <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={label}>
          {[d.min, (d.min + d.max) / 2, d.max].map((v, i) => (
            <g key={i}>
              <line
                x1={PAD.l}
                x2={W - PAD.r}
                y1={y(v)}
                y2={y(v)}
                stroke="#1f2833"
                strokeWidth={1}
              />
              <text x={PAD.l - 4} y={y(v) + 3} fontSize={9} fill="#5d6a7c" textAnchor="end">
                {compact(v)}
              </text>
            </g>
          ))}
          {[metric.warnAbove, metric.warnBelow].map(
            (limit, i) =>
              limit !== null && (
                <line
                  key={i}
                  x1={PAD.l}
                  x2={W - PAD.r}
                  y1={y(limit)}
                  y2={y(limit)}
                  stroke="#d9a53a"
                  strokeDasharray="4 3"
                  strokeWidth={1}
                />
              ),
          )}
          {area && <path d={area} fill={colour} opacity={0.1} />}
          {pts.length > 0 && (
            <path
              d={path}
              fill="none"
              stroke={colour}
              strokeWidth={1.5}
              vectorEffect="non-scaling-stroke"
            />
          )}
          <text x={PAD.l} y={H - 2} fontSize={9} fill="#5d6a7c">
            0:00
          </text>
          <text x={W - PAD.r} y={H - 2} fontSize={9} fill="#5d6a7c" textAnchor="end">
            {formatClock(end)}
          </text>
        </svg>
      )}
    </figure>
  );
});
