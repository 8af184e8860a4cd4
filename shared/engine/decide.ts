// Decide: checks a command against the drill state and the authorisation matrix, and
// returns the events it produces or a typed error. Pure; never mutates the state.
// `now` is the virtual time the caller's clock reads (the server's, or a script's).
import type { CompiledScenario } from './compile.ts';
import { fail, type Actor, type Command, type Decision } from './commands.ts';
import type { DrillEvent } from './events.ts';
import { SafeName } from '../text.ts';
import { humanHolding } from './characters.ts';
import { evaluateGuard } from './guard.ts';
import { rubricItems } from './rubric-items.ts';
import { participantOf, type DrillState } from './state.ts';

export const FACILITATOR_ID = 'facilitator';

export function decide(
  c: CompiledScenario,
  s: DrillState,
  actor: Actor,
  cmd: Command,
  now: number,
): Decision {
  // After the end the clock has stopped: a note or a verdict is stamped at the end.
  const at = s.status === 'ended' ? s.t : Math.max(now, s.t);
  const ok = (...events: DrillEvent[]): Decision => ({ ok: true, events });
  const isFacilitator = actor.kind === 'facilitator' || actor.kind === 'system';
  const player = actor.kind === 'player' ? participantOf(s, actor.participantId) : undefined;
  if (actor.kind === 'player' && (!player || player.removed)) {
    return fail('UNKNOWN_PARTICIPANT', 'You are not (or no longer) part of this drill.');
  }
  // Judgement goes on after the end: the debrief is where a facilitator weighs what happened.
  const afterwards = cmd.type === 'addNote' || cmd.type === 'judgeItem';
  if (s.status === 'ended' && !afterwards) return fail('DRILL_ENDED', 'The drill has ended.');
  if (actor.kind === 'spectator') return fail('FORBIDDEN', 'Spectators watch; they cannot act.');
  const facilitatorOnly = (): Decision | null =>
    isFacilitator ? null : fail('FORBIDDEN', 'Only the facilitator can do that.');

  switch (cmd.type) {
    case 'assignRole': {
      const target = participantOf(s, cmd.participantId);
      if (!target || target.removed)
        return fail('UNKNOWN_PARTICIPANT', `No participant "${cmd.participantId}".`);
      if (!isFacilitator) {
        if (player?.id !== cmd.participantId)
          return fail('FORBIDDEN', 'You can only pick your own role.');
        if (s.status !== 'lobby')
          return fail(
            'DRILL_ALREADY_STARTED',
            'Roles are picked before the drill starts; ask the facilitator.',
          );
      }
      if (target.kind === 'spectator') return fail('FORBIDDEN', 'Spectators have no role.');
      if (cmd.role !== null && !c.index.roles.has(cmd.role))
        return fail('UNKNOWN_ROLE', `No role "${cmd.role}".`);
      return ok({ type: 'roleAssigned', at, participantId: cmd.participantId, role: cmd.role });
    }
    case 'start': {
      const denied = facilitatorOnly();
      if (denied) return denied;
      if (s.status !== 'lobby')
        return fail('DRILL_ALREADY_STARTED', 'The drill has already started.');
      if (!s.solo) {
        const missing = c.scenario.roles.filter(
          (r) =>
            r.required && !Object.values(s.participants).some((p) => !p.removed && p.role === r.id),
        );
        if (missing.length > 0) {
          return fail(
            'ROLES_MISSING',
            `Someone must play: ${missing.map((r) => r.name).join(', ')}.`,
          );
        }
      }
      return ok({ type: 'clockStarted', at });
    }
    case 'pause': {
      const denied = facilitatorOnly();
      if (denied) return denied;
      if (s.status !== 'running') return fail('DRILL_NOT_RUNNING', 'The clock is not running.');
      return ok({ type: 'clockPaused', at });
    }
    case 'resume': {
      const denied = facilitatorOnly();
      if (denied) return denied;
      if (s.status !== 'paused') return fail('DRILL_NOT_RUNNING', 'The clock is not paused.');
      return ok({ type: 'clockResumed', at });
    }
    case 'setSpeed': {
      const denied = facilitatorOnly();
      if (denied) return denied;
      return ok({ type: 'speedChanged', at, speed: cmd.speed });
    }
    case 'takeAction': {
      if (!player) return fail('FORBIDDEN', 'Only players take actions.');
      if (s.status !== 'running') return fail('DRILL_NOT_RUNNING', 'The drill is not running.');
      if (!player.role) return fail('NO_ROLE', 'You have no role yet.');
      const action = c.index.actions.get(cmd.action);
      if (!action) return fail('UNKNOWN_ACTION', `No action "${cmd.action}".`);
      if (!action.roles.includes(player.role))
        return fail('NOT_YOUR_ROLE', `"${action.label}" is not for your role.`);
      const paramError = checkParams(action.params, cmd.params);
      if (paramError) return fail('INVALID_PARAMS', paramError);
      if (
        !action.repeatable &&
        s.actions.some((a) => a.action === action.id && a.cancelledAt === null)
      ) {
        return fail('ACTION_ALREADY_TAKEN', `"${action.label}" has already been done.`);
      }
      const ctx = { role: player.role, params: cmd.params, participantId: player.id };
      const facts = { state: { ...s, t: at }, ctx };
      if (action.visibleIf && !evaluateGuard(action.visibleIf, facts)) {
        return fail('ACTION_UNAVAILABLE', `"${action.label}" is not possible right now.`);
      }
      if (action.if && !evaluateGuard(action.if, facts)) {
        return fail(
          'ACTION_UNAVAILABLE',
          action.unavailable ?? `"${action.label}" is not possible right now.`,
        );
      }
      const limit = c.scenario.people.concurrentActions;
      if (limit !== undefined) {
        const running = s.actions.filter(
          (a) => a.participantId === player.id && a.completedAt === null && a.cancelledAt === null,
        );
        if (running.length >= limit) {
          const labels = running.map((a) => c.index.actions.get(a.action)?.label ?? a.action);
          return fail(
            'ACTION_UNAVAILABLE',
            `You are busy with ${labels.join(' and ')}: wait for it to finish or call it off.`,
          );
        }
      }
      return ok({
        type: 'actionTaken',
        at,
        participantId: player.id,
        role: player.role,
        action: action.id,
        params: cmd.params,
      });
    }
    case 'cancelAction': {
      if (s.status !== 'running') return fail('DRILL_NOT_RUNNING', 'The drill is not running.');
      const record = s.actions.find((a) => a.seq === cmd.record);
      if (!record) return fail('UNKNOWN_ACTION', 'No such running action.');
      if (!isFacilitator && (!player || player.role !== record.role))
        return fail('NOT_YOUR_ROLE', 'Only its own role can call an action off.');
      if (record.completedAt !== null || record.cancelledAt !== null)
        return fail('ACTION_UNAVAILABLE', 'That action is no longer running.');
      return ok({
        type: 'actionCancelled',
        at,
        record: record.seq,
        participantId: player?.id ?? FACILITATOR_ID,
      });
    }
    case 'confirmAction': {
      if (!player) return fail('FORBIDDEN', 'Only players confirm actions.');
      if (s.status !== 'running') return fail('DRILL_NOT_RUNNING', 'The drill is not running.');
      const record = s.actions.find((a) => a.seq === cmd.record);
      if (!record || !record.awaitingConfirmation)
        return fail('ACTION_UNAVAILABLE', 'Nothing waits for a confirmation there.');
      if (record.participantId === player.id)
        return fail('FORBIDDEN', 'A second person must confirm: not the one who asked.');
      const by = c.index.actions.get(record.action)?.confirm?.by;
      if (by && (!player.role || !by.includes(player.role)))
        return fail('NOT_YOUR_ROLE', 'Your role cannot confirm this action.');
      return ok({ type: 'actionConfirmed', at, record: record.seq, participantId: player.id });
    }
    case 'fireInject': {
      const denied = facilitatorOnly();
      if (denied) return denied;
      if (s.status === 'lobby') return fail('DRILL_NOT_RUNNING', 'Start the drill first.');
      const inj = c.index.injects.get(cmd.inject);
      if (!inj) return fail('UNKNOWN_INJECT', `No inject "${cmd.inject}".`);
      if (cmd.inject in s.injectsFired)
        return fail('INJECT_ALREADY_FIRED', `"${inj.title}" has already fired.`);
      return ok({ type: 'injectFired', at, inject: inj.id });
    }
    case 'revealHint': {
      const soloPlayer = s.solo && player !== undefined;
      if (!isFacilitator && !soloPlayer)
        return fail('FORBIDDEN', 'Only the facilitator reveals hints.');
      if (s.status === 'lobby') return fail('DRILL_NOT_RUNNING', 'Start the drill first.');
      const revealed = new Set(s.hints.map((h) => h.hint));
      const next = c.scenario.hints.find((h) => !revealed.has(h.id));
      if (cmd.hint !== undefined) {
        if (!c.index.hints.has(cmd.hint)) return fail('UNKNOWN_HINT', `No hint "${cmd.hint}".`);
        // Hints are progressive: always the next one, never a later one.
        if (revealed.has(cmd.hint)) return fail('UNKNOWN_HINT', 'That hint is already revealed.');
        if (next?.id !== cmd.hint)
          return fail('UNKNOWN_HINT', `Hints come in order; the next one is "${next?.id}".`);
      }
      if (!next) return fail('NO_MORE_HINTS', 'Every hint has been revealed.');
      return ok({
        type: 'hintRevealed',
        at,
        hint: next.id,
        ...(player ? { requestedBy: player.id } : {}),
      });
    }
    case 'postMessage': {
      const participantId = player?.id ?? (isFacilitator ? FACILITATOR_ID : null);
      if (participantId === null) return fail('FORBIDDEN', 'You cannot post here.');
      return ok({ type: 'messagePosted', at, participantId, text: cmd.text });
    }
    case 'postStatusUpdate': {
      if (!player) return fail('FORBIDDEN', 'Only players post status updates.');
      if (s.status !== 'running') return fail('DRILL_NOT_RUNNING', 'The drill is not running.');
      const roles = c.scenario.statusUpdates.roles;
      if (roles && (!player.role || !roles.includes(player.role))) {
        return fail('NOT_YOUR_ROLE', 'Your role does not post status-page updates.');
      }
      const down = s.model.disabled['status-page'];
      if (down !== undefined)
        return fail('ACTION_UNAVAILABLE', `The status page is unavailable: ${down}`);
      return ok({ type: 'statusUpdatePosted', at, participantId: player.id, text: cmd.text });
    }
    case 'removeParticipant': {
      const denied = facilitatorOnly();
      if (denied) return denied;
      const target = participantOf(s, cmd.participantId);
      if (!target || target.removed)
        return fail('UNKNOWN_PARTICIPANT', `No participant "${cmd.participantId}".`);
      return ok({ type: 'removed', at, participantId: cmd.participantId });
    }
    case 'end': {
      const denied = facilitatorOnly();
      if (denied) return denied;
      return ok({ type: 'ended', at, reason: cmd.reason ?? 'Ended by the facilitator' });
    }
    case 'postAs':
    case 'injectText': {
      const denied = facilitatorOnly();
      if (denied) return denied;
      if (s.status === 'lobby') return fail('DRILL_NOT_RUNNING', 'Start the drill first.');
      if (cmd.to !== 'all') {
        const unknown = cmd.to.find((r) => !c.index.roles.has(r));
        if (unknown !== undefined) return fail('UNKNOWN_ROLE', `No role "${unknown}".`);
      }
      const holder = humanHolding(s, cmd.from);
      if (holder !== null)
        return fail(
          'NAME_TAKEN',
          `"${cmd.from}" is ${holder === 'the facilitator' ? 'the facilitator' : `the name of a player (${holder})`}: a character needs a name of its own.`,
        );
      return cmd.type === 'postAs'
        ? ok({ type: 'characterPosted', at, from: cmd.from, text: cmd.text, to: cmd.to })
        : ok({
            type: 'textInjected',
            at,
            from: cmd.from,
            channel: cmd.channel,
            text: cmd.text,
            to: cmd.to,
          });
    }
    case 'addNote': {
      const denied = facilitatorOnly();
      if (denied) return denied;
      return ok({ type: 'noteAdded', at, text: cmd.text });
    }
    case 'judgeItem': {
      const denied = facilitatorOnly();
      if (denied) return denied;
      if (s.status === 'lobby') return fail('DRILL_NOT_RUNNING', 'Start the drill first.');
      if (!rubricItems(c).has(cmd.item))
        return fail('UNKNOWN_ITEM', `No rubric item "${cmd.item}".`);
      if (cmd.verdict === 'clear' && !s.judgements.some((j) => j.item === cmd.item))
        return fail('UNKNOWN_ITEM', 'That item has no verdict of yours to take back.');
      return ok({
        type: 'itemJudged',
        at,
        item: cmd.item,
        verdict: cmd.verdict === 'clear' ? null : cmd.verdict,
        reason: cmd.reason,
      });
    }
  }
}

/**
 * Solo practice: the drill's only player left (the clock stops, a real `clockPaused` marked
 * 'away'; nothing happens unless the clock runs) or came back (the clock starts again, if it
 * stopped because they left).
 */
export function decidePresence(s: DrillState, presence: 'away' | 'back', now: number): Decision {
  if (presence === 'away')
    return s.status === 'running'
      ? { ok: true, events: [{ type: 'clockPaused', at: now, reason: 'away' }] }
      : fail('DRILL_NOT_RUNNING', 'The clock is not running.');
  return s.status === 'paused' && s.pausedAway
    ? { ok: true, events: [{ type: 'clockResumed', at: now }] }
    : fail('DRILL_NOT_RUNNING', 'The clock was not stopped by the player leaving.');
}

/** A new participant: the server mints the id and credential, the engine records the seat. */
export function decideJoin(
  s: DrillState,
  join: { participantId: string; name: string; kind: 'player' | 'spectator' | 'bot' },
  now: number,
): Decision {
  if (s.status === 'ended') return fail('DRILL_ENDED', 'The drill has ended.');
  if (participantOf(s, join.participantId))
    return fail('INVALID_PAYLOAD', 'That participant id is taken.');
  const parsed = SafeName.safeParse(join.name);
  if (!parsed.success)
    return fail(
      'INVALID_PAYLOAD',
      'A name is one line of 1 to 40 characters, without control characters.',
    );
  const name = parsed.data;
  return {
    ok: true,
    events: [
      {
        type: 'joined',
        at: Math.max(now, s.t),
        participantId: join.participantId,
        name,
        kind: join.kind,
      },
    ],
  };
}

function checkParams(
  params: readonly { id: string; label: string; choices: readonly { value: string }[] }[],
  given: Record<string, string>,
): string | null {
  for (const key of Object.keys(given)) {
    if (!params.some((p) => p.id === key)) return `Unknown parameter "${key}".`;
  }
  for (const p of params) {
    const v = given[p.id];
    if (v === undefined) return `Choose "${p.label}".`;
    if (!p.choices.some((ch) => ch.value === v)) return `"${v}" is not a choice for "${p.label}".`;
  }
  return null;
}

/**
 * A `timeAdvanced` event when timers are due by `now`, else null. Hosts apply it before
 * deciding a command, so the command is judged against the world as it is at `now`
 * (an investigation that finished a minute ago has revealed its finding).
 */
export function dueTick(s: DrillState, now: number): DrillEvent | null {
  if (s.status === 'ended' || s.startedAt === null) return null;
  const next = s.timers[0];
  return next !== undefined && next.at <= now && now >= s.t
    ? { type: 'timeAdvanced', at: now }
    : null;
}
