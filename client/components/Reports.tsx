// User reports and tickets, newest first.
import { memo } from 'react';
import { formatClock } from '../lib/clock.ts';
import type { ViewReport } from '../lib/view-types.ts';
import { Empty, Panel } from './Panel.tsx';

const ICON: Record<string, string> = {
  ticket: 'Ticket',
  social: 'Social',
  phone: 'Phone',
  email: 'Email',
  chat: 'Chat',
};

export const Reports = memo(function Reports({ reports }: { reports: ViewReport[] }) {
  const list = [...reports].sort((a, b) => b.at - a.at);
  return (
    <Panel title="Reports & tickets" count={reports.length || undefined}>
      {list.length === 0 ? (
        <Empty>No reports from users.</Empty>
      ) : (
        <ul className="list">
          {list.map((r) => (
            <li key={r.id}>
              <div className="row">
                <span className="chip">{ICON[r.channel] ?? r.channel}</span>
                <strong style={{ flex: 1 }}>{r.from}</strong>
                <span className="t">{formatClock(r.at)}</span>
              </div>
              <p style={{ margin: '4px 0 0' }}>{r.text}</p>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
});
