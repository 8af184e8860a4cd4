// The coach of solo practice: on this device's first solo drill, what the screen shows and
// what a good first five minutes look like (it can be opened again); during a drill, a hint
// offered when the trainee has made no move for the scenario's `practice.stallMinutes`.
import { useState } from 'react';
import type { DrillView } from '../lib/view-types.ts';
import { coachSeen, markCoachSeen } from '../lib/practice-history.ts';

export function Coach({ view }: { view: DrillView }) {
  const [open, setOpen] = useState(() => !coachSeen());
  const bots = view.participants.filter((p) => p.kind === 'bot' && p.role !== null);
  const ask = bots[0] ? (view.roles.find((r) => r.id === bots[0]!.role)?.name ?? 'Ops') : 'Ops';
  if (!open)
    return (
      <button className="coach-open" onClick={() => setOpen(true)}>
        Coach: how to start
      </button>
    );
  return (
    <section className="panel coach" aria-labelledby="coach-title">
      <header>
        <h2 id="coach-title">Your coach</h2>
        <span className="spacer" />
        <button
          className="primary"
          onClick={() => {
            markCoachSeen();
            setOpen(false);
          }}
        >
          Got it
        </button>
      </header>
      <div className="body coach-body">
        <div>
          <h3>What the screen shows</h3>
          <ul>
            <li>
              <strong>Left:</strong> your role's brief (read it first), hints you took, what you
              found, alerts, tickets and vendors' status pages.
            </li>
            <li>
              <strong>Middle:</strong> the system map coloured by health, dashboards and logs.
              Everything you see is what your role would see.
            </li>
            <li>
              <strong>Right:</strong> your actions, the incident channel and the status page. The
              other roles are bots: they are in the channel like colleagues.
            </li>
          </ul>
        </div>
        <div>
          <h3>A good first five minutes</h3>
          <ol>
            <li>Acknowledge the page if your role can: say you own it.</li>
            <li>Read the alerts and the dashboards before you change anything.</li>
            <li>
              Ask what others see: <span className="mono">@{ask} what do you see?</span> Bots answer
              from their own screens, and do what you ask when their role can.
            </li>
            <li>Make one change at a time, then watch what it does.</li>
            <li>Keep people informed: a line in the channel, a status update if you post them.</li>
          </ol>
        </div>
      </div>
    </section>
  );
}

/** A hint offered when the trainee has not moved for the scenario's stall time. */
export function StallOffer({
  view,
  now,
  onHint,
}: {
  view: DrillView;
  /** The virtual second the clock reads now. */
  now: number;
  onHint: () => void;
}) {
  const p = view.practice;
  if (!p || p.stallMinutes === null || view.drill.status !== 'running') return null;
  const idle = now - p.lastMoveAt;
  if (idle < p.stallMinutes * 60) return null;
  const minutes = Math.floor(idle / 60);
  return (
    <div className="banner info stall-offer" role="status" aria-label="Coach offer">
      <span>
        <strong>Stuck?</strong> No move for {minutes} minute{minutes === 1 ? '' : 's'}. Ask a bot
        what it sees in the channel
        {p.nextHintCost !== null ? ', or take a hint.' : '.'}
      </span>
      <span className="spacer" />
      {p.nextHintCost !== null && (
        <button onClick={onHint}>Take a hint (costs {p.nextHintCost} points)</button>
      )}
    </div>
  );
}
