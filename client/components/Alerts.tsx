// Alerts: firing first (most severe, newest), then resolved.
import { memo } from 'react';
import { formatClock } from '../lib/clock.ts';
import type { ViewAlert } from '../lib/view-types.ts';
import { Empty, Panel } from './Panel.tsx';

const RANK: Record<string, number> = { critical: 0, warning: 1, info: 2 };

export const Alerts = memo(function Alerts({ alerts }: { alerts: ViewAlert[] }) {
  const firing = alerts
    .filter((a) => a.resolvedAt === null)
    .sort((a, b) => (RANK[a.severity] ?? 3) - (RANK[b.severity] ?? 3) || b.firedAt - a.firedAt);
  const resolved = alerts
    .filter((a) => a.resolvedAt !== null)
    .sort((a, b) => b.resolvedAt! - a.resolvedAt!);
  return (
    <Panel title="Alerts" count={firing.length ? `${firing.length} firing` : undefined}>
      {alerts.length === 0 ? (
        <Empty>No alerts.</Empty>
      ) : (
        <ul className="list">
          {[...firing, ...resolved].map((a) => (
            <li key={a.id} style={a.resolvedAt !== null ? { color: 'var(--muted)' } : undefined}>
              <div className="row">
                <span className={`badge ${a.resolvedAt !== null ? 'ok' : a.severity}`}>
                  {a.resolvedAt !== null ? 'resolved' : a.severity}
                </span>
                <strong style={{ flex: 1 }}>{a.title}</strong>
                <span className="t">{formatClock(a.resolvedAt ?? a.firedAt)}</span>
              </div>
              {a.description && (
                <p className="muted" style={{ margin: '4px 0 0' }}>
                  {a.description}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
});
