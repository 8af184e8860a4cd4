// One scenario in the catalogue: what it is about, how hard and long, who plays, where
// it comes from; and the ways to run it.
import { useState } from 'react';
import type { ScenarioSummary } from '../../shared/protocol.ts';
import { ApiError } from '../lib/api.ts';
import { describeError } from '../lib/errors.ts';
import { createAndOpen, practiseAndOpen } from '../lib/start-drill.ts';
import { notify } from '../store/notices.ts';

export function ScenarioCard({
  s,
  name,
  onNeedName,
}: {
  s: ScenarioSummary;
  name: string;
  onNeedName: () => void;
}) {
  return (
    <article className="card" aria-labelledby={`sc-${s.id}`} data-scenario={s.id}>
      <div className="row">
        <h3 id={`sc-${s.id}`} style={{ flex: 1 }}>
          {s.title}
        </h3>
        {s.real && (
          <span className="badge real" title="Replays a real incident from a public postmortem">
            real incident
          </span>
        )}
        <span className={`badge ${s.difficulty}`}>{s.difficulty}</span>
      </div>
      <p className="summary">{s.summary}</p>
      <p className="meta-line">
        <span className="chip" title="Expected virtual duration">
          {s.duration} min
        </span>{' '}
        <span className="muted">Roles: </span>
        {s.roles.map((r, i) => (
          <span key={r.id}>
            {i > 0 && ', '}
            {r.name}
            {r.required ? '' : <span className="faint"> (optional)</span>}
          </span>
        ))}
      </p>
      {s.tags.length > 0 && (
        <div className="row wrap" aria-label="Tags">
          {s.tags.map((t) => (
            <span key={t} className="chip">
              {t}
            </span>
          ))}
        </div>
      )}
      <p className="meta-line">
        <span className="muted">
          {s.real ? 'Postmortem' : `Source (${s.source.kind}, a composite drill)`}:{' '}
        </span>
        {s.source.url ? (
          <a href={s.source.url} target="_blank" rel="noreferrer noopener">
            {s.source.title}
          </a>
        ) : (
          s.source.title
        )}
      </p>
      <ScenarioActions s={s} name={name} onNeedName={onNeedName} />
    </article>
  );
}

export function ScenarioActions({
  s,
  name,
  onNeedName,
}: {
  s: ScenarioSummary;
  name: string;
  onNeedName: () => void;
}) {
  const [practising, setPractising] = useState(false);
  const [role, setRole] = useState(s.roles[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [variant, setVariant] = useState(s.id);
  // A variant is created under its own id; everything else is the scenario's.
  const picked = s.variants.find((v) => v.id === variant);
  const chosen: ScenarioSummary = picked
    ? { ...s, id: picked.id, title: `${s.title} (${picked.label})` }
    : s;
  const attempt = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (e) {
      notify('error', e instanceof ApiError ? describeError(e) : 'Could not start the drill.');
      setBusy(false);
    }
  };
  return (
    <footer>
      {s.variants.length > 0 && (
        <select
          aria-label={`Variant of ${s.title}`}
          value={variant}
          onChange={(e) => setVariant(e.target.value)}
        >
          <option value={s.id}>Standard ({s.difficulty})</option>
          {s.variants.map((v) => (
            <option key={v.id} value={v.id} title={v.description ?? undefined}>
              {v.label} ({v.difficulty})
            </option>
          ))}
        </select>
      )}
      <button
        className="primary"
        disabled={busy}
        onClick={() => attempt(() => createAndOpen(chosen, name))}
        aria-label={`Create a drill: ${s.title}`}
      >
        Create a drill
      </button>
      {!practising ? (
        <button
          disabled={busy}
          onClick={() => setPractising(true)}
          aria-label={`Practise alone: ${s.title}`}
        >
          Practise alone
        </button>
      ) : (
        <>
          <select
            aria-label={`Your role to practise ${s.title}`}
            value={role}
            onChange={(e) => setRole(e.target.value)}
          >
            {s.roles.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
          <button
            className="primary"
            disabled={busy || !role}
            onClick={() => {
              if (!name.trim()) return onNeedName();
              void attempt(() => practiseAndOpen(chosen, name, role));
            }}
          >
            Start practice
          </button>
          <button className="ghost" onClick={() => setPractising(false)}>
            Cancel
          </button>
        </>
      )}
    </footer>
  );
}
