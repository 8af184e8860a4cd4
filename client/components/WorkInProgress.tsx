// What this role has under way (actions that take time, with a way to call them off) and
// requests for a second pair of eyes it may confirm.
import { memo } from 'react';
import { formatClock } from '../lib/clock.ts';
import type { DrillView } from '../lib/view-types.ts';
import { Panel } from './Panel.tsx';

export const WorkInProgress = memo(function WorkInProgress({
  running,
  confirmations,
  participantId,
  onCancel,
  onConfirm,
}: {
  running: DrillView['running'];
  confirmations: DrillView['confirmations'];
  /** This seat's participant: a person cannot confirm their own request. */
  participantId: string | null;
  onCancel?: ((record: number) => void) | undefined;
  onConfirm?: ((record: number) => void) | undefined;
}) {
  const toConfirm = confirmations.filter((c) => c.participantId !== participantId);
  if (running.length === 0 && toConfirm.length === 0) return null;
  return (
    <Panel title="Under way" count={running.length + toConfirm.length}>
      <ul className="list">
        {toConfirm.map((c) => (
          <li key={`confirm-${c.record}`} className="row">
            <span style={{ flex: 1 }}>
              <strong>{c.by}</strong> asks you to confirm: {c.label}
            </span>
            {onConfirm && (
              <button
                className="small primary"
                onClick={() => onConfirm(c.record)}
                aria-label={`Confirm ${c.label}`}
              >
                Confirm
              </button>
            )}
          </li>
        ))}
        {running.map((r) => (
          <li key={`run-${r.record}`} className="row">
            <span style={{ flex: 1 }}>
              {r.label}{' '}
              <span className="faint">
                by {r.by}
                {r.awaitingConfirmation
                  ? ', waiting for a confirmation'
                  : r.endsAt !== null
                    ? `, done at T+${formatClock(r.endsAt)}`
                    : ''}
              </span>
            </span>
            {onCancel && (
              <button
                className="small"
                onClick={() => onCancel(r.record)}
                aria-label={`Call off ${r.label}`}
              >
                Call off
              </button>
            )}
          </li>
        ))}
      </ul>
    </Panel>
  );
});
