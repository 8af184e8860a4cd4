// The debrief: the score with every rubric item explained, the team's timeline beside
// the ideal response, key timings against targets, penalties, what happened and lessons.
import type { ReactNode } from 'react';
import { Link } from '../app/Link.tsx';
import { exportUrl } from '../lib/api.ts';
import { formatClock } from '../lib/clock.ts';
import { postmortemFromView } from '../../shared/engine/postmortem.ts';
import type { DrillView } from '../lib/view-types.ts';
import { Notes, Verdicts } from '../components/Judgement.tsx';
import { Empty, Panel } from '../components/Panel.tsx';
import type { Act } from '../lib/run-command.ts';
import { TimingChart } from '../components/TimingChart.tsx';
import { Timeline } from '../components/Timeline.tsx';

const TEAM_KINDS = new Set([
  'action',
  'feedback',
  'status-update',
  'finding',
  'hint',
  'alert',
  'inject',
  'phase',
]);

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function Debrief({
  view,
  facilitatorToken,
  replayable = true,
  embedded = false,
  extra,
  act,
}: {
  view: DrillView;
  /** The facilitator's: notes and verdicts go on after the end. */
  act?: Act | undefined;
  /** With it, the server's postmortem export is offered. */
  facilitatorToken?: string | null | undefined;
  replayable?: boolean;
  embedded?: boolean;
  /** More panels at the end (solo practice: this device's history). */
  extra?: ReactNode;
}) {
  const d = view.debrief;
  const Root = embedded ? 'div' : 'main';
  if (!d) return <Root className="page">The debrief opens when the drill ends.</Root>;
  const s = d.score;
  const tone = s.percent >= 75 ? 'ok' : s.percent >= 45 ? 'warn' : 'crit';
  const byId = new Map(s.items.map((i) => [i.id, i]));
  const roleName = (id: string) => view.roles.find((r) => r.id === id)?.name ?? id;
  const fileName = `postmortem-${view.drill.scenario.id}-${view.drill.id}.md`;

  return (
    <Root className={embedded ? '' : 'page'} id={embedded ? undefined : 'main'}>
      <div className="debrief">
        <section
          className="panel wide"
          aria-labelledby="debrief-title"
          style={{ padding: '14px 16px' }}
        >
          <div className="score-head">
            <div>
              <h1 id="debrief-title">Debrief: {view.drill.scenario.title}</h1>
              <p className="muted" style={{ margin: '4px 0 0' }}>
                {view.drill.ended
                  ? `Ended at T+${formatClock(view.drill.ended.at)}: ${view.drill.ended.reason}.`
                  : 'In progress.'}
              </p>
            </div>
            <span className="spacer" />
            <div style={{ textAlign: 'right' }}>
              <div
                className={`score-big lvl-${tone === 'ok' ? 'info' : tone === 'warn' ? 'warn' : 'error'}`}
                data-testid="final-score"
                aria-label={`Score ${s.percent} percent`}
              >
                {s.percent}%
              </div>
              <div className="faint" style={{ fontSize: 12 }}>
                {s.earned} of {s.max} points · −{s.penalties} in penalties
              </div>
            </div>
            <div className="stack">
              {facilitatorToken ? (
                <a
                  className="button primary"
                  href={exportUrl(view.drill.id, facilitatorToken, 'md')}
                  download={fileName}
                >
                  Export postmortem (Markdown)
                </a>
              ) : (
                <button
                  className="primary"
                  onClick={() => download(fileName, postmortemFromView(view))}
                >
                  Export postmortem (Markdown)
                </button>
              )}
              {replayable && (
                <Link className="button" href={`/replay/${view.drill.id}`}>
                  Replay the drill
                </Link>
              )}
            </div>
          </div>
          <div className={`meter ${tone}`} style={{ marginTop: 12 }} aria-hidden="true">
            <span style={{ width: `${s.percent}%` }} />
          </div>
        </section>

        <Panel title="Score, item by item" className="wide" count={`${s.items.length} items`}>
          <table className="grid">
            <thead>
              <tr>
                <th>Item</th>
                <th>Kind</th>
                <th className="num">When</th>
                <th className="num">Points</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {s.items.map((i) => (
                <tr key={i.id}>
                  <td>
                    {i.label}
                    {i.judged && (
                      <span className="badge info" data-testid="judged">
                        {' '}
                        {i.judged.verdict === 'pass' ? 'passed' : 'failed'} by the facilitator
                      </span>
                    )}
                  </td>
                  <td className="faint">{i.kind}</td>
                  <td className="num">{i.at === null ? '–' : `${i.at} min`}</td>
                  <td
                    className={`num item-earned ${i.earned >= i.max ? 'lvl-info' : i.earned === 0 ? 'lvl-error' : 'lvl-warn'}`}
                  >
                    {i.earned} / {i.max}
                  </td>
                  <td className="muted">{i.explanation}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>

        {act && <Verdicts items={s.items} act={act} />}
        {(act || d.notes.length > 0) && <Notes notes={d.notes} act={act} />}

        <Timeline
          title="What the team did"
          entries={view.timeline.filter((e) => TEAM_KINDS.has(e.kind))}
          roles={view.roles}
          height={460}
          filterable
          follow={false}
        />
        <Panel title="The ideal response">
          {d.ideal.length === 0 ? (
            <Empty>This scenario lists no expected steps.</Empty>
          ) : (
            <ol className="list ideal">
              {d.ideal.map((step) => {
                const item = byId.get(step.id);
                const done = item !== undefined && item.at !== null;
                return (
                  <li key={step.id} className={done ? 'done' : 'missed'}>
                    <div className="row">
                      <span className="mark" aria-label={done ? 'done' : 'not done'}>
                        {done ? '✓' : '✗'}
                      </span>
                      <strong style={{ flex: 1 }}>
                        {step.label}
                        {step.by && (
                          <span className="faint"> · {step.by.map(roleName).join(' or ')}</span>
                        )}
                      </strong>
                      <span className="item-earned faint">
                        {item ? `${item.earned}/` : ''}
                        {step.points}
                      </span>
                    </div>
                    <div className="muted" style={{ fontSize: 12, marginLeft: 18 }}>
                      {step.deadline && <span>{step.deadline}. </span>}
                      {done ? `Done at ${item.at} min. ` : ''}
                      {step.why}
                    </div>
                  </li>
                );
              })}
            </ol>
          )}
        </Panel>

        <Panel title="Key timings against targets">
          <TimingChart timings={s.timings} />
        </Panel>
        <Panel title="Penalties" count={s.penaltyItems.length ? `−${s.penalties}` : undefined}>
          {s.penaltyItems.length === 0 ? (
            <Empty>No penalties. Nothing made it worse.</Empty>
          ) : (
            <ul className="list">
              {s.penaltyItems.map((p, i) => (
                <li key={`${p.kind}-${p.id}-${i}`}>
                  <div className="row">
                    <span className="badge crit">−{p.points}</span>
                    <strong style={{ flex: 1 }}>{p.label}</strong>
                    <span className="t">{p.at} min</span>
                  </div>
                  <div className="muted" style={{ fontSize: 12 }}>
                    {p.why}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </Panel>

        <Panel title="What happened">
          <p className="brief">{d.whatHappened}</p>
          {d.rootCause && (
            <>
              <h2 style={{ margin: '10px 0 4px' }}>Root cause</h2>
              <p className="brief">{d.rootCause}</p>
            </>
          )}
        </Panel>
        <Panel title="Lessons">
          <ul>
            {d.lessons.map((l) => (
              <li key={l} style={{ marginBottom: 4 }}>
                {l}
              </li>
            ))}
          </ul>
        </Panel>
        {extra}
      </div>
    </Root>
  );
}
