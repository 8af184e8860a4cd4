// The facilitator's console: join code, players and roles, clock, phase, live score,
// timeline, injects, hints, and everything the players see. A "role lens" shows exactly
// what one role sees right now (rebuilt in the browser from the drill's event log).
import { lazy, Suspense, useCallback, useState } from 'react';
import { runCommand, type Act } from '../lib/run-command.ts';
import type { DrillView } from '../lib/view-types.ts';
import { Alerts } from '../components/Alerts.tsx';
import { Channel } from '../components/Channel.tsx';
import { Dashboards } from '../components/Dashboards.tsx';
import {
  ClockControls,
  HintPanel,
  Injects,
  JoinCode,
  Participants,
  PhasePanel,
  ScoreItems,
  ScorePreview,
  Variables,
} from '../components/FacilitatorPanels.tsx';
import { Findings } from '../components/Findings.tsx';
import { Notes, Verdicts } from '../components/Judgement.tsx';
import { LogStream } from '../components/LogStream.tsx';
import { Reports } from '../components/Reports.tsx';
import { StatusUpdates } from '../components/StatusUpdates.tsx';
import { SystemMap } from '../components/SystemMap.tsx';
import { ThirdParties } from '../components/ThirdParties.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { RoomScreenLink } from '../components/RoomScreenLink.tsx';
import { WorldVoice } from '../components/WorldVoice.tsx';

const RoleLens = lazy(() => import('./RoleLens.tsx'));

export function FacilitatorConsole({
  view,
  act,
  joinCode = null,
  lens,
}: {
  view: DrillView;
  act?: Act | undefined;
  joinCode?: string | null;
  /** Credentials to rebuild a role's view from the event log; absent in a replay. */
  lens?: { drillId: string; token: string } | undefined;
}) {
  const [lensRole, setLensRole] = useState('');
  const post = useCallback(
    (text: string) =>
      act ? runCommand(act, { type: 'postMessage', text }) : Promise.resolve(false),
    [act],
  );
  const panel = view.facilitator;
  if (!panel) return null;
  const lensName = view.roles.find((r) => r.id === lensRole)?.name;

  return (
    <main className="page" id="main">
      <div className="strip">
        {act ? <JoinCode code={joinCode} /> : <span />}
        <ClockControls view={view} act={act} />
        <PhasePanel panel={panel} />
        <ScorePreview panel={panel} />
      </div>
      {lens && (
        <div className="row" style={{ marginBottom: 12 }}>
          <label htmlFor="lens">Role lens</label>
          <select id="lens" value={lensRole} onChange={(e) => setLensRole(e.target.value)}>
            <option value="">Facilitator: everything</option>
            {view.roles.map((r) => (
              <option key={r.id} value={r.id}>
                As {r.name} sees it
              </option>
            ))}
          </select>
          <RoomScreenLink drillId={lens.drillId} token={lens.token} />
          {lensRole && (
            <span className="faint">
              Read-only: exactly what {lensName} sees, rebuilt from the event log. Controls stay
              above.
            </span>
          )}
        </div>
      )}
      {lens && lensRole ? (
        <Suspense fallback={<p className="muted">Loading the lens…</p>}>
          <RoleLens
            drillId={lens.drillId}
            token={lens.token}
            role={lensRole}
            seq={view.drill.seq}
          />
        </Suspense>
      ) : (
        <div className="fac-console">
          <div className="col">
            <Participants view={view} act={act} admin={act ? lens : undefined} />
            <Injects view={view} panel={panel} act={act} />
            {act && <WorldVoice view={view} panel={panel} act={act} />}
            <HintPanel view={view} panel={panel} act={act} />
            <ScoreItems panel={panel} />
            {act && view.drill.status !== 'lobby' && (
              <Verdicts items={panel.score.items} act={act} />
            )}
            <Notes notes={panel.notes} act={act} />
            <Variables panel={panel} />
          </div>
          <div className="col">
            <Timeline entries={view.timeline} roles={view.roles} filterable height={360} />
            <SystemMap services={view.services} />
            <Dashboards
              metrics={view.metrics}
              t={view.drill.t}
              duration={view.drill.scenario.duration}
              clock={view.drill.clock}
            />
            <LogStream logs={view.logs} streams={view.logStreams} />
          </div>
          <div className="col">
            <Channel messages={view.channel} roles={view.roles} onPost={act ? post : undefined} />
            <StatusUpdates updates={view.statusUpdates} />
            <Alerts alerts={view.alerts} />
            <Findings findings={view.findings} />
            <Reports reports={view.reports} />
            <ThirdParties thirdParties={view.thirdParties} />
          </div>
        </div>
      )}
    </main>
  );
}
