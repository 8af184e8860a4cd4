// The room screen: for the projector or TV in the meeting room while a team plays. The
// clock in story time, the incident channel and the status page, in large type. It holds a
// read-only seat the facilitator opens (the token travels in the URL fragment, which is
// never sent to a server): no phase names, no secrets, no controls.
import { useEffect, useLayoutEffect, useRef } from 'react';
import { formatClock, storyTime } from '../lib/clock.ts';
import { useRoomView } from '../store/room-connection.ts';
import { useVirtualTime } from '../components/VirtualClock.tsx';

export function RoomScreen({ drillId }: { drillId: string }) {
  const token = decodeURIComponent(location.hash.slice(1));
  const { view, at, status, detail } = useRoomView(drillId, token);
  const channel = useRef<HTMLOListElement>(null);
  const t = useVirtualTime(
    view
      ? { t: view.drill.t, speed: view.drill.speed, running: view.drill.status === 'running', at }
      : null,
  );
  useEffect(() => {
    document.title = view ? `${view.drill.title} · Room` : 'Room · Firedrill';
  }, [view]);
  useLayoutEffect(() => {
    if (channel.current) channel.current.scrollTop = channel.current.scrollHeight;
  }, [view?.channel.length]);

  if (!view)
    return (
      <main className="room" id="main">
        <p role="status" className="muted">
          {status === 'denied' ? `This room link does not work: ${detail}` : 'Connecting…'}
        </p>
      </main>
    );
  const story = storyTime(view.drill.clock.startsAt, t, view.drill.clock.offset);
  const state =
    view.drill.status === 'lobby'
      ? 'Starting soon'
      : view.drill.status === 'paused'
        ? 'Paused'
        : view.drill.status === 'ended'
          ? 'The drill has ended'
          : null;
  return (
    <main className="room" id="main">
      <header className="room-head">
        <h1>{view.drill.title}</h1>
        <div className="room-clock" aria-label="Drill clock">
          {story && <span className="room-story">{story}</span>}
          <span className="room-t">
            T+{formatClock(view.drill.ended ? view.drill.ended.at : t)}
          </span>
          {state && <span className="room-state">{state}</span>}
          {status === 'reconnecting' && <span className="room-state">Reconnecting…</span>}
        </div>
      </header>
      <div className="room-body">
        <section aria-labelledby="room-channel">
          <h2 id="room-channel">Incident channel</h2>
          {view.channel.length === 0 ? (
            <p className="muted">No messages yet.</p>
          ) : (
            <ol className="room-msgs" ref={channel}>
              {view.channel.map((m, i) => (
                <li key={i}>
                  <span className="t">{formatClock(m.t)}</span> <strong>{m.from}</strong>
                  {m.character ? (
                    <span className="faint"> (character)</span>
                  ) : (
                    m.role && <span className="faint"> · {m.role}</span>
                  )}
                  <div>{m.text}</div>
                </li>
              ))}
            </ol>
          )}
        </section>
        <section aria-labelledby="room-status">
          <h2 id="room-status">Status page</h2>
          {view.statusUpdates.length === 0 ? (
            <p className="muted">No public updates yet.</p>
          ) : (
            <ol className="room-msgs">
              {[...view.statusUpdates].reverse().map((u, i) => (
                <li key={i}>
                  <span className="t">{formatClock(u.t)}</span>
                  <div>{u.text}</div>
                </li>
              ))}
            </ol>
          )}
          {view.thirdParties.length > 0 && (
            <>
              <h2>Providers</h2>
              <ul className="room-msgs">
                {view.thirdParties.map((tp) => (
                  <li key={tp.id}>
                    <strong>{tp.name}</strong>: {tp.status}
                    {tp.note && <span className="muted"> ({tp.note})</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </div>
    </main>
  );
}
