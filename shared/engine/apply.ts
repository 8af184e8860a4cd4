// The reducer: folds drill events into the drill state. Pure and deterministic: the same
// events always give the same state, on server, client and CLI. No IO, no wall clock.
//
// Time is virtual. Every event carries `at`; before it is applied, the clock advances to
// `at` and every timer due by then fires in order (timed transitions, injects, delayed
// effects, actions that take time). Timers are data in the state, so a restored drill
// fires them exactly as a live one would.
import { initialTransition, transition } from 'xstate';
import type { Audience, Effect } from '../scenario/schema.ts';
import type { CompiledScenario, PhaseEvent } from './compile.ts';
import type { DrillEvent, EventOf } from './events.ts';
import { evaluateGuard, paramsMatch } from './guard.ts';
import { metricValueAt } from './metrics.ts';
import { evaluateModel, initialModel, type ModelHooks } from './model.ts';
import { evaluateAt, fillTemplate } from './model-scope.ts';
import { rubricItems } from './rubric-items.ts';
import {
  participantOf,
  type ActionRecord,
  type DrillState,
  type EffectContext,
  type Timer,
  type TimelineEntry,
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
      log(s, 'clock', 'Clock paused', 'all');
      break;
    case 'clockResumed':
      s.status = 'running';
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
    settle(run);
  }
  return s;
}

// ------------------------------------------------------------------ internals

interface Run {
  c: CompiledScenario;
  s: DrillState;
  /** Phase events raised by effects (goto), driven once the current step settles. */
  queue: { event: PhaseEvent; ctx: EffectContext }[];
  /** A fact changed: guard-only transitions must be re-checked. */
  dirty: boolean;
  /** A fact changed during this event: the model must be evaluated once it settles. */
  changed: boolean;
}

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

function log(
  s: DrillState,
  kind: TimelineEntry['kind'],
  text: string,
  audience: TimelineEntry['audience'],
  extra: { role?: string; ref?: string } = {},
) {
  s.timeline.push({ t: s.t, kind, text, audience, ...extra });
}

function schedule(s: DrillState, timer: DistributiveOmit<Timer, 'order'>) {
  const t = { ...timer, order: s.timerOrder++ } as Timer;
  // Keep timers sorted by (at, order): binary search for the insertion point.
  let lo = 0;
  let hi = s.timers.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s.timers[mid]!.at <= t.at) lo = mid + 1;
    else hi = mid;
  }
  s.timers.splice(lo, 0, t);
}
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

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

function endDrill(s: DrillState, reason: string) {
  if (s.status === 'ended') return;
  s.status = 'ended';
  s.ended = { at: s.t, reason };
  s.timers = [];
  log(s, 'drill', `Drill ended: ${reason}`, 'all');
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

function union(a: Audience, b: Audience): Audience {
  if (a === 'all' || b === 'all') return 'all';
  return [...new Set([...a, ...b])];
}

function applyEffects(run: Run, effects: readonly Effect[], ctx: EffectContext) {
  const { c, s } = run;
  for (const e of effects) {
    if (s.status === 'ended') return;
    if (e.delay !== undefined && e.delay > 0) {
      schedule(s, {
        at: s.t + e.delay * 60,
        kind: 'effects',
        effects: [{ ...e, delay: undefined }],
        ctx,
      });
      continue;
    }
    if (e.if && !evaluateGuard(e.if, { state: s, ctx })) continue;
    run.dirty = run.changed = true;
    s.model.version++;
    if ('reveal' in e) {
      const finding = c.index.findings.get(e.reveal)!;
      const to: Audience =
        e.to === 'actor'
          ? ctx.role
            ? [ctx.role]
            : (finding.visibleTo ?? 'all')
          : (e.to ?? (ctx.role ? [ctx.role] : (finding.visibleTo ?? 'all')));
      const prev = s.findings[e.reveal];
      s.findings[e.reveal] = prev ? { at: prev.at, to: union(prev.to, to) } : { at: s.t, to };
      log(s, 'finding', `Finding: ${finding.title}`, to, { ref: finding.id });
    } else if ('set' in e) {
      Object.assign(s.vars, e.set);
    } else if ('add' in e) {
      for (const [k, v] of Object.entries(e.add)) s.vars[k] = Number(s.vars[k] ?? 0) + v;
    } else if ('metric' in e) {
      const segments = s.metrics[e.metric]!;
      const last = segments[segments.length - 1]!;
      const from = metricValueAt(segments, s.t);
      const to = e.to ?? from + (e.by ?? 0);
      segments.push({
        t0: s.t,
        t1: s.t + (e.over ?? 0) * 60,
        from,
        to,
        noise: e.noise ?? last.noise,
      });
    } else if ('log' in e) {
      s.logLines.push({
        t: s.t,
        stream: e.log,
        text: fillTemplate(s, e.text),
        level: e.level ?? 'info',
      });
    } else if ('startLog' in e) {
      s.logPatterns[`${e.startLog}@${s.t}`] = {
        id: e.startLog,
        stream: e.stream,
        text: e.text,
        level: e.level ?? 'info',
        every: e.every,
        since: s.t,
        until: null,
      };
      stopPattern(s, e.startLog, `${e.startLog}@${s.t}`);
    } else if ('stopLog' in e) {
      stopPattern(s, e.stopLog, null);
    } else if ('fire' in e) {
      fireAlert(run, e.fire);
    } else if ('resolve' in e) {
      resolveAlert(run, e.resolve);
    } else if ('compute' in e) {
      for (const [k, source] of Object.entries(e.compute)) {
        const v = evaluateAt(s, source);
        if (v !== null) s.vars[k] = v;
        s.model.version++;
      }
    } else if ('move' in e) {
      const counts = s.model.entities[e.move]!;
      if (e.perMinute !== undefined && e.from !== undefined && e.to !== undefined) {
        const id = e.flow ?? `${e.move}:${e.from}>${e.to}`;
        s.model.flows = s.model.flows.filter((f) => f.id !== id);
        s.model.flows.push({
          id,
          entity: e.move,
          from: e.from,
          to: e.to,
          perMinute: e.perMinute,
          carry: 0,
        });
      } else {
        const want = typeof e.count === 'string' ? (evaluateAt(s, e.count) ?? 0) : (e.count ?? 0);
        // Without "from", members arrive; without "to", they leave.
        const available = e.from === undefined ? Infinity : (counts[e.from] ?? 0);
        const n = Math.max(0, Math.min(Math.floor(want), available));
        if (e.from !== undefined) counts[e.from] = (counts[e.from] ?? 0) - n;
        if (e.to !== undefined) counts[e.to] = (counts[e.to] ?? 0) + n;
      }
    } else if ('storyJump' in e) {
      s.model.storyOffset += e.storyJump * 60;
      log(s, 'clock', `— ${e.label} —`, 'all');
    } else if ('stopFlow' in e) {
      s.model.flows = s.model.flows.filter((f) => f.id !== e.stopFlow);
    } else if ('disable' in e) {
      for (const id of e.disable) s.model.disabled[id] = e.reason;
      log(s, 'model', `Unavailable: ${e.disable.join(', ')} (${e.reason})`, 'facilitator');
    } else if ('enable' in e) {
      for (const id of e.enable) delete s.model.disabled[id];
      log(s, 'model', `Available again: ${e.enable.join(', ')}`, 'facilitator');
    } else if ('report' in e) {
      const report = c.index.reports.get(e.report)!;
      if (!s.reports.some((r) => r.id === e.report)) {
        s.reports.push({ id: e.report, at: s.t });
        log(s, 'report', `Report from ${report.from}`, report.visibleTo, { ref: report.id });
      }
    } else if ('health' in e) {
      // An override: the model's health applies again with "auto".
      for (const [svc, h] of Object.entries(e.health)) {
        if (h === 'auto') delete s.model.healthOverride[svc];
        else s.model.healthOverride[svc] = h;
      }
    } else if ('thirdParty' in e) {
      const tp = c.index.thirdParties.get(e.thirdParty)!;
      s.thirdParties[e.thirdParty] = { status: e.status, note: e.note ?? null, at: s.t };
      log(s, 'third-party', `${tp.name} status: ${e.status}`, tp.visibleTo, { ref: tp.id });
    } else if ('message' in e) {
      s.channel.push({
        t: s.t,
        from: { kind: 'npc', name: e.from },
        text: fillTemplate(s, e.message),
        to: e.to ?? 'all',
      });
    } else if ('goto' in e) {
      run.queue.push({ event: { type: 'GOTO', phase: e.goto }, ctx });
    } else if ('end' in e) {
      endDrill(s, e.end);
    }
  }
}

function fireAlert(run: Run, id: string) {
  const { c, s } = run;
  const alert = c.index.alerts.get(id)!;
  const cur = s.alerts[id];
  if (!cur || cur.resolvedAt !== null) {
    s.alerts[id] = { firedAt: s.t, resolvedAt: null };
    run.dirty = run.changed = true;
    log(s, 'alert', `Alert firing: ${alert.title}`, alert.visibleTo, { ref: alert.id });
  }
}

function resolveAlert(run: Run, id: string) {
  const { c, s } = run;
  const alert = c.index.alerts.get(id)!;
  const cur = s.alerts[id];
  if (cur && cur.resolvedAt === null) {
    cur.resolvedAt = s.t;
    run.dirty = run.changed = true;
    log(s, 'alert', `Alert resolved: ${alert.title}`, alert.visibleTo, { ref: alert.id });
  }
}

function stopPattern(s: DrillState, id: string, except: string | null) {
  for (const [key, p] of Object.entries(s.logPatterns)) {
    if (p.id === id && p.until === null && key !== except) p.until = s.t;
  }
}
