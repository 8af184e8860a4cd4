// One metric: its latest value, and its chart (uPlot, loaded on demand) or "no data" when
// the tool that shows it is down.
import { lazy, memo, Suspense } from 'react';
import { compact, isWarning } from '../lib/chart.ts';
import { ensureValidLanguage } from '../lib/locale.ts';
import type { ViewMetric } from '../lib/view-types.ts';

const TimeSeriesPlot = lazy(() => {
  ensureValidLanguage(); // uPlot reads navigator.language when it loads
  return import('./TimeSeriesPlot.tsx');
});

export interface StoryClock {
  startsAt: string | null;
  offset: number;
}

export const MetricChart = memo(function MetricChart({
  metric,
  span,
  clock,
  syncKey,
}: {
  metric: ViewMetric;
  span: number;
  clock: StoryClock;
  syncKey: string;
}) {
  const pts = metric.points;
  const last = pts[pts.length - 1];
  const value = last?.[1];
  const warn = isWarning(value, metric.warnAbove, metric.warnBelow);
  const end = Math.max(span, last?.[0] ?? 0, 60);
  const unit = metric.unit ? ` ${metric.unit}` : '';
  const thresholds = [
    metric.warnAbove !== null ? `warning above ${metric.warnAbove}${unit}` : null,
    metric.warnBelow !== null ? `warning below ${metric.warnBelow}${unit}` : null,
  ].filter(Boolean);
  const label = `${metric.label}: ${value === undefined ? 'no data yet' : `now ${compact(value)}${unit}`}${thresholds.length ? `, ${thresholds.join(', ')}` : ''}${warn ? ', in warning' : ''}`;
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
        <div role="img" aria-label={label}>
          <Suspense fallback={<div className="plot-loading" />}>
            <TimeSeriesPlot
              points={pts}
              end={end}
              label={metric.label}
              unit={metric.unit ?? ''}
              warn={warn}
              warnAbove={metric.warnAbove}
              warnBelow={metric.warnBelow}
              startsAt={clock.startsAt}
              offset={clock.offset}
              syncKey={syncKey}
            />
          </Suspense>
        </div>
      )}
    </figure>
  );
});
