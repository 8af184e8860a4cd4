// Dashboards: every metric this seat may see, one chart each, in a stable order.
import { useId } from 'react';
import type { ViewMetric } from '../lib/view-types.ts';
import { isWarning } from '../lib/chart.ts';
import { MetricChart, type StoryClock } from './MetricChart.tsx';
import { Empty, Panel } from './Panel.tsx';

export function Dashboards({
  metrics,
  t,
  duration,
  clock = { startsAt: null, offset: 0 },
}: {
  metrics: ViewMetric[];
  t: number;
  duration: number;
  /** Story time for the axes (the drill's `clock`). */
  clock?: StoryClock;
}) {
  // One crosshair for every chart of the panel.
  const syncKey = useId();
  // A common time axis: the drill's expected length, or longer once past it.
  const span = Math.max(t, duration * 60 * 0.5);
  const warning = metrics.filter((m) =>
    isWarning(m.points[m.points.length - 1]?.[1], m.warnAbove, m.warnBelow),
  );
  return (
    <Panel
      title="Dashboards"
      count={warning.length ? `${warning.length} in warning` : `${metrics.length}`}
    >
      {metrics.length === 0 ? (
        <Empty>No metrics visible to you.</Empty>
      ) : (
        <div className="charts">
          {metrics.map((m) => (
            <MetricChart key={m.id} metric={m} span={span} clock={clock} syncKey={syncKey} />
          ))}
        </div>
      )}
    </Panel>
  );
}
