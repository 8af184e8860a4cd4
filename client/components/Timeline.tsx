// The drill's timeline as this seat may see it, newest at the bottom; optionally filtered
// to what one role did.
import { memo, useLayoutEffect, useRef, useState } from 'react';
import { formatClock } from '../lib/clock.ts';
import type { ViewRole, ViewTimelineEntry } from '../lib/view-types.ts';
import { Empty, Panel } from './Panel.tsx';

export const Timeline = memo(function Timeline({
  entries,
  roles,
  title = 'Timeline',
  height = 420,
  filterable = false,
  follow = true,
}: {
  entries: ViewTimelineEntry[];
  roles: ViewRole[];
  title?: string;
  height?: number;
  filterable?: boolean;
  /** Keep the newest entry in view (live); off for reading a finished drill from the top. */
  follow?: boolean;
}) {
  const [role, setRole] = useState('');
  const [kind, setKind] = useState('');
  const box = useRef<HTMLDivElement>(null);
  const shown = entries.filter((e) => (!role || e.role === role) && (!kind || e.kind === kind));
  const kinds = [...new Set(entries.map((e) => e.kind))].sort();
  useLayoutEffect(() => {
    const el = box.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [shown.length, follow]);
  const roleName = (id: string | null) => roles.find((r) => r.id === id)?.name;
  return (
    <Panel
      title={title}
      count={shown.length}
      bodyClass="flush"
      tools={
        filterable && (
          <div className="row">
            <select
              aria-label="Show the timeline of one role"
              value={role}
              onChange={(e) => setRole(e.target.value)}
            >
              <option value="">Every role</option>
              {roles.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
            <select
              aria-label="Show one kind of entry"
              value={kind}
              onChange={(e) => setKind(e.target.value)}
            >
              <option value="">Every kind</option>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </div>
        )
      }
    >
      <div
        ref={box}
        style={{ maxHeight: height, overflow: 'auto', padding: '2px 12px' }}
        tabIndex={0}
        role="log"
        aria-label={title}
      >
        {shown.length === 0 ? (
          <Empty>Nothing yet.</Empty>
        ) : (
          <ol className="timeline">
            {shown.map((e, i) => (
              <li key={i}>
                <span className="t">{formatClock(e.t)}</span>
                <span className={`kind kind-${e.kind}`}>{e.kind}</span>
                <span>
                  {e.text}
                  {e.role && !role && (
                    <span className="faint"> · {roleName(e.role) ?? e.role}</span>
                  )}
                </span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </Panel>
  );
});
