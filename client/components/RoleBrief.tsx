// The seat's role: its brief and, for this role only, its secret (both from the start on).
import type { DrillView } from '../lib/view-types.ts';
import { Panel } from './Panel.tsx';

export function RoleBrief({ me }: { me: NonNullable<DrillView['me']> }) {
  return (
    <Panel title="Your role">
      <h3 style={{ marginBottom: 6 }}>{me.role.name}</h3>
      {me.role.brief === null ? (
        <p className="faint">
          The brief, and anything only this role knows, arrives when the drill starts.
        </p>
      ) : (
        <p className="brief">{me.role.brief}</p>
      )}
      {me.role.secret && (
        <div className="secret">
          <strong>Only you know</strong>
          {me.role.secret}
        </div>
      )}
    </Panel>
  );
}
