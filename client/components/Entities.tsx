// Fleets and cohorts from the model: members per state, as numbers and one stacked bar.
import { memo } from 'react';
import type { ViewEntity } from '../lib/view-types.ts';
import { Panel } from './Panel.tsx';

const TONES = ['#58a6ff', '#3fb950', '#d9a53a', '#ef5b52', '#a371f7', '#8b949e'];

export const Entities = memo(function Entities({ entities }: { entities: ViewEntity[] }) {
  return (
    <Panel title="Fleet" count={entities.length}>
      <ul className="list">
        {entities.map((e) => {
          const total = e.counts.reduce((sum, c) => sum + c.count, 0);
          return (
            <li key={e.id}>
              <div className="row">
                <strong style={{ flex: 1 }}>{e.label}</strong>
                <span className="faint">
                  {total.toLocaleString('en')} {e.unit}
                </span>
              </div>
              <div className="stack-bar" aria-hidden="true">
                {e.counts.map((c, i) =>
                  c.count > 0 ? (
                    <span
                      key={c.state}
                      style={{
                        width: `${(c.count / Math.max(1, total)) * 100}%`,
                        background: TONES[i % TONES.length],
                      }}
                    />
                  ) : null,
                )}
              </div>
              <dl className="entity-counts">
                {e.counts.map((c, i) => (
                  <div key={c.state}>
                    <dt>
                      <span className="swatch" style={{ background: TONES[i % TONES.length] }} />
                      {c.state}
                    </dt>
                    <dd>{c.count.toLocaleString('en')}</dd>
                  </div>
                ))}
              </dl>
            </li>
          );
        })}
      </ul>
    </Panel>
  );
});
