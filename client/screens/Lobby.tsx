// The lobby: the scenario catalogue (search, tags, difficulty), creating a drill,
// practising alone, joining with a code, the wheel of misfortune, and drills this device
// already has a seat in.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ScenarioSummary } from '../../shared/protocol.ts';
import { Link } from '../app/Link.tsx';
import { api, ApiError } from '../lib/api.ts';
import {
  allTags,
  DIFFICULTIES,
  NO_FILTER,
  filterScenarios,
  type CatalogueFilter,
  type Difficulty,
} from '../lib/catalogue.ts';
import { loadName } from '../lib/display-name.ts';
import { describeError } from '../lib/errors.ts';
import { recentSeats } from '../store/credentials.ts';
import { loadRuns } from '../lib/practice-history.ts';
import { PracticeHistory } from '../components/PracticeHistory.tsx';
import { JoinForm } from '../components/JoinForm.tsx';
import { Empty, Panel } from '../components/Panel.tsx';
import { ScenarioActions, ScenarioCard } from '../components/ScenarioCard.tsx';
import { TopBar } from '../components/TopBar.tsx';
import { Wheel } from '../components/Wheel.tsx';

type Load =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ok'; list: ScenarioSummary[] };

export function Lobby() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [filter, setFilter] = useState<CatalogueFilter>(NO_FILTER);
  const [name, setName] = useState(loadName);
  const [picked, setPicked] = useState<ScenarioSummary | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const recent = useMemo(() => recentSeats(), []);
  const practiceRuns = useMemo(() => loadRuns(), []);

  useEffect(() => {
    document.title = 'Firedrill';
    let cancelled = false;
    api
      .scenarios()
      .then((list) => !cancelled && setLoad({ state: 'ok', list }))
      .catch(
        (e: unknown) =>
          !cancelled &&
          setLoad({
            state: 'error',
            message: e instanceof ApiError ? describeError(e) : 'Could not load scenarios.',
          }),
      );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  const list = useMemo(() => (load.state === 'ok' ? load.list : []), [load]);
  const tags = useMemo(() => allTags(list), [list]);
  const shown = useMemo(() => filterScenarios(list, filter), [list, filter]);
  const wheelItems = useMemo(() => filterScenarios(list, { ...filter, text: '' }), [list, filter]);
  const needName = () => nameInput.current?.focus();
  const toggleTag = (t: string) =>
    setFilter((f) => ({
      ...f,
      tags: f.tags.includes(t) ? f.tags.filter((x) => x !== t) : [...f.tags, t],
    }));

  return (
    <>
      <TopBar title="Lobby" sub="incident-response drills" heading={false}>
        <Link href="/import">Import an incident</Link>
      </TopBar>
      <main className="page lobby-layout" id="main">
        <section aria-labelledby="catalogue-title">
          <div className="row" style={{ marginBottom: 10 }}>
            <h1 id="catalogue-title">Scenarios</h1>
            <span className="faint">
              {load.state === 'ok' ? `${shown.length} of ${list.length}` : ''}
            </span>
            <span className="spacer" />
            <label htmlFor="your-name">Your name</label>
            <input
              id="your-name"
              ref={nameInput}
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="for facilitating or practice"
              maxLength={40}
              style={{ width: 200 }}
            />
          </div>
          <div className="filters" role="search">
            <label className="sr-only" htmlFor="search">
              Search scenarios
            </label>
            <input
              id="search"
              type="search"
              placeholder="Search title, summary, tags, roles…"
              value={filter.text}
              onChange={(e) => setFilter({ ...filter, text: e.target.value })}
            />
            <label className="sr-only" htmlFor="difficulty">
              Difficulty
            </label>
            <select
              id="difficulty"
              value={filter.difficulty ?? ''}
              onChange={(e) =>
                setFilter({ ...filter, difficulty: (e.target.value || null) as Difficulty | null })
              }
            >
              <option value="">Any difficulty</option>
              {DIFFICULTIES.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
            <div className="row wrap" role="group" aria-label="Filter by tag">
              {tags.map((t) => (
                <button
                  key={t}
                  className="chip"
                  aria-pressed={filter.tags.includes(t)}
                  onClick={() => toggleTag(t)}
                >
                  {t}
                </button>
              ))}
            </div>
            {(filter.text || filter.tags.length > 0 || filter.difficulty) && (
              <button className="ghost small" onClick={() => setFilter(NO_FILTER)}>
                Clear filters
              </button>
            )}
          </div>
          {load.state === 'loading' && <p className="muted">Loading scenarios…</p>}
          {load.state === 'error' && (
            <div className="banner crit" role="alert">
              {load.message}
              <button className="small" onClick={() => setAttempt(attempt + 1)}>
                Retry
              </button>
            </div>
          )}
          {load.state === 'ok' && shown.length === 0 && (
            <Empty>No scenario matches these filters.</Empty>
          )}
          <div className="cards">
            {shown.map((s) => (
              <ScenarioCard key={s.id} s={s} name={name} onNeedName={needName} />
            ))}
          </div>
        </section>

        <aside className="side" aria-label="Join, spin, resume">
          <JoinForm />
          <Panel title="Spin the wheel" count={`${wheelItems.length} in the wheel`}>
            <p className="faint" style={{ fontSize: 12 }}>
              Picks among scenarios matching the tags and difficulty chosen on the left.
            </p>
            <Wheel items={wheelItems} onPicked={setPicked} />
            {picked && (
              <div
                className="stack"
                style={{ marginTop: 10 }}
                aria-live="polite"
                data-testid="wheel-result"
              >
                <div>
                  The wheel picked <strong>{picked.title}</strong>{' '}
                  <span className={`badge ${picked.difficulty}`}>{picked.difficulty}</span>
                </div>
                <div className="card" style={{ padding: 0, border: 0, background: 'none' }}>
                  <ScenarioActions key={picked.id} s={picked} name={name} onNeedName={needName} />
                </div>
              </div>
            )}
          </Panel>
          <PracticeHistory runs={practiceRuns} />
          {recent.length > 0 && (
            <Panel title="Your drills on this device">
              <ul className="list">
                {recent.map((r) => (
                  <li key={r.drillId} className="row">
                    <Link href={`/drill/${r.drillId}`} style={{ flex: 1 }}>
                      {r.scenarioTitle ?? r.drillId}
                    </Link>
                    <span className="chip">{r.control ? 'practice' : r.primary.seat}</span>
                  </li>
                ))}
              </ul>
            </Panel>
          )}
        </aside>
      </main>
    </>
  );
}
