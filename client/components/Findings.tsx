// What investigations have revealed to this seat, newest first.
import { memo } from 'react';
import { formatClock } from '../lib/clock.ts';
import type { ViewFinding } from '../lib/view-types.ts';
import { Empty, Panel } from './Panel.tsx';

export const Findings = memo(function Findings({ findings }: { findings: ViewFinding[] }) {
  const list = [...findings].sort((a, b) => b.at - a.at);
  return (
    <Panel title="Findings" count={findings.length || undefined}>
      {list.length === 0 ? (
        <Empty>Nothing found yet. Investigate.</Empty>
      ) : (
        <ul className="list">
          {list.map((f) => (
            <li key={f.id}>
              <div className="row">
                <strong style={{ flex: 1 }}>{f.title}</strong>
                <span className="t">{formatClock(f.at)}</span>
              </div>
              <p style={{ margin: '3px 0 0' }}>{f.text}</p>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
});
