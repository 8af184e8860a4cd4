// Starts a finished drill again as a new drill: the same scenario and the same seed, so the
// same world (metric noise, bots' timing and slips) meets whatever is done differently.
import { useState } from 'react';
import { loadName } from '../lib/display-name.ts';
import { ApiError } from '../lib/api.ts';
import { describeError } from '../lib/errors.ts';
import { createAndOpen, practiseAndOpen } from '../lib/start-drill.ts';
import { Panel } from './Panel.tsx';

export function PlayAgain({
  scenario,
  seed,
  roles,
  defaultRole,
}: {
  scenario: { id: string; title: string };
  seed: number;
  roles: { id: string; name: string }[];
  /** The role this device played, if it played one. */
  defaultRole: string | null;
}) {
  const [name, setName] = useState(loadName);
  const [role, setRole] = useState(defaultRole ?? roles[0]?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async (how: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await how();
    } catch (e) {
      setError(e instanceof ApiError ? describeError(e) : 'Could not start the drill.');
      setBusy(false);
    }
  };
  return (
    <Panel title="Play it again" count={`seed ${seed}`}>
      <p className="faint" style={{ marginTop: 0 }}>
        A new drill of the same scenario from the same start: the same world, your choices.
      </p>
      <div className="row wrap">
        <label htmlFor="again-name">Your name</label>
        <input
          id="again-name"
          value={name}
          maxLength={40}
          onChange={(e) => setName(e.target.value)}
        />
        <label htmlFor="again-role">Your role</label>
        <select id="again-role" value={role} onChange={(e) => setRole(e.target.value)}>
          {roles.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
        <button
          className="primary"
          disabled={busy || !name.trim() || !role}
          onClick={() => void start(() => practiseAndOpen(scenario, name, role, seed))}
        >
          Practise it again
        </button>
        <button
          disabled={busy}
          onClick={() => void start(() => createAndOpen(scenario, name, seed))}
        >
          Run it again with a team
        </button>
      </div>
      {error && (
        <p role="alert" className="banner crit" style={{ marginTop: 8 }}>
          {error}
        </p>
      )}
    </Panel>
  );
}
