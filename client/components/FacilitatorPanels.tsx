// The facilitator's panels: participants and roles, clock controls, phase, injects,
// hints and the live score. Each takes `act`; without it (a replay) they only show.
import { lazy, Suspense, useState } from 'react';
import { copyText } from '../lib/clipboard.ts';
import { formatClock } from '../lib/clock.ts';
import { runCommand, type Act } from '../lib/run-command.ts';
import type { DrillView, FacilitatorPanel } from '../lib/view-types.ts';
import { useDrillStore } from '../store/drill-store.ts';
import { notify } from '../store/notices.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { ReclaimSeat, type SeatAdmin } from './ReclaimSeat.tsx';
import { Empty, Panel } from './Panel.tsx';
import { RoleSelect } from './RoleSelect.tsx';

// The QR code encoder is loaded only by the facilitator's console, not by every first page.
const JoinInvite = lazy(() => import('./JoinInvite.tsx').then((m) => ({ default: m.JoinInvite })));

export function JoinCode({ code }: { code: string | null }) {
  const [copied, setCopied] = useState(false);
  return (
    <section
      className="panel"
      aria-label="Join code"
      style={{ padding: '10px 14px', justifyContent: 'center' }}
    >
      <h2>Join code</h2>
      {code ? (
        <div className="row" style={{ marginTop: 4 }}>
          <span className="joincode" data-testid="join-code">
            {code}
          </span>
          <button
            className="small"
            onClick={async () => {
              const ok = await copyText(code);
              setCopied(ok);
              if (!ok) notify('error', 'Could not copy; select the code instead.');
              else setTimeout(() => setCopied(false), 2000);
            }}
            aria-label="Copy the join code"
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      ) : (
        <p className="faint" style={{ margin: '6px 0 0', maxWidth: 180 }}>
          Shown on the device that created the drill.
        </p>
      )}
      {code && (
        <Suspense fallback={null}>
          <JoinInvite code={code} />
        </Suspense>
      )}
      <p className="faint" style={{ margin: '4px 0 0', fontSize: 11 }}>
        Players enter it in the lobby at {location.host}
      </p>
    </section>
  );
}

export function ClockControls({ view, act }: { view: DrillView; act?: Act | undefined }) {
  const status = view.drill.status;
  const speeds = [1, 2, 3, 4, 5, 6, 8, 10];
  return (
    <section className="panel" aria-label="Clock controls" style={{ padding: '10px 14px', gap: 8 }}>
      <h2>Clock</h2>
      <div className="row">
        {status === 'lobby' && (
          <button
            className="primary"
            disabled={!act}
            onClick={() => act && void runCommand(act, { type: 'start' }, 'Drill started')}
          >
            Start drill
          </button>
        )}
        {status === 'running' && (
          <button disabled={!act} onClick={() => act && void runCommand(act, { type: 'pause' })}>
            Pause
          </button>
        )}
        {status === 'paused' && (
          <button
            className="primary"
            disabled={!act}
            onClick={() => act && void runCommand(act, { type: 'resume' })}
          >
            Resume
          </button>
        )}
        <label htmlFor="speed" className="nowrap">
          Speed
        </label>
        <select
          id="speed"
          value={view.drill.speed}
          disabled={!act || status === 'ended'}
          onChange={(e) =>
            act && void runCommand(act, { type: 'setSpeed', speed: Number(e.target.value) })
          }
        >
          {speeds.map((s) => (
            <option key={s} value={s}>
              {s}x
            </option>
          ))}
        </select>
        {status !== 'ended' && act && (
          <ConfirmButton
            confirm="Confirm: end now"
            label="End drill"
            onConfirm={() => void runCommand(act, { type: 'end' }, 'Drill ended')}
          >
            End drill
          </ConfirmButton>
        )}
      </div>
    </section>
  );
}

export function PhasePanel({ panel }: { panel: FacilitatorPanel }) {
  return (
    <section className="panel" aria-label="Phase" style={{ padding: '10px 14px', gap: 4 }}>
      <h2>Phase</h2>
      <strong>{panel.phase.title}</strong>
      {panel.phase.description && (
        <span className="muted" style={{ fontSize: 12 }}>
          {panel.phase.description}
        </span>
      )}
      <ol
        className="row wrap"
        style={{ listStyle: 'none', padding: 0, margin: '4px 0 0', gap: 4 }}
        aria-label="Phases"
      >
        {panel.phases.map((p) => (
          <li
            key={p.id}
            className="chip"
            aria-current={p.id === panel.phase.id ? 'step' : undefined}
            style={
              p.id === panel.phase.id
                ? { borderColor: '#1f6feb', color: '#cfe3ff' }
                : p.enteredAt === null
                  ? { borderStyle: 'dashed' }
                  : undefined
            }
            title={p.enteredAt !== null ? `entered at ${formatClock(p.enteredAt)}` : 'not reached'}
          >
            {p.title}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function ScorePreview({ panel }: { panel: FacilitatorPanel }) {
  const s = panel.score;
  const tone = s.percent >= 75 ? 'ok' : s.percent >= 45 ? 'warn' : 'crit';
  return (
    <section
      className="panel"
      aria-label="Live score"
      style={{ padding: '10px 14px', gap: 6, minWidth: 170 }}
    >
      <h2>Live score</h2>
      <div className="row">
        <span className="score-big" data-testid="live-score" style={{ fontSize: 30 }}>
          {s.percent}%
        </span>
      </div>
      <div className={`meter ${tone}`} aria-hidden="true">
        <span style={{ width: `${s.percent}%` }} />
      </div>
      <span className="faint" style={{ fontSize: 11 }}>
        {s.earned} of {s.max} points, −{s.penalties} penalties
      </span>
    </section>
  );
}

export function ScoreItems({ panel }: { panel: FacilitatorPanel }) {
  const s = panel.score;
  return (
    <Panel title="Score so far" count={`${s.percent}%`}>
      <table className="grid">
        <tbody>
          {s.items.map((i) => (
            <tr key={i.id} title={i.explanation}>
              <td>
                {i.label}
                {i.judged && <span className="badge info"> by hand</span>}
              </td>
              <td className="num item-earned">
                {i.earned}/{i.max}
              </td>
            </tr>
          ))}
          {s.penaltyItems.map((p) => (
            <tr key={`p-${p.id}`} title={p.why}>
              <td className="lvl-error">{p.label}</td>
              <td className="num item-earned lvl-error">−{p.points}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

export function Participants({
  view,
  act,
  admin,
}: {
  view: DrillView;
  act?: Act | undefined;
  /** The facilitator's credential: issues seat codes for people who lost their session. */
  admin?: SeatAdmin | undefined;
}) {
  const people = view.participants;
  const online = useDrillStore((s) => s.online);
  const missing = view.roles.filter((r) => r.required && r.players.length === 0);
  return (
    <Panel title="Players & roles" count={people.length}>
      {missing.length > 0 && view.drill.status === 'lobby' && (
        <p className="lvl-warn" style={{ fontSize: 12 }}>
          Still needed: {missing.map((r) => r.name).join(', ')}
        </p>
      )}
      {view.facilitator &&
        view.facilitator.unplayedSteps.length > 0 &&
        view.drill.status === 'lobby' && (
          <p className="lvl-warn" style={{ fontSize: 12 }}>
            Nobody plays{' '}
            {view.facilitator.unplayedSteps
              .map((u) => `${u.name} (${u.steps} ideal step${u.steps === 1 ? '' : 's'})`)
              .join(', ')}
            : those steps will not count.
          </p>
        )}
      {people.length === 0 ? (
        <Empty>Nobody has joined yet. Share the join code.</Empty>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id} data-participant={p.name}>
                <td>
                  {online && p.kind !== 'bot' && (
                    <span
                      className={`dot ${online.includes(p.id) ? 'ok' : 'off'}`}
                      role="img"
                      aria-label={online.includes(p.id) ? 'online' : 'offline'}
                      title={online.includes(p.id) ? 'Online now' : 'Not connected'}
                      data-presence={online.includes(p.id) ? 'online' : 'offline'}
                    />
                  )}{' '}
                  {p.name}
                  {p.kind !== 'player' && <span className="faint"> ({p.kind})</span>}
                </td>
                <td>
                  {p.kind === 'spectator' ? (
                    <span className="faint">watching</span>
                  ) : (
                    <RoleSelect
                      view={view}
                      act={act}
                      participantId={p.id}
                      role={p.role}
                      disabled={view.drill.status === 'ended'}
                      label={`Role for ${p.name}`}
                    />
                  )}
                </td>
                <td className="num row-tools">
                  {/* For someone who lost their session: offline, or not known yet. */}
                  {admin && p.kind !== 'bot' && !online?.includes(p.id) && (
                    <ReclaimSeat admin={admin} participantId={p.id} name={p.name} />
                  )}
                  {act && view.drill.status !== 'ended' && (
                    <ConfirmButton
                      className="danger small"
                      confirm="Remove?"
                      label={`Remove ${p.name}`}
                      onConfirm={() =>
                        void runCommand(
                          act,
                          { type: 'removeParticipant', participantId: p.id },
                          `${p.name} removed`,
                        )
                      }
                    >
                      Remove
                    </ConfirmButton>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

export function Injects({
  view,
  panel,
  act,
}: {
  view: DrillView;
  panel: FacilitatorPanel;
  act?: Act | undefined;
}) {
  const started = view.drill.status === 'running' || view.drill.status === 'paused';
  const fired = panel.injects.filter((i) => i.firedAt !== null).length;
  return (
    <Panel title="Injects" count={`${fired} of ${panel.injects.length} fired`}>
      {panel.injects.length === 0 ? (
        <Empty>This scenario has no injects.</Empty>
      ) : (
        <ul className="list">
          {panel.injects.map((i) => (
            <li key={i.id}>
              <div className="row">
                <strong style={{ flex: 1 }}>{i.title}</strong>
                {i.firedAt !== null ? (
                  <span className="badge ok">fired {formatClock(i.firedAt)}</span>
                ) : i.at !== null ? (
                  <span className="chip">at {i.at} min</span>
                ) : !i.manual ? (
                  <span className="chip">on phase</span>
                ) : null}
                {i.manual && i.firedAt === null && act && (
                  <button
                    className="small"
                    disabled={!started}
                    title={started ? undefined : 'Start the drill first'}
                    onClick={() =>
                      void runCommand(
                        act,
                        { type: 'fireInject', inject: i.id },
                        `Inject fired: ${i.title}`,
                      )
                    }
                    aria-label={`Fire inject: ${i.title}`}
                  >
                    Fire
                  </button>
                )}
              </div>
              {i.description && (
                <p className="muted" style={{ margin: '3px 0 0', fontSize: 12 }}>
                  {i.description}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

export function HintPanel({
  view,
  panel,
  act,
}: {
  view: DrillView;
  panel: FacilitatorPanel;
  act?: Act | undefined;
}) {
  const next = panel.hints.find((h) => !h.revealed);
  const started = view.drill.status === 'running' || view.drill.status === 'paused';
  return (
    <Panel
      title="Hints"
      count={`${panel.hints.filter((h) => h.revealed).length} of ${panel.hints.length}`}
      tools={
        act && (
          <button
            className="small"
            disabled={!next || !started}
            onClick={() => void runCommand(act, { type: 'revealHint' }, 'Hint revealed')}
            title={next ? `Costs the team ${next.cost} points` : 'Every hint is out'}
          >
            Reveal next hint
          </button>
        )
      }
    >
      {panel.hints.length === 0 ? (
        <Empty>No hints in this scenario.</Empty>
      ) : (
        <ol className="list">
          {panel.hints.map((h) => (
            <li key={h.id} style={h.revealed ? undefined : { color: 'var(--muted)' }}>
              <div className="row" style={{ marginBottom: 2 }}>
                <span className={`badge ${h.revealed ? 'ok' : ''}`}>
                  {h.revealed ? 'revealed' : 'hidden'}
                </span>
                <span className="faint">costs {h.cost} points</span>
              </div>
              <div>{h.text}</div>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}

export function Variables({ panel }: { panel: FacilitatorPanel }) {
  const entries = Object.entries(panel.vars);
  if (entries.length === 0) return null;
  return (
    <Panel title="Variables" count={entries.length}>
      <table className="grid mono" style={{ fontSize: 12 }}>
        <tbody>
          {entries.map(([k, v]) => (
            <tr key={k}>
              <td>{k}</td>
              <td className="num">{String(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
