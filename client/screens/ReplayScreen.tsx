// /replay/:id: the drill's event log folded in the browser. A scrubber moves through the
// events (arrows step, Shift+arrows jump ten, Space plays); a seat selector shows what the
// facilitator or any role saw at that moment, in the same read-only consoles.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from '../app/Link.tsx';
import { useSearchParam } from '../app/router.ts';
import { api, ApiError } from '../lib/api.ts';
import { formatClock } from '../lib/clock.ts';
import { describeError } from '../lib/errors.ts';
import { loadReplay, replaySeats, ReplayError, type Replay } from '../lib/replay.ts';
import { loadSeats } from '../store/credentials.ts';
import { Panel } from '../components/Panel.tsx';
import { PlayAgain } from '../components/PlayAgain.tsx';
import { TopBar } from '../components/TopBar.tsx';
import { Debrief } from './Debrief.tsx';
import { FacilitatorConsole } from './FacilitatorConsole.tsx';
import { PlayerConsole } from './PlayerConsole.tsx';

type Load =
  { state: 'loading' } | { state: 'error'; message: string } | { state: 'ok'; replay: Replay };

export default function ReplayScreen({ id }: { id: string }) {
  const tokenParam = useSearchParam('token');
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const token =
    tokenParam ??
    (() => {
      const seats = loadSeats(id);
      return seats?.control?.token ?? seats?.primary.token ?? null;
    })();

  useEffect(() => {
    document.title = 'Replay · Firedrill';
    if (!token) {
      setLoad({
        state: 'error',
        message: 'This device has no seat in that drill, so it cannot fetch its events.',
      });
      return;
    }
    let cancelled = false;
    api
      .events(id, token)
      .then(
        ({ scenario, events }) =>
          !cancelled && setLoad({ state: 'ok', replay: loadReplay(scenario, events) }),
      )
      .catch((e: unknown) => {
        if (cancelled) return;
        const message =
          e instanceof ApiError
            ? e.code === 'FORBIDDEN'
              ? 'Players can replay a drill once it has ended.'
              : describeError(e)
            : e instanceof ReplayError
              ? e.message
              : 'Could not load the replay.';
        setLoad({ state: 'error', message });
      });
    return () => {
      cancelled = true;
    };
  }, [id, token]);

  if (load.state !== 'ok') {
    return (
      <>
        <TopBar title="Replay" />
        <main className="page" id="main">
          {load.state === 'loading' ? (
            <p className="muted" role="status">
              Loading the drill's events…
            </p>
          ) : (
            <div className="center-box">
              <Panel title="Cannot replay this drill">
                <p role="alert">{load.message}</p>
                <Link className="button" href="/">
                  Back to the lobby
                </Link>
              </Panel>
            </div>
          )}
        </main>
      </>
    );
  }
  return (
    <ReplayPlayer
      replay={load.replay}
      ownRole={roleOf(load.replay, loadSeats(id)?.primary.participantId ?? null)}
    />
  );
}

function ReplayPlayer({ replay, ownRole }: { replay: Replay; ownRole: string | null }) {
  const last = replay.events.length - 1;
  const [index, setIndex] = useState(last);
  const [seatKey, setSeatKey] = useState('facilitator');
  const [playing, setPlaying] = useState(false);
  const [showDebrief, setShowDebrief] = useState(false);
  const seats = useMemo(() => replaySeats(replay.compiled), [replay]);
  const seat = seats.find((s) => s.key === seatKey) ?? seats[0]!;
  const view = useMemo(() => replay.viewAt(index, seat.seat), [replay, index, seat]);
  const event = replay.events[index]!;
  const scrubber = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!playing) return;
    if (index >= last) {
      setPlaying(false);
      return;
    }
    // Wait in proportion to the virtual gap to the next event, within limits.
    const gap = replay.events[index + 1]!.at - event.at;
    const id = setTimeout(
      () => setIndex((i) => Math.min(last, i + 1)),
      Math.min(1200, Math.max(120, gap * 20)),
    );
    return () => clearTimeout(id);
  }, [playing, index, last, replay, event]);

  const onKey = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 10 : 1;
    if (e.key === 'ArrowRight' || e.key === 'ArrowUp') setIndex(Math.min(last, index + step));
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') setIndex(Math.max(0, index - step));
    else if (e.key === 'Home') setIndex(0);
    else if (e.key === 'End') setIndex(last);
    else if (e.key === ' ') setPlaying(!playing);
    else return;
    e.preventDefault();
  };

  return (
    <>
      <TopBar title={`Replay: ${replay.compiled.scenario.title}`} sub={`drill ${view.drill.id}`} />
      <main className="page" id="main">
        <div className="scrubber" role="group" aria-label="Replay controls" onKeyDown={onKey}>
          <button
            className={playing ? '' : 'primary'}
            onClick={() => (index >= last ? (setIndex(0), setPlaying(true)) : setPlaying(!playing))}
            aria-label={playing ? 'Pause the replay' : 'Play the replay'}
          >
            {playing ? 'Pause' : 'Play'}
          </button>
          <span className="clock" aria-label="Virtual time at this event">
            T+{formatClock(event.at)}
          </span>
          <input
            ref={scrubber}
            type="range"
            min={0}
            max={last}
            value={index}
            onChange={(e) => setIndex(Number(e.target.value))}
            aria-label="Event"
            aria-valuetext={`Event ${index + 1} of ${last + 1}: ${event.type} at ${formatClock(event.at)}`}
          />
          <span className="faint nowrap mono" style={{ fontSize: 12 }}>
            {index + 1}/{last + 1} · {event.type}
          </span>
          <div className="row">
            <label htmlFor="replay-seat">Seat</label>
            <select id="replay-seat" value={seatKey} onChange={(e) => setSeatKey(e.target.value)}>
              {seats.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.label}
                </option>
              ))}
            </select>
            {view.debrief && (
              <button
                className="small"
                aria-pressed={showDebrief}
                onClick={() => setShowDebrief(!showDebrief)}
              >
                {showDebrief ? 'Console' : 'Debrief'}
              </button>
            )}
          </div>
        </div>
        <p className="faint" style={{ fontSize: 11, margin: '-6px 0 10px' }}>
          <kbd>←</kbd> <kbd>→</kbd> step · <kbd>Shift</kbd> jumps ten · <kbd>Home</kbd>/
          <kbd>End</kbd> · <kbd>Space</kbd> play
        </p>
        {replay.events[0]?.type === 'created' && replay.events.at(-1)?.type === 'ended' && (
          <PlayAgain
            scenario={{ id: replay.compiled.scenario.id, title: replay.compiled.scenario.title }}
            seed={replay.events[0].seed}
            roles={replay.compiled.scenario.roles}
            defaultRole={ownRole}
          />
        )}
        {showDebrief && view.debrief ? (
          <Debrief view={view} replayable={false} embedded />
        ) : seat.seat.kind === 'facilitator' ? (
          <FacilitatorConsole view={view} />
        ) : (
          <PlayerConsole view={view} embedded />
        )}
      </main>
    </>
  );
}

/** The role this device's seat held at the end of the drill, if it played one. */
function roleOf(replay: Replay, participantId: string | null): string | null {
  if (participantId === null) return null;
  const final = replay.stateAt(replay.events.length - 1);
  return final.participants[participantId]?.role ?? null;
}
