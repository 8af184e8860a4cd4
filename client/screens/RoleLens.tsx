// The facilitator's role lens: one role's exact view, rebuilt from the event log and
// refreshed as the drill moves (at most every few seconds).
import { useEffect, useRef, useState } from 'react';
import { api } from '../lib/api.ts';
import { describeError } from '../lib/errors.ts';
import { loadReplay } from '../lib/replay.ts';
import type { DrillView } from '../lib/view-types.ts';
import { PlayerConsole } from './PlayerConsole.tsx';

const REFRESH_MS = 3000;

export default function RoleLens({
  drillId,
  token,
  role,
  seq,
}: {
  drillId: string;
  token: string;
  role: string;
  seq: number;
}) {
  const [view, setView] = useState<DrillView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const last = useRef(0);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const wait = Math.max(0, last.current + REFRESH_MS - Date.now());
    let cancelled = false;
    const timer = setTimeout(async () => {
      last.current = Date.now();
      try {
        const { scenario, events } = await api.events(drillId, token);
        if (cancelled) return;
        const replay = loadReplay(scenario, events);
        setView(replay.viewAt(replay.events.length - 1, { kind: 'player', role }));
        setError(null);
      } catch (e) {
        if (!cancelled) setError(describeError(e as { code: string; message: string }));
      }
    }, wait);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [drillId, token, role, seq, tick]);

  if (error) {
    return (
      <div className="banner crit" role="alert">
        {error}{' '}
        <button className="small" onClick={() => setTick(tick + 1)}>
          Retry
        </button>
      </div>
    );
  }
  if (!view) return <p className="muted">Rebuilding the view…</p>;
  return (
    <div data-testid="role-lens">
      <PlayerConsole
        view={view}

        embedded
      />
    </div>
  );
}
