// /drill/:id: finds this device's seat in the drill, connects, and shows the console
// for that seat: facilitator, player or spectator; the debrief once the drill ends.
import { useCallback, useEffect, useState } from 'react';
import { Link } from '../app/Link.tsx';
import { navigate } from '../app/router.ts';
import type { CommandInput } from '../../shared/engine/commands.ts';
import { loadSeats, forgetSeats, type DrillSeats } from '../store/credentials.ts';
import { closeDrill, openDrill, sendCommand } from '../store/drill-connection.ts';
import { useDrillStore } from '../store/drill-store.ts';
import { runCommand, type Act } from '../lib/run-command.ts';
import { TopBar } from '../components/TopBar.tsx';
import { useVirtualTime, VirtualClock } from '../components/VirtualClock.tsx';
import { Coach, StallOffer } from '../components/Coach.tsx';
import { PracticeHistory } from '../components/PracticeHistory.tsx';
import { recordRun, type PracticeRun } from '../lib/practice-history.ts';
import type { DrillView } from '../lib/view-types.ts';
import { JoinForm } from '../components/JoinForm.tsx';
import { Panel } from '../components/Panel.tsx';
import { ConfirmButton } from '../components/ConfirmButton.tsx';
import { FacilitatorConsole } from './FacilitatorConsole.tsx';
import { PlayerConsole } from './PlayerConsole.tsx';
import { Debrief } from './Debrief.tsx';

const actSeat: Act = (command: CommandInput) => sendCommand(command, 'seat');
const actControl: Act = (command: CommandInput) => sendCommand(command, 'control');

export function DrillScreen({ id }: { id: string }) {
  const [seats] = useState<DrillSeats | null>(() => loadSeats(id));
  useEffect(() => {
    if (!seats) return;
    openDrill(seats.primary, seats.control);
    return () => closeDrill();
  }, [seats]);

  if (!seats) return <NoSeat id={id} />;
  return <SeatedDrill seats={seats} />;
}

function SeatedDrill({ seats }: { seats: DrillSeats }) {
  const view = useDrillStore((s) => s.view);
  const clock = useDrillStore((s) => s.clock);
  const status = useDrillStore((s) => s.status);
  const detail = useDrillStore((s) => s.detail);
  const [showConsole, setShowConsole] = useState(false);
  const seat = seats.primary.seat;

  useEffect(() => {
    const title = view?.drill.scenario.title;
    document.title = title ? `${title} · Firedrill` : 'Firedrill';
  }, [view?.drill.scenario.title]);

  if (status === 'denied' || status === 'kicked' || status === 'replaced') {
    return (
      <>
        <TopBar title="Drill" />
        <main className="page" id="main">
          <div className="center-box">
            <Panel
              title={
                status === 'kicked'
                  ? 'Removed from the drill'
                  : status === 'replaced'
                    ? 'Open in another window'
                    : 'Cannot open this drill'
              }
            >
              <p role="alert">{detail}</p>
              <div className="row">
                <Link className="button primary" href="/">
                  Back to the lobby
                </Link>
                {status === 'replaced' && (
                  <button onClick={() => window.location.reload()}>Continue here</button>
                )}
                {status === 'denied' && (
                  <button
                    onClick={() => {
                      forgetSeats(seats.drillId);
                      navigate('/');
                    }}
                  >
                    Forget this seat
                  </button>
                )}
              </div>
            </Panel>
          </div>
        </main>
      </>
    );
  }

  const roleName = view?.me?.role.name;
  const sub =
    seat === 'facilitator'
      ? 'facilitator'
      : seat === 'spectator'
        ? 'spectator'
        : roleName
          ? `you play ${roleName}`
          : 'player';
  return (
    <>
      <TopBar
        title={view?.drill.scenario.title ?? 'Connecting…'}
        sub={sub}
        heading={!(view?.drill.status === 'ended' && !showConsole)}
      >
        {view && view.drill.status !== 'ended' && (
          <VirtualClock
            clock={clock}
            status={view.drill.status}
            startsAt={view.drill.clock.startsAt}
            offset={view.drill.clock.offset}
          />
        )}
        {view?.drill.status === 'ended' && (
          <button
            className="small"
            onClick={() => setShowConsole(!showConsole)}
            aria-pressed={showConsole}
          >
            {showConsole ? 'Show the debrief' : 'Show the final console'}
          </button>
        )}
        {view && seat === 'player' && view.drill.status !== 'ended' && view.me && (
          <span className="faint nowrap" style={{ fontSize: 11 }}>
            <kbd>Ctrl</kbd> <kbd>K</kbd> actions
          </span>
        )}
      </TopBar>
      {view && status === 'reconnecting' && (
        <div className="banner warn" role="status" style={{ margin: '10px 16px 0' }}>
          <span className="dot warn pulse" aria-hidden="true" />
          Connection lost. What you see may be out of date; reconnecting and catching up by itself.
        </div>
      )}
      {!view ? (
        <main className="page" id="main">
          <p className="muted" role="status">
            {detail ?? 'Connecting to the drill…'}
          </p>
        </main>
      ) : view.drill.status === 'ended' && !showConsole ? (
        <Debrief
          view={view}
          facilitatorToken={seat === 'facilitator' ? seats.primary.token : null}
          extra={seats.control && seat === 'player' ? <SoloHistory view={view} /> : undefined}
          act={seat === 'facilitator' ? actSeat : undefined}
        />
      ) : seat === 'facilitator' ? (
        <FacilitatorConsole
          view={view}
          act={view.drill.status === 'ended' ? undefined : actSeat}
          joinCode={seats.joinCode ?? null}
          lens={{ drillId: seats.drillId, token: seats.primary.token }}
        />
      ) : (
        <PlayerConsole
          view={view}
          act={view.drill.status === 'ended' ? undefined : actSeat}
          participantId={seats.primary.participantId}
          top={
            seats.control && view.drill.status !== 'ended' ? (
              <>
                <SoloControls />
                <SoloStallOffer view={view} />
                <Coach view={view} />
              </>
            ) : undefined
          }
        />
      )}
    </>
  );
}

/** The coach's hint offer, re-rendered with the ticking clock (alone, not the console). */
function SoloStallOffer({ view }: { view: DrillView }) {
  const clock = useDrillStore((s) => s.clock);
  const now = useVirtualTime(clock);
  return (
    <StallOffer
      view={view}
      now={now}
      onHint={() => void runCommand(actControl, { type: 'revealHint' }, 'Hint revealed')}
    />
  );
}

/** A finished practice run, recorded once on this device, and the history it joins. */
function SoloHistory({ view }: { view: DrillView }) {
  const [runs, setRuns] = useState<readonly PracticeRun[]>([]);
  useEffect(() => {
    const d = view.debrief;
    if (!d || !view.me) return;
    setRuns(
      recordRun({
        drillId: view.drill.id,
        scenarioId: view.drill.scenario.id,
        title: view.drill.scenario.title,
        role: view.me.role.id,
        roleName: view.me.role.name,
        at: Date.now(),
        percent: d.score.percent,
        items: d.score.items.map((i) => ({
          id: i.id,
          label: i.label,
          earned: i.earned,
          max: i.max,
        })),
        penalties: d.score.penaltyItems.map((p) => ({
          id: p.id,
          label: p.label,
          points: p.points,
        })),
      }),
    );
  }, [view]);
  return <PracticeHistory runs={runs} scenarioId={view.drill.scenario.id} />;
}

/** Solo practice: the player also holds the facilitator's clock and hints. */
function SoloControls() {
  const status = useDrillStore((s) => s.view?.drill.status);
  const speed = useDrillStore((s) => s.view?.drill.speed ?? 1);
  const hintsLeft = useDrillStore((s) => s.view?.hintsLeft ?? 0);
  const run = useCallback((c: CommandInput, ok?: string) => void runCommand(actControl, c, ok), []);
  return (
    <div className="banner" role="region" aria-label="Practice controls">
      <strong>Solo practice</strong>
      <span className="faint">Bots play the other roles.</span>
      <span className="spacer" />
      {status === 'running' && <button onClick={() => run({ type: 'pause' })}>Pause</button>}
      {status === 'paused' && (
        <button className="primary" onClick={() => run({ type: 'resume' })}>
          Resume
        </button>
      )}
      <label htmlFor="solo-speed">Speed</label>
      <select
        id="solo-speed"
        value={speed}
        onChange={(e) => run({ type: 'setSpeed', speed: Number(e.target.value) })}
      >
        {[1, 2, 3, 4, 5, 6, 8, 10].map((s) => (
          <option key={s} value={s}>
            {s}x
          </option>
        ))}
      </select>
      <button
        disabled={hintsLeft === 0}
        onClick={() => run({ type: 'revealHint' }, 'Hint revealed')}
      >
        Reveal a hint ({hintsLeft} left)
      </button>
      <ConfirmButton
        confirm="Confirm: end practice"
        label="End practice"
        onConfirm={() => run({ type: 'end', reason: 'Practice ended by the player' })}
      >
        End practice
      </ConfirmButton>
    </div>
  );
}

function NoSeat({ id }: { id: string }) {
  return (
    <>
      <TopBar title="Join a drill" />
      <main className="page" id="main">
        <div className="center-box stack">
          <div className="banner info">
            This device has no seat in drill <span className="mono">{id}</span>. Join it with the
            code the facilitator shows.
          </div>
          <JoinForm />
        </div>
      </main>
    </>
  );
}
