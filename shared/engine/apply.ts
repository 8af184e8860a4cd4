// The reducer: folds drill events into the drill state. Pure and deterministic: the same
// events always give the same state, on server, client and CLI. No IO, no wall clock.
//
// Time is virtual. Every event carries `at`; before it is applied, the clock advances to
// `at` and every timer due by then fires in order (timed transitions, injects, delayed
// effects, actions that take time). Timers are data in the state, so a restored drill
// fires them exactly as a live one would.
import { initialTransition, transition } from 'xstate';
import type { CompiledScenario, PhaseEvent } from './compile.ts';
import type { DrillEvent, EventOf } from './events.ts';
import { evaluateGuard, paramsMatch } from './guard.ts';
import { applyEffects, fireAlert, resolveAlert } from './effects.ts';
import { evaluateModel, initialModel, type ModelHooks } from './model.ts';
import { rubricItems } from './rubric-items.ts';
import { endDrill, log, schedule, type Run } from './run.ts';
import {
  participantOf,
  type ActionRecord,
  type DrillState,
  type EffectContext,
  type Timer,
} from './state.ts';

/** The state right after the `created` event. */
export function createState(c: CompiledScenario, e: EventOf<'created'>): DrillState {
  const s = c.scenario;
  return {
    drillId: e.drillId,
    facilitatorName: e.facilitator ?? null,
    joinCode: e.joinCode ?? null,
    scenarioId: e.scenarioId,
    scenarioHash: e.scenarioHash,
    seed: e.seed,
    solo: e.solo,
    seq: 1,
    status: 'lobby',
    pausedAway: false,
    t: 0,
    speed: 1,
    startedAt: null,
    participants: {},
    phase: s.phases[0]!.id,
    phaseEntries: 0,
    phaseHistory: [],
    vars: { ...s.vars },
    timers: [],
    timerOrder: 0,
    actions: [],
    findings: {},
    metrics: Object.fromEntries(
      s.metrics.map((m) => [
        m.id,
        [{ t0: 0, t1: 0, from: m.baseline, to: m.baseline, noise: m.noise }],
      ]),
    ),
    logLines: [],
    logPatterns: {},
    alerts: {},
    reports: [],
    health: Object.fromEntries(s.services.map((svc) => [svc.id, svc.health])),
    thirdParties: Object.fromEntries(
      s.thirdParties.map((tp) => [tp.id, { status: tp.status, note: tp.note ?? null, at: 0 }]),
    ),
    channel: [],
    statusUpdates: [],
    injectsFired: {},
    hints: [],
    feedback: [],
    injectedTexts: [],
    notes: [],
    judgements: [],
    timeline: [{ t: 0, kind: 'drill', text: `Drill created from "${s.title}"`, audience: 'all' }],
    model: initialModel(c),
    ended: null,
  };
}

/** Folds a whole log. The first event must be `created`. */
export function fold(c: CompiledScenario, events: readonly DrillEvent[]): DrillState {
  const first = events[0];
  if (!first || first.type !== 'created') throw new Error('an event log starts with "created"');
  const state = createState(c, first);
  for (let i = 1; i < events.length; i++) applyEvent(c, state, events[i]!);
  return state;
}

/** Applies one event to a state it owns, in place. */
export function applyEvent(c: CompiledScenario, s: DrillState, e: DrillEvent): DrillState {
  const run: Run = { c, s, queue: [], dirty: false, changed: false };
  advanceTo(run, e.at);
  s.seq += 1;
  switch (e.type) {
    case 'created':
      throw new Error('"created" can only be the first event');
    case 'joined':
      s.participants[e.participantId] = {
        id: e.participantId,
        name: e.name,
        kind: e.kind,
        role: null,
        removed: false,
        joinedAt: e.at,
      };
      log(
        s,
        'participant',
        `${e.name} joined${e.kind === 'spectator' ? ' as a spectator' : ''}`,
        'all',
      );
      break;
    case 'removed': {
      const p = participantOf(s, e.participantId);
      if (p) {
        p.removed = true;
        log(s, 'participant', `${p.name} was removed from the drill`, 'all');
      }
      break;
    }
    case 'roleAssigned': {
      const p = participantOf(s, e.participantId);
      if (p) {
        p.role = e.role;
        const role = e.role === null ? null : c.index.roles.get(e.role);
        log(
          s,
          'participant',
          role ? `${p.name} plays ${role.name}` : `${p.name} has no role`,
          'all',
        );
      }
      break;
    }
    case 'clockStarted': {
      s.status = 'running';
      s.startedAt = e.at;
      log(s, 'clock', 'Drill started', 'all');
      for (const inj of c.scenario.injects) {
        if (inj.at !== undefined) schedule(s, { at: inj.at * 60, kind: 'inject', inject: inj.id });
      }
      // Pre-history: what happened before the drill, stamped before T+0.
      for (const past of c.scenario.history) {
        s.t = e.at + past.at * 60;
        applyEffects(run, past.effects, {});
      }
      s.t = e.at;
      s.model.at = e.at;
      if (c.hasModel) schedule(s, { at: nextSample(c, e.at), kind: 'sample' });
      const [snapshot, actions] = initialTransition(c.machine, { facts: { state: s, ctx: {} } });
      enterAll(run, actions);
      s.phase = String(snapshot.value);
      run.changed = true;
      break;
    }
    case 'clockPaused':
      s.status = 'paused';
      s.pausedAway = e.reason === 'away';
      log(s, 'clock', s.pausedAway ? 'Clock paused: the player left' : 'Clock paused', 'all');
      break;
    case 'clockResumed':
      s.status = 'running';
      s.pausedAway = false;
      log(s, 'clock', 'Clock resumed', 'all');
      break;
    case 'speedChanged':
      s.speed = e.speed;
      log(s, 'clock', `Speed set to ${e.speed}x`, 'facilitator');
      break;
    case 'timeAdvanced':
      break;
    case 'actionTaken':
      takeAction(run, e);
      break;
    case 'actionCancelled': {
      const record = s.actions.find((a) => a.seq === e.record);
      if (record && record.completedAt === null && record.cancelledAt === null) {
        record.cancelledAt = e.at;
        record.awaitingConfirmation = false;
        s.timers = s.timers.filter((t) => !(t.kind === 'complete' && t.record === e.record));
        const who = participantOf(s, e.participantId)?.name ?? 'The facilitator';
        const label = c.index.actions.get(record.action)?.label ?? record.action;
        log(s, 'action', `${who} called off: ${label}`, [record.role], {
          role: record.role,
          ref: record.action,
        });
      }
      break;
    }
    case 'actionConfirmed': {
      const record = s.actions.find((a) => a.seq === e.record);
      if (record && record.awaitingConfirmation) {
        record.awaitingConfirmation = false;
        record.confirmedBy = e.participantId;
        const who = participantOf(s, e.participantId)?.name ?? e.participantId;
        const label = c.index.actions.get(record.action)?.label ?? record.action;
        log(s, 'action', `${who} confirmed: ${label}`, 'all', { ref: record.action });
        startAction(run, record);
      }
      break;
    }
    case 'injectFired':
      fireInject(run, e.inject, 'facilitator');
      break;
    case 'hintRevealed': {
      const hint = c.index.hints.get(e.hint);
      s.hints.push({ hint: e.hint, at: e.at, requestedBy: e.requestedBy ?? null });
      if (hint) log(s, 'hint', `Hint: ${hint.text}`, hint.to, { ref: hint.id });
      break;
    }
    case 'messagePosted': {
      const p = participantOf(s, e.participantId);
      s.channel.push({
        t: e.at,
        from: {
          kind: 'player',
          participantId: e.participantId,
          // The facilitator posts without a participant record.
          name: p?.name ?? (e.participantId === 'facilitator' ? 'Facilitator' : '?'),
          role: p?.role ?? null,
        },
        text: e.text,
        to: 'all',
      });
      break;
    }
    case 'statusUpdatePosted': {
      const p = participantOf(s, e.participantId);
      s.statusUpdates.push({
        t: e.at,
        participantId: e.participantId,
        name: p?.name ?? '?',
        role: p?.role ?? null,
        text: e.text,
      });
      log(s, 'status-update', `Status update: ${e.text}`, 'all', p?.role ? { role: p.role } : {});
      break;
    }
    case 'ended':
      endDrill(s, e.reason);
      break;
    case 'characterPosted':
      // A character the facilitator voices: players see a character, the debrief who spoke.
      s.channel.push({
        t: e.at,
        from: { kind: 'npc', name: e.from, byFacilitator: true },
        text: e.text,
        to: e.to,
      });
      log(s, 'inject', `The facilitator, as ${e.from}: ${e.text}`, 'facilitator');
      break;
    case 'textInjected':
      s.injectedTexts.push({ t: e.at, from: e.from, channel: e.channel, text: e.text, to: e.to });
      log(s, 'report', `Report from ${e.from}`, e.to);
      log(s, 'inject', `Inject (written by the facilitator), ${e.from}: ${e.text}`, 'facilitator');
      break;
    case 'noteAdded':
      s.notes.push({ t: e.at, text: e.text });
      log(s, 'note', `Facilitator's note: ${e.text}`, 'facilitator');
      break;
    case 'itemJudged': {
      s.judgements = s.judgements.filter((j) => j.item !== e.item);
      if (e.verdict !== null)
        s.judgements.push({ item: e.item, verdict: e.verdict, reason: e.reason, at: e.at });
      const label = rubricItems(c).get(e.item)?.label ?? e.item;
      const verdict =
        e.verdict === 'pass'
          ? 'passed'
          : e.verdict === 'fail'
            ? 'failed'
            : 'handed back to the engine';
      log(s, 'judgement', `The facilitator ${verdict} "${label}": ${e.reason}`, 'facilitator', {
        ref: e.item,
      });
      break;
    }
  }
  settle(run);
  // The world answers what just happened (no time passes).
  if (run.changed && s.startedAt !== null && s.status !== 'ended') {
    evaluateModel(c, s, hooks(run), false);
    run.dirty = true;
    settle(run);
  }
  return s;
}

// ------------------------------------------------------------------ internals

function nextSample(c: CompiledScenario, t: number): number {
  const step = c.scenario.clock.sampleSeconds;
  return (Math.floor(t / step + 1e-9) + 1) * step;
}

function hooks(run: Run): ModelHooks {
  const { c, s } = run;
  return {
    applyEffects: (effects) => applyEffects(run, effects, {}),
    fireAlert: (id) => fireAlert(run, id),
    resolveAlert: (id) => resolveAlert(run, id),
    setHealth: (svc, h) => {
      s.health[svc] = h;
      run.dirty = run.changed = true;
      const service = c.index.services.get(svc)!;
      log(s, 'health', `${service.name} is ${h}`, service.visibleTo, { ref: svc });
    },
    note: (text) => log(s, 'model', text, 'facilitator'),
  };
}

function advanceTo(run: Run, at: number) {
  const s = run.s;
  if (at < s.t) return; // the decider never produces this; a fold must not go back in time
  while (
    s.status !== 'ended' &&
    s.startedAt !== null &&
    s.timers.length > 0 &&
    s.timers[0]!.at <= at
  ) {
    const timer = s.timers.shift()!;
    s.t = Math.max(s.t, timer.at);
    fireTimer(run, timer);
    settle(run);
  }
  s.t = at;
}

function fireTimer(run: Run, timer: Timer) {
  const s = run.s;
  switch (timer.kind) {
    case 'transition':
      // A timer from an earlier visit to the phase is stale.
      if (s.phase === timer.phase && s.phaseEntries === timer.entry) {
        drive(run, { type: 'TIMER', phase: timer.phase, index: timer.index }, {});
      }
      break;
    case 'inject':
      fireInject(run, timer.inject, 'schedule');
      break;
    case 'effects':
      applyEffects(run, timer.effects, timer.ctx);
      break;
    case 'complete': {
      const record = s.actions.find((a) => a.seq === timer.record);
      if (record) completeAction(run, record);
      break;
    }
    case 'sample':
      settle(run);
      evaluateModel(run.c, s, hooks(run), true);
      // Time passed and the model moved: conditions on it ("for 2 minutes") may hold now.
      run.dirty = true;
      if (s.status !== 'ended') schedule(s, { at: nextSample(run.c, s.t), kind: 'sample' });
      break;
  }
}

function settle(run: Run) {
  for (let guard = 0; guard < 100; guard++) {
    const next = run.queue.shift();
    if (next) {
      drive(run, next.event, next.ctx);
      continue;
    }
    if (run.dirty && run.c.conditionalPhases.has(run.s.phase)) {
      run.dirty = false;
      // Ask the machine only when one of the phase's conditions holds: most checks find
      // none, and a pure xstate transition costs far more than the guards themselves.
      const conditions = run.c.conditions.get(run.s.phase) ?? [];
      if (!conditions.some((g) => evaluateGuard(g, { state: run.s, ctx: {} }))) continue;
      const before = run.s.phaseEntries;
      drive(run, { type: 'CHECK' }, {});
      if (run.s.phaseEntries !== before) continue;
    }
    run.dirty = false;
    return;
  }
  // More than 100 phase changes in one instant: a loop of guard-only transitions, which
  // lint warns about. Stop here rather than spin.
}

function drive(run: Run, event: PhaseEvent, ctx: EffectContext) {
  const { c, s } = run;
  if (s.status === 'ended' || s.startedAt === null) return;
  const snapshot = c.machine.resolveState({
    value: s.phase,
    context: { facts: { state: s, ctx } },
  });
  const [next, actions] = transition(c.machine, snapshot, event);
  s.phase = String(next.value);
  enterAll(run, actions);
  if (next.status === 'done') endDrill(s, c.index.phases.get(s.phase)?.title ?? 'Drill over');
}

function enterAll(run: Run, actions: readonly { type: string; params?: unknown }[]) {
  for (const a of actions) {
    if (a.type === 'enter') enterPhase(run, (a.params as { phase: string }).phase);
  }
}

function enterPhase(run: Run, phaseId: string) {
  const { c, s } = run;
  const phase = c.index.phases.get(phaseId)!;
  s.phase = phaseId;
  s.phaseEntries += 1;
  s.phaseHistory.push({ phase: phaseId, at: s.t });
  log(s, 'phase', `Phase: ${phase.title}`, 'facilitator', { ref: phaseId });
  phase.transitions.forEach((t, index) => {
    if (t.after !== undefined) {
      schedule(s, {
        at: s.t + t.after * 60,
        kind: 'transition',
        phase: phaseId,
        entry: s.phaseEntries,
        index,
      });
    }
  });
  for (const inj of c.scenario.injects) {
    if (inj.inPhase?.phase === phaseId && !(inj.id in s.injectsFired)) {
      schedule(s, { at: s.t + inj.inPhase.after * 60, kind: 'inject', inject: inj.id });
    }
  }
  applyEffects(run, phase.onEnter, {});
  run.dirty = run.changed = true;
  if (phase.terminal) endDrill(s, phase.title);
}

function fireInject(run: Run, injectId: string, by: 'facilitator' | 'schedule') {
  const { c, s } = run;
  const inj = c.index.injects.get(injectId);
  if (!inj || injectId in s.injectsFired || s.status === 'ended') return;
  if (by === 'schedule' && inj.if && !evaluateGuard(inj.if, { state: s, ctx: {} })) return;
  s.injectsFired[injectId] = s.t;
  log(
    s,
    'inject',
    `Inject${by === 'facilitator' ? ' (by the facilitator)' : ''}: ${inj.title}`,
    'facilitator',
    { ref: inj.id },
  );
  applyEffects(run, inj.effects, {});
  run.dirty = run.changed = true;
  if (c.injectTriggers.get(s.phase)?.has(injectId))
    run.queue.push({ event: { type: 'INJECT', inject: injectId }, ctx: {} });
}

function takeAction(run: Run, e: EventOf<'actionTaken'>) {
  const { c, s } = run;
  const action = c.index.actions.get(e.action);
  if (!action) return;
  const ctx: EffectContext = { role: e.role, params: e.params, participantId: e.participantId };
  const harmful = c.scenario.scoring.harmful
    .filter(
      (h) =>
        h.action === e.action &&
        (h.params === undefined || paramsMatch(h.params, e.params)) &&
        (h.if === undefined || evaluateGuard(h.if, { state: s, ctx })),
    )
    .map((h) => h.id);
  // Expected steps (or their alternatives, "id#n") whose condition held as it was taken.
  const timely: string[] = [];
  for (const x of c.scenario.scoring.expected) {
    const ways = [{ action: x.action, if: x.if }, ...(x.anyOf ?? [])];
    ways.forEach((way, n) => {
      const condition = way.if ?? x.if;
      if (way.action !== e.action || condition === undefined) return;
      if (evaluateGuard(condition, { state: s, ctx })) timely.push(n === 0 ? x.id : `${x.id}#${n}`);
    });
  }
  const record: ActionRecord = {
    seq: s.seq,
    action: e.action,
    role: e.role,
    participantId: e.participantId,
    params: e.params,
    at: e.at,
    completedAt: null,
    cancelledAt: null,
    awaitingConfirmation: action.confirm !== undefined,
    confirmedBy: null,
    harmful,
    timely,
  };
  s.actions.push(record);
  const name = participantOf(s, e.participantId)?.name ?? e.participantId;
  const chosen = action.params
    .map((p) => p.choices.find((ch) => ch.value === e.params[p.id])?.label)
    .filter((x): x is string => x !== undefined);
  const label = chosen.length ? `${action.label} (${chosen.join(', ')})` : action.label;
  if (record.awaitingConfirmation) {
    // Everyone who may confirm must see the request.
    log(s, 'action', `${name} asks for a second pair of eyes: ${label}`, 'all', {
      role: e.role,
      ref: action.id,
    });
    return;
  }
  log(s, 'action', `${name}: ${label}`, [e.role], { role: e.role, ref: action.id });
  startAction(run, record);
}

/** Starts an action's clock: it completes now, or after its duration. */
function startAction(run: Run, record: ActionRecord) {
  const action = run.c.index.actions.get(record.action)!;
  if (action.duration !== undefined && action.duration > 0) {
    schedule(run.s, {
      at: run.s.t + action.duration * 60,
      kind: 'complete',
      record: record.seq,
    });
  } else {
    completeAction(run, record);
  }
}

function completeAction(run: Run, record: ActionRecord) {
  const { c, s } = run;
  const action = c.index.actions.get(record.action)!;
  const ctx: EffectContext = {
    role: record.role,
    params: record.params,
    participantId: record.participantId,
  };
  record.completedAt = s.t;
  // Outcome guards see the world as it was when the action completed, before its effects.
  const facts = { state: s, ctx };
  const outcomes = action.outcomes.filter((o) => evaluateGuard(o.if, facts));
  applyEffects(run, action.effects, ctx);
  for (const o of outcomes) applyEffects(run, o.effects, ctx);
  if (action.feedback) {
    s.feedback.push({ t: s.t, role: record.role, text: action.feedback });
    log(s, 'feedback', action.feedback, [record.role], { role: record.role, ref: action.id });
  }
  run.dirty = run.changed = true;
  if (c.actionTriggers.get(s.phase)?.has(record.action)) {
    run.queue.push({ event: { type: 'ACTION', action: record.action }, ctx });
  }
}
