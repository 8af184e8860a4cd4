// Always-visible connection state: live (sending, or waiting out a busy server to send
// again), reconnecting (with attempts), refused. Outside a drill it shows whether the
// browser is online.
import { useSyncExternalStore } from 'react';
import { useDrillStore } from '../store/drill-store.ts';

function subscribeOnline(cb: () => void) {
  window.addEventListener('online', cb);
  window.addEventListener('offline', cb);
  return () => {
    window.removeEventListener('online', cb);
    window.removeEventListener('offline', cb);
  };
}

export function ConnectionIndicator() {
  const status = useDrillStore((s) => s.status);
  const attempts = useDrillStore((s) => s.attempts);
  const detail = useDrillStore((s) => s.detail);
  const inFlight = useDrillStore((s) => s.inFlight);
  const busyRetries = useDrillStore((s) => s.busyRetries);
  const online = useSyncExternalStore(subscribeOnline, () => navigator.onLine);

  let text: string;
  let dot: string;
  let cls = '';
  switch (status) {
    case 'idle':
      text = online ? 'Online' : 'Offline';
      dot = online ? 'ok' : 'crit';
      cls = online ? '' : 'bad';
      break;
    case 'connecting':
      text = attempts > 0 ? `Connecting (try ${attempts + 1})` : 'Connecting';
      dot = 'warn pulse';
      break;
    case 'live':
      if (busyRetries > 0) {
        text = 'Live, server busy: retrying';
        dot = 'warn pulse';
      } else {
        text = inFlight > 0 ? 'Live, sending' : 'Live';
        dot = 'ok';
      }
      cls = 'live';
      break;
    case 'reconnecting':
      text = attempts > 0 ? `Reconnecting (try ${attempts})` : 'Reconnecting';
      dot = 'warn pulse';
      cls = 'bad';
      break;
    case 'denied':
      text = 'Refused';
      dot = 'crit';
      cls = 'bad';
      break;
    case 'kicked':
      text = 'Removed';
      dot = 'crit';
      cls = 'bad';
      break;
    case 'replaced':
      text = 'Open elsewhere';
      dot = 'warn';
      cls = 'bad';
      break;
  }
  return (
    <div
      className={`conn ${cls}`}
      role="status"
      aria-live="polite"
      title={detail ?? undefined}
      data-status={status}
    >
      <span className={`dot ${dot}`} aria-hidden="true" />
      <span>
        <span className="sr-only">Connection: </span>
        {text}
      </span>
    </div>
  );
}
