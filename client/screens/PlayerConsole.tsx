// The player's console: brief, system map, dashboards, logs, alerts, reports, vendors,
// channel, status page, findings and actions. With no `act` it is read-only (a
// spectator, a replay, the facilitator's role lens).
import { useCallback, type ReactNode } from 'react';
import { runCommand, type Act } from '../lib/run-command.ts';
import type { DrillView, ViewAction } from '../lib/view-types.ts';
import { ActionPalette } from '../components/ActionPalette.tsx';
import { Alerts } from '../components/Alerts.tsx';
import { Channel } from '../components/Channel.tsx';
import { CommandPalette, useCommandPaletteShortcut } from '../components/CommandPalette.tsx';
import { Dashboards } from '../components/Dashboards.tsx';
import { Entities } from '../components/Entities.tsx';
import { WorkInProgress } from '../components/WorkInProgress.tsx';
import { Findings } from '../components/Findings.tsx';
import { Hints } from '../components/Hints.tsx';
import { LogStream } from '../components/LogStream.tsx';
import { Reports } from '../components/Reports.tsx';
import { RoleBrief } from '../components/RoleBrief.tsx';
import { StatusUpdates } from '../components/StatusUpdates.tsx';
import { SystemMap } from '../components/SystemMap.tsx';
import { ThirdParties } from '../components/ThirdParties.tsx';
import { WaitingRoom } from './WaitingRoom.tsx';

export function PlayerConsole({
  view,
  act,
  participantId = null,
  top,
  embedded = false,
}: {
  view: DrillView;
  /** How commands reach the drill; absent when the console is read-only. */
  act?: Act | undefined;
  /** This seat's participant id (from its credential): lets a player pick a role. */
  participantId?: string | null;
  /** Extra controls above the console (solo practice). */
  top?: ReactNode;
  /** Inside another screen (the role lens): no page landmark of its own. */
  embedded?: boolean;
}) {
  const running = view.drill.status === 'running';
  const canAct = act !== undefined && view.seat.kind === 'player' && view.me !== null;
  const [paletteOpen, setPaletteOpen] = useCommandPaletteShortcut(canAct);

  const runAction = useCallback(
    async (a: ViewAction, params: Record<string, string>) => {
      if (!act) return false;
      const choices = a.params
        .map((p) => p.choices.find((c) => c.value === params[p.id])?.label)
        .filter(Boolean);
      return runCommand(
        act,
        { type: 'takeAction', action: a.id, params },
        `${a.label}${choices.length ? ` (${choices.join(', ')})` : ''}: sent`,
      );
    },
    [act],
  );
  const post = act ? (text: string) => runCommand(act, { type: 'postMessage', text }) : undefined;
  const postStatus =
    act && view.canPostStatus
      ? (text: string) => runCommand(act, { type: 'postStatusUpdate', text }, 'Status page updated')
      : undefined;

  if (view.drill.status === 'lobby')
    return <WaitingRoom view={view} act={act} participantId={participantId} embedded={embedded} />;

  const Root = embedded ? 'div' : 'main';
  return (
    <Root className={embedded ? '' : 'page'} id={embedded ? undefined : 'main'}>
      {top}
      {view.drill.status === 'paused' && (
        <div className="banner warn" role="status">
          <strong>Paused.</strong> The clock is stopped; actions wait until{' '}
          {view.drill.solo ? 'you resume' : 'the facilitator resumes'}.
        </div>
      )}
      {view.seat.kind === 'player' && view.me === null && (
        <div className="banner info" role="status">
          You have no role, so you watch. Ask the facilitator for one.
        </div>
      )}
      {view.seat.kind === 'spectator' && (
        <div className="banner info" role="status">
          You are spectating: you see what every role sees in common, and cannot act.
        </div>
      )}
      <div className="console">
        <div className="col">
          {view.me && <RoleBrief me={view.me} />}
          <Hints hints={view.hints} />
          <Findings findings={view.findings} />
          <Alerts alerts={view.alerts} />
          <Reports reports={view.reports} />
          <ThirdParties thirdParties={view.thirdParties} />
        </div>
        <div className="col">
          <SystemMap services={view.services} />
          <Dashboards
            metrics={view.metrics}
            t={view.drill.t}
            duration={view.drill.scenario.duration}
            clock={view.drill.clock}
          />
          {view.entities.length > 0 && <Entities entities={view.entities} />}
          {view.logStreams.length > 0 && <LogStream logs={view.logs} streams={view.logStreams} />}
        </div>
        <div className="col">
          <WorkInProgress
            running={view.running}
            confirmations={view.confirmations}
            participantId={participantId}
            onCancel={
              canAct && act
                ? (record) => void runCommand(act, { type: 'cancelAction', record }, 'Called off')
                : undefined
            }
            onConfirm={
              canAct && act
                ? (record) => void runCommand(act, { type: 'confirmAction', record }, 'Confirmed')
                : undefined
            }
          />
          {(view.actions.length > 0 || view.seat.kind === 'player') && (
            <ActionPalette
              actions={view.actions}
              onRun={canAct ? runAction : undefined}
              running={running}
            />
          )}
          <Channel
            messages={view.channel}
            roles={view.roles}
            onPost={act && view.seat.kind === 'player' ? post : undefined}
          />
          <StatusUpdates
            updates={view.statusUpdates}
            onPost={act && view.canPostStatus ? postStatus : undefined}
            down={view.statusPageDown}
          />
        </div>
      </div>
      {paletteOpen && canAct && (
        <CommandPalette
          actions={view.actions}
          running={view.running}
          onRun={runAction}
          onClose={() => setPaletteOpen(false)}
        />
      )}
    </Root>
  );
}
