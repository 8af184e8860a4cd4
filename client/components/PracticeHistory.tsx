// This device's practice history: each scenario's score over time, one scenario's rubric
// items over time, and what to practise next. Read from localStorage; nothing leaves it.
import type { PracticeRun } from '../lib/practice-history.ts';
import { progressByItem, progressByScenario, suggestNext } from '../lib/practice-history.ts';
import { Panel } from './Panel.tsx';

const pct = (x: number) => `${Math.round(x)}%`;
/** The last few values, oldest first: "40% → 55% → 70%". */
const trend = (values: number[]) => values.slice(-5).map(pct).join(' → ');

export function PracticeHistory({
  runs,
  scenarioId = null,
}: {
  runs: readonly PracticeRun[];
  /** Show this scenario's rubric items over time too. */
  scenarioId?: string | null;
}) {
  if (runs.length === 0) return null;
  const scenarios = progressByScenario(runs);
  const items = scenarioId ? progressByItem(runs, scenarioId) : [];
  const next = suggestNext(runs);
  return (
    <Panel title="Your practice" count={`${runs.length} run${runs.length === 1 ? '' : 's'}`}>
      <div className="stack practice-history">
        {next && (
          <div className="banner info" data-testid="practise-next">
            <div>
              <strong>Practise next: {next.title}.</strong> {next.why}
              {next.focus.length > 0 && <> Work on: {next.focus.join('; ')}.</>}
            </div>
          </div>
        )}
        <table className="history-table">
          <caption className="faint">Score per scenario, last runs oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Scenario</th>
              <th scope="col">Runs</th>
              <th scope="col">Scores</th>
              <th scope="col">Best</th>
            </tr>
          </thead>
          <tbody>
            {scenarios.map((s) => (
              <tr key={s.scenarioId}>
                <th scope="row">{s.title}</th>
                <td>{s.percents.length}</td>
                <td>{trend(s.percents)}</td>
                <td>{pct(s.best)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {items.length > 0 && (
          <table className="history-table">
            <caption className="faint">This scenario's rubric, share of points per run</caption>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Over time</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <th scope="row">{i.label}</th>
                  <td>{trend(i.shares.map((x) => x * 100))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Panel>
  );
}
