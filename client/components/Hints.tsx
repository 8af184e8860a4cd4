// Hints the facilitator revealed to this seat.
import type { DrillView } from '../lib/view-types.ts';
import { Panel } from './Panel.tsx';

export function Hints({ hints }: { hints: DrillView['hints'] }) {
  if (hints.length === 0) return null;
  return (
    <Panel title="Hints" count={hints.length}>
      <ul className="list">
        {hints.map((h) => (
          <li key={h.id}>{h.text}</li>
        ))}
      </ul>
    </Panel>
  );
}
