// Before the clock starts: what the drill is about, who plays what, and (for a player)
// picking a role until the facilitator starts.
import type { Act } from '../lib/run-command.ts';
import type { DrillView } from '../lib/view-types.ts';
import { Panel } from '../components/Panel.tsx';
import { RoleSelect } from '../components/RoleSelect.tsx';

export function WaitingRoom({
  view,
  act,
  participantId,
  embedded = false,
}: {
  view: DrillView;
  act?: Act | undefined;
  participantId: string | null;
  embedded?: boolean;
}) {
  const sc = view.drill.scenario;
  const mine = view.participants.find((p) => p.id === participantId);
  const canPick = act !== undefined && view.seat.kind === 'player' && participantId !== null;
  const Root = embedded ? 'div' : 'main';
  return (
    <Root className={embedded ? '' : 'page'} id={embedded ? undefined : 'main'}>
      <div className="banner info" role="status">
        <span className="dot warn pulse" aria-hidden="true" />
        Waiting for the facilitator to start the drill.
        {view.me
          ? ` You play ${view.me.role.name}.`
          : view.seat.kind === 'player'
            ? ' You have no role yet.'
            : ''}
      </div>
      <div className="debrief">
        <Panel title="The drill">
          <h3 style={{ marginBottom: 6 }}>{sc.title}</h3>
          <p>{sc.summary}</p>
          {sc.objectives.length > 0 && (
            <>
              <h2 style={{ margin: '10px 0 4px' }}>Objectives</h2>
              <ul>
                {sc.objectives.map((o) => (
                  <li key={o}>{o}</li>
                ))}
              </ul>
            </>
          )}
        </Panel>
        <Panel title="Roles">
          <table className="grid">
            <thead>
              <tr>
                <th>Role</th>
                <th>Players</th>
              </tr>
            </thead>
            <tbody>
              {view.roles.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.name} {r.required && <span className="chip">required</span>}
                  </td>
                  <td>
                    {r.players.length ? (
                      r.players.join(', ')
                    ) : (
                      <span className="faint">nobody yet</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {canPick && (
            <div className="row" style={{ marginTop: 10 }}>
              <label htmlFor="pick-role">Your role</label>
              <RoleSelect
                view={view}
                act={act}
                participantId={participantId}
                role={mine?.role ?? null}
                id="pick-role"
              />
              <span className="faint">The facilitator can change it.</span>
            </div>
          )}
        </Panel>
        {view.me && (
          <Panel title="Your brief" className="wide">
            <h3 style={{ marginBottom: 6 }}>{view.me.role.name}</h3>
            {view.me.role.brief === null ? (
              <p className="faint">
                Your brief, and anything only this role knows, arrives when the drill starts.
              </p>
            ) : (
              <p className="brief">{view.me.role.brief}</p>
            )}
            {view.me.role.secret && (
              <div className="secret">
                <strong>Only you know</strong>
                {view.me.role.secret}
              </div>
            )}
          </Panel>
        )}
      </div>
    </Root>
  );
}
