// The public status page: updates posted so far, and a box for those who may post.
import { memo } from 'react';
import { formatClock } from '../lib/clock.ts';
import type { DrillView } from '../lib/view-types.ts';
import { Composer } from './Composer.tsx';
import { Empty, Panel } from './Panel.tsx';

export const StatusUpdates = memo(function StatusUpdates({
  updates,
  onPost,
  down = null,
}: {
  updates: DrillView['statusUpdates'];
  onPost?: ((text: string) => Promise<boolean>) | undefined;
  /** Why the status page cannot be updated now, if it cannot. */
  down?: string | null;
}) {
  const list = [...updates].reverse();
  return (
    <Panel title="Status page" count={updates.length || undefined} bodyClass="flush">
      <div style={{ padding: '4px 12px', maxHeight: 220, overflow: 'auto' }}>
        {list.length === 0 ? (
          <Empty>No public update yet.</Empty>
        ) : (
          <ul className="list">
            {list.map((u, i) => (
              <li key={i}>
                <div className="row">
                  <span className="t">{formatClock(u.t)}</span>
                  <span className="faint" style={{ fontSize: 12 }}>
                    {u.name}
                  </span>
                </div>
                <div>{u.text}</div>
              </li>
            ))}
          </ul>
        )}
      </div>
      {onPost && down !== null && (
        <p className="banner warn" role="status" style={{ margin: 8 }}>
          The status page cannot be updated: {down}
        </p>
      )}
      {onPost && down === null && (
        <Composer
          label="Post a status-page update"
          placeholder="What customers should know…"
          button="Publish"
          onSend={onPost}
        />
      )}
    </Panel>
  );
});
