// The action palette: every action this role can take, grouped by category, with its
// parameters as selects. Unavailable actions stay visible with the reason.
import { memo, useState } from 'react';
import type { ViewAction } from '../lib/view-types.ts';
import { Empty, Panel } from './Panel.tsx';

export type RunAction = (action: ViewAction, params: Record<string, string>) => Promise<boolean>;

const CATEGORIES = ['investigate', 'mitigate', 'communicate', 'escalate', 'coordinate'];

export const ActionPalette = memo(function ActionPalette({
  actions,
  onRun,
  running,
}: {
  actions: ViewAction[];
  onRun?: RunAction | undefined;
  /** Whether the drill clock runs (actions only work then). */
  running: boolean;
}) {
  const groups = CATEGORIES.map((c) => ({ c, list: actions.filter((a) => a.category === c) }))
    .concat([{ c: 'other', list: actions.filter((a) => !CATEGORIES.includes(a.category)) }])
    .filter((g) => g.list.length > 0);
  return (
    <Panel
      title="Actions"
      className="actions-panel"
      count={actions.filter((a) => a.available).length + ' available'}
      tools={
        onRun && (
          <span className="faint" style={{ fontSize: 11 }}>
            <kbd>Ctrl</kbd> <kbd>K</kbd> to search
          </span>
        )
      }
    >
      {actions.length === 0 ? (
        <Empty>Your role has no actions.</Empty>
      ) : (
        groups.map((g) => (
          <div className="actions-group" key={g.c}>
            <h3>{g.c}</h3>
            {g.list.map((a) => (
              <ActionCard key={a.id} action={a} onRun={onRun} running={running} />
            ))}
          </div>
        ))
      )}
    </Panel>
  );
});

function ActionCard({
  action: a,
  onRun,
  running,
}: {
  action: ViewAction;
  onRun?: RunAction | undefined;
  running: boolean;
}) {
  const [params, setParams] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const missing = a.params.some((p) => !params[p.id]);
  const reason = a.reason ?? (!running ? 'The drill clock is not running.' : null);
  const run = async () => {
    if (!onRun || busy) return;
    setBusy(true);
    try {
      if (await onRun(a, params)) setParams({});
    } finally {
      setBusy(false);
    }
  };
  const descId = `act-${a.id}-desc`;
  return (
    <div className={`action ${a.available ? '' : 'unavailable'}`} data-action={a.id}>
      <div className="top">
        <span className="label">{a.label}</span>
        {a.duration !== null && a.duration > 0 && (
          <span className="chip" title="Virtual minutes until it completes">
            {a.duration} min
          </span>
        )}
        {a.pending ? (
          <span className="chip lvl-warn">in progress</span>
        ) : (
          a.timesTaken > 0 && (
            <span className="chip">done{a.timesTaken > 1 ? ` ×${a.timesTaken}` : ''}</span>
          )
        )}
        {onRun && (
          <button
            className="small primary"
            disabled={!a.available || missing || busy}
            onClick={run}
            aria-label={`Run: ${a.label}`}
            aria-describedby={descId}
          >
            {busy ? 'Sending…' : 'Run'}
          </button>
        )}
      </div>
      <div id={descId}>
        {a.description && <p className="desc">{a.description}</p>}
        {/* "Already done" says nothing the chip does not. */}
        {!a.available &&
          !a.pending &&
          reason &&
          !(a.timesTaken > 0 && reason === 'Already done.') && (
            <div className="reason">{reason}</div>
          )}
      </div>
      {a.params.length > 0 && a.available && onRun && (
        <div className="params">
          {a.params.map((p) => (
            <select
              key={p.id}
              aria-label={`${a.label}: ${p.label}`}
              value={params[p.id] ?? ''}
              onChange={(e) => setParams({ ...params, [p.id]: e.target.value })}
            >
              <option value="">{p.label}…</option>
              {p.choices.map((ch) => (
                <option key={ch.value} value={ch.value}>
                  {ch.label}
                </option>
              ))}
            </select>
          ))}
        </div>
      )}
    </div>
  );
}
