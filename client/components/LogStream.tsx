// The log viewer: the newest lines of every stream this seat may see, with a text filter
// ("timeout -health level:warn") and a stream selector. Follows the tail unless the
// reader scrolled up.
import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { formatClock } from '../lib/clock.ts';
import { filterLogs, parseLogQuery } from '../lib/log-filter.ts';
import type { DrillView } from '../lib/view-types.ts';
import { Empty, Panel } from './Panel.tsx';

export const LogStream = memo(function LogStream({
  logs,
  streams,
}: {
  logs: DrillView['logs'];
  streams: DrillView['logStreams'];
}) {
  const [query, setQuery] = useState('');
  const [stream, setStream] = useState('');
  const box = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  const shown = useMemo(
    () => filterLogs(logs, parseLogQuery(query, stream || null)),
    [logs, query, stream],
  );
  const label = new Map(streams.map((s) => [s.id, s.label]));
  const down = streams.filter((s) => s.noData !== null);

  useLayoutEffect(() => {
    const el = box.current;
    if (el && follow.current) el.scrollTop = el.scrollHeight;
  }, [shown]);

  return (
    <Panel
      title="Logs"
      count={shown.length === logs.length ? logs.length : `${shown.length} of ${logs.length}`}
      bodyClass="flush"
      tools={
        <div className="row">
          <label className="sr-only" htmlFor="log-stream">
            Log stream
          </label>
          <select id="log-stream" value={stream} onChange={(e) => setStream(e.target.value)}>
            <option value="">All streams</option>
            {streams.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
          <label className="sr-only" htmlFor="log-filter">
            Filter logs
          </label>
          <input
            id="log-filter"
            type="search"
            placeholder="Filter: words, -exclude, level:warn"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            style={{ width: 230 }}
          />
        </div>
      }
    >
      {down.map((s) => (
        <p key={s.id} className="banner warn" role="status" style={{ margin: 8 }}>
          No data from {s.label}: {s.noData}
        </p>
      ))}
      <div
        className="logs"
        ref={box}
        tabIndex={0}
        role="log"
        aria-label="Log lines"
        onScroll={(e) => {
          const el = e.currentTarget;
          follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {streams.length === 0 ? (
          <Empty>No log streams visible to you.</Empty>
        ) : shown.length === 0 ? (
          <Empty>{logs.length === 0 ? 'Nothing logged yet.' : 'No line matches the filter.'}</Empty>
        ) : (
          shown.map((l, i) => (
            <div className="line" key={`${l.t}-${l.stream}-${i}`}>
              <span className="t">{formatClock(l.t)}</span>{' '}
              <span className={`lvl lvl-${l.level}`}>{l.level.toUpperCase()}</span>
              {streams.length > 1 && (
                <span className="faint">[{label.get(l.stream) ?? l.stream}] </span>
              )}
              {l.text}
            </div>
          ))
        )}
      </div>
    </Panel>
  );
});
