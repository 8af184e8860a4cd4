// Where a player whose session was lost takes their seat back: the facilitator gives them
// a one-time code (or its link), and they land in their own seat, role and all, instead of
// joining again as a second person of the same name.
import { useEffect, useState, type FormEvent } from 'react';
import { navigate } from '../app/router.ts';
import { Panel } from '../components/Panel.tsx';
import { TopBar } from '../components/TopBar.tsx';
import { api, ApiError } from '../lib/api.ts';
import { describeError } from '../lib/errors.ts';
import { saveSeats } from '../store/credentials.ts';

export function ReclaimPage({ code: initial }: { code: string }) {
  const [code, setCode] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Take your seat back · Firedrill';
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const cred = await api.reclaim(code.trim().toUpperCase());
      saveSeats({ drillId: cred.drillId, primary: cred });
      navigate(`/drill/${cred.drillId}`, { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? describeError(err) : 'Could not take the seat back.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <TopBar title="Take your seat back" />
      <main className="page join-page" id="main">
        <div className="center-box stack">
          <Panel title="Take your seat back">
            <form
              className="stack"
              onSubmit={submit}
              aria-describedby={error ? 'reclaim-error' : undefined}
            >
              <p className="muted" style={{ margin: 0 }}>
                Lost your place in a drill? Ask the facilitator for a seat code: it puts you back in
                your own seat, with your role, on this device.
              </p>
              <div className="field">
                <label htmlFor="reclaim-code">Seat code</label>
                <input
                  id="reclaim-code"
                  className="mono"
                  value={code}
                  onChange={(e) => setCode(e.target.value.toUpperCase())}
                  autoComplete="off"
                  spellCheck={false}
                  required
                  maxLength={8}
                  style={{ letterSpacing: '0.1em' }}
                />
              </div>
              {error && (
                <p id="reclaim-error" className="lvl-error" role="alert" style={{ margin: 0 }}>
                  {error}
                </p>
              )}
              <button type="submit" className="primary" disabled={busy || code.trim() === ''}>
                {busy ? 'Taking it back…' : 'Take my seat back'}
              </button>
            </form>
          </Panel>
        </div>
      </main>
    </>
  );
}
