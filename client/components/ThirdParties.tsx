// Third-party status pages as the vendors publish them.
import { memo } from 'react';
import { formatClock } from '../lib/clock.ts';
import type { ViewThirdParty } from '../lib/view-types.ts';
import { Empty, Panel } from './Panel.tsx';

export const ThirdParties = memo(function ThirdParties({
  thirdParties,
}: {
  thirdParties: ViewThirdParty[];
}) {
  const troubled = thirdParties.filter((tp) => tp.status !== 'operational').length;
  return (
    <Panel title="Third-party status" count={troubled ? `${troubled} not operational` : undefined}>
      {thirdParties.length === 0 ? (
        <Empty>No third parties to watch.</Empty>
      ) : (
        <ul className="list">
          {thirdParties.map((tp) => (
            <li key={tp.id}>
              <div className="row">
                <strong style={{ flex: 1 }}>{tp.name}</strong>
                <span className={`badge ${tp.status}`}>{tp.status.replace('-', ' ')}</span>
              </div>
              {tp.note && (
                <p className="muted" style={{ margin: '3px 0 0' }}>
                  {tp.note} {tp.at > 0 && <span className="t">at {formatClock(tp.at)}</span>}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
});
