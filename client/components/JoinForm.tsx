// Join a drill with the facilitator's code and a display name (or just watch).
import { useState, type FormEvent } from 'react';
import { navigate } from '../app/router.ts';
import { api, ApiError } from '../lib/api.ts';
import { loadName, saveName } from '../lib/display-name.ts';
import { describeError } from '../lib/errors.ts';
import { JOIN_CODE_EXAMPLE, JOIN_CODE_PATTERN, normaliseJoinCode } from '../lib/join-code.ts';
import { saveSeats } from '../store/credentials.ts';
import { Panel } from './Panel.tsx';

export function JoinForm({ initialCode = '' }: { initialCode?: string }) {
  const [code, setCode] = useState(initialCode);
  const [name, setName] = useState(loadName);
  const [spectator, setSpectator] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const cred = await api.join(normaliseJoinCode(code), name.trim(), spectator);
      saveName(name);
      saveSeats({ drillId: cred.drillId, primary: cred });
      navigate(`/drill/${cred.drillId}`);
    } catch (err) {
      setError(err instanceof ApiError ? describeError(err) : 'Could not join.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel title="Join a drill">
      <form className="stack" onSubmit={submit} aria-describedby={error ? 'join-error' : undefined}>
        <div className="field">
          <label htmlFor="join-code">Join code</label>
          <input
            id="join-code"
            className="mono"
            value={code}
            onChange={(e) => setCode(normaliseJoinCode(e.target.value))}
            placeholder={`e.g. ${JOIN_CODE_EXAMPLE}`}
            autoComplete="off"
            spellCheck={false}
            required
            minLength={4}
            maxLength={16}
            pattern={JOIN_CODE_PATTERN}
            style={{ fontSize: 16, letterSpacing: '0.1em' }}
          />
        </div>
        <div className="field">
          <label htmlFor="join-name">Your name</label>
          <input
            id="join-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            // Arriving by a join link, the code is filled in: the name is what is left.
            autoFocus={initialCode !== ''}
            required
            maxLength={40}
            autoComplete="nickname"
          />
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={spectator}
            onChange={(e) => setSpectator(e.target.checked)}
          />
          Spectate only (watch, no role)
        </label>
        {error && (
          <p id="join-error" className="lvl-error" role="alert" style={{ margin: 0 }}>
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || !code.trim() || !name.trim()}>
          {busy ? 'Joining…' : spectator ? 'Watch the drill' : 'Join the drill'}
        </button>
      </form>
    </Panel>
  );
}
