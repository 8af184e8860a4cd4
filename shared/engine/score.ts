// Scores a drill against its scenario's ideal response and explains every point.
// Pure and deterministic: the same state gives the same score everywhere.
import type { KeyTiming, TimingMarker } from '../scenario/schema.ts';
import type { CompiledScenario } from './compile.ts';
import { evaluateGuard, paramsMatch } from './guard.ts';
import type { ActionRecord, DrillState } from './state.ts';

export interface ScoreItem {
  id: string;
  kind: 'expected' | 'cadence' | 'escalation' | 'timing' | 'objective';
  label: string;
  earned: number;
  max: number;
  /** When it happened, in virtual minutes, if it did. */
  at: number | null;
  explanation: string;
  /** The facilitator's verdict, which replaces the engine's (its explanation is kept). */
  judged?: { verdict: 'pass' | 'fail'; reason: string; at: number };
}

export interface Penalty {
  id: string;
  kind: 'harmful' | 'hint' | 'escalation' | 'accrued';
  label: string;
  points: number;
  at: number;
  why: string;
}

export interface TimingResult {
  name: 'detect' | 'acknowledge' | 'mitigate' | 'resolve';
  target: number;
  actual: number | null;
  met: boolean;
}

export interface Score {
  /** 0 to 100, one decimal. */
  percent: number;
  earned: number;
  penalties: number;
  max: number;
  items: ScoreItem[];
  penaltyItems: Penalty[];
  timings: TimingResult[];
  final: boolean;
}

const minutes = (seconds: number) => Math.round((seconds / 60) * 10) / 10;
const round1 = (x: number) => Math.round(x * 10) / 10;
const fmt = (m: number) => `${round1(m)} min`;

export function score(c: CompiledScenario, s: DrillState): Score {
  const rubric = c.scenario.scoring;
  const items: ScoreItem[] = [];
  const penaltyItems: Penalty[] = [];
  const end = s.ended?.at ?? s.t;
  const phaseAt = (phase: string) => s.phaseHistory.find((p) => p.phase === phase)?.at ?? null;
  const actionLabel = (id: string) => c.index.actions.get(id)?.label ?? id;
  const roleName = (id: string) => c.index.roles.get(id)?.name ?? id;

  // Roles someone played at some point (bots included): a step expected only of roles
  // nobody held cannot be asked of the team.
  const heldRoles = new Set(
    Object.values(s.participants)
      .map((p) => p.role)
      .filter((r): r is string => r !== null),
  );
  for (const record of s.actions) heldRoles.add(record.role);

  for (const step of rubric.expected) {
    // Each way of earning the step counts under its own `if`, or else the step's.
    const ways = [
      { action: step.action, by: step.by, params: step.params, if: step.if, key: step.id },
      ...(step.anyOf ?? []).map((alt, n) => ({
        ...alt,
        if: alt.if ?? step.if,
        key: `${step.id}#${n + 1}`,
      })),
    ];
    // Credit is earned when the action completes (an action called off earns nothing).
    const match = s.actions.find(
      (a) =>
        a.completedAt !== null &&
        ways.some(
          (w) =>
            a.action === w.action &&
            (w.by === undefined || w.by.includes(a.role)) &&
            (w.params === undefined || paramsMatch(w.params, a.params)) &&
            (w.if === undefined || a.timely.includes(w.key)),
        ),
    );
    const label = `${actionLabel(step.action)}${step.by ? ` (${step.by.map(roleName).join(' or ')})` : ''}`;
    if (
      !match &&
      step.by !== undefined &&
      s.status === 'ended' &&
      !step.by.some((r) => heldRoles.has(r))
    ) {
      items.push({
        id: step.id,
        kind: 'expected',
        label,
        earned: 0,
        max: 0,
        at: null,
        explanation: `Not counted: nobody played ${step.by.map(roleName).join(' or ')}. ${step.why}`,
      });
      continue;
    }
    if (!match) {
      const other = s.actions.find((a) => a.action === step.action);
      let explanation = `Never done. ${step.why}`;
      if (other) {
        const wrong: string[] = [];
        if (step.by && !step.by.includes(other.role))
          wrong.push(`by ${roleName(other.role)} instead of ${step.by.map(roleName).join(' or ')}`);
        if (step.params && !paramsMatch(step.params, other.params))
          wrong.push('with other choices than the ideal response');
        if (step.if && !other.timely.includes(step.id))
          wrong.push('at a moment when it could not help');
        explanation = `Done at ${fmt(other.at / 60)}, but ${wrong.join(', ') || 'not as the ideal response expects'}. ${step.why}`;
      }
      items.push({
        id: step.id,
        kind: 'expected',
        label,
        earned: 0,
        max: step.points,
        at: null,
        explanation,
      });
      continue;
    }
    let deadline: number | null = null;
    if (step.deadline && 'minutes' in step.deadline) deadline = step.deadline.minutes * 60;
    if (step.deadline && 'beforePhase' in step.deadline)
      deadline = phaseAt(step.deadline.beforePhase);
    let earned = step.points;
    const doneAt = match.completedAt ?? match.at;
    let explanation = `Done at ${fmt(doneAt / 60)}. ${step.why}`;
    if (deadline !== null && doneAt > deadline) {
      const lateMin = (doneAt - deadline) / 60;
      const grace = step.lateBy ?? 0;
      earned = grace > 0 ? round1(step.points * Math.max(0, 1 - lateMin / grace)) : 0;
      explanation = `Done at ${fmt(doneAt / 60)}, ${fmt(lateMin)} after the deadline (${fmt(deadline / 60)}): ${earned} of ${step.points} points. ${step.why}`;
    }
    items.push({
      id: step.id,
      kind: 'expected',
      label,
      earned,
      max: step.points,
      at: minutes(doneAt),
      explanation,
    });
  }

  for (const cad of rubric.cadence) {
    const from = typeof cad.from === 'number' ? cad.from * 60 : phaseAt(cad.from.phase);
    const until =
      cad.until === undefined
        ? end
        : typeof cad.until === 'number'
          ? cad.until * 60
          : (phaseAt(cad.until.phase) ?? end);
    const counts = (role: string | null) =>
      cad.by === undefined || (role !== null && cad.by.includes(role));
    const times =
      cad.kind === 'action'
        ? s.actions
            .filter((a) => a.action === cad.action && a.completedAt !== null && counts(a.role))
            .map((a) => a.completedAt!)
        : cad.kind === 'status-update'
          ? grownTimes(s, cad.id, s.statusUpdates, (u) => (counts(u.role) ? u.t : null))
          : grownTimes(s, cad.id, s.channel, (m) =>
              m.from.kind === 'player' && counts(m.from.role) ? m.t : null,
            );
    if (from === null || until <= from) {
      items.push({
        id: cad.id,
        kind: 'cadence',
        label: cad.label,
        earned: 0,
        max: cad.points,
        at: null,
        explanation: `Nothing earned: the drill never reached the moment this cadence starts. ${cad.why}`,
      });
      continue;
    }
    const every = cad.every * 60;
    const windows = Math.max(1, Math.ceil((until - from) / every));
    const met = windowsMet(times, from, until, every, windows);
    const earned = round1((cad.points * met) / windows);
    items.push({
      id: cad.id,
      kind: 'cadence',
      label: cad.label,
      earned,
      max: cad.points,
      at: null,
      explanation: `${met} of ${windows} ${cad.every}-minute windows had an update. ${cad.why}`,
    });
  }

  for (const esc of rubric.escalation) {
    const match = s.actions.find(
      (a) =>
        a.action === esc.action && (esc.params === undefined || paramsMatch(esc.params, a.params)),
    );
    if (!match) {
      items.push({
        id: esc.id,
        kind: 'escalation',
        label: esc.label,
        earned: 0,
        max: esc.points,
        at: null,
        explanation: `Never escalated. ${esc.why}`,
      });
      continue;
    }
    const m = match.at / 60;
    const item = (earned: number, explanation: string) =>
      items.push({
        id: esc.id,
        kind: 'escalation',
        label: esc.label,
        earned,
        max: esc.points,
        at: round1(m),
        explanation: `${explanation} ${esc.why}`,
      });
    if (esc.notBefore !== undefined && m < esc.notBefore) {
      item(0, `Escalated at ${fmt(m)}, before ${fmt(esc.notBefore)}: too early.`);
      if (esc.earlyPenalty > 0) {
        penaltyItems.push({
          id: esc.id,
          kind: 'escalation',
          label: `${esc.label} too early`,
          points: esc.earlyPenalty,
          at: round1(m),
          why: esc.why,
        });
      }
    } else if (esc.notAfter !== undefined && m > esc.notAfter) {
      item(0, `Escalated at ${fmt(m)}, after ${fmt(esc.notAfter)}: too late.`);
    } else {
      item(esc.points, `Escalated at ${fmt(m)}, inside the window.`);
    }
  }

  for (const o of rubric.objectives) {
    const decided = s.model.objectives[o.id];
    let met: boolean | null = decided ? decided.met : null;
    let at = decided ? decided.at : null;
    // What is judged at the end is judged on the final state.
    if (met === null && s.status === 'ended') {
      if (o.by !== undefined) met = false;
      else if (o.throughout !== undefined) met = true;
      else {
        met = evaluateGuard(o.check, { state: s, ctx: {} });
        at = end;
      }
    }
    const when =
      o.by !== undefined
        ? `by minute ${o.by}`
        : o.throughout !== undefined
          ? `from minute ${o.throughout.from} to ${o.throughout.to === 'end' ? 'the end' : `minute ${o.throughout.to}`}`
          : typeof o.at === 'number'
            ? `at minute ${o.at}`
            : 'at the end';
    items.push({
      id: o.id,
      kind: 'objective',
      label: o.label,
      earned: met ? o.points : 0,
      max: o.points,
      at: at === null ? null : minutes(at),
      explanation:
        met === null
          ? `Not decided yet (${when}). ${o.why}`
          : met
            ? `Met ${when}${o.by !== undefined && at !== null ? ` (at ${fmt(at / 60)})` : ''}. ${o.why}`
            : `Not met ${when}${o.throughout !== undefined && at !== null ? `: broken at ${fmt(at / 60)}` : ''}. ${o.why}`,
    });
  }

  const timings: TimingResult[] = [];
  for (const name of ['detect', 'acknowledge', 'mitigate', 'resolve'] as const) {
    const timing: KeyTiming | undefined = rubric.timings[name];
    if (!timing) continue;
    const at = markerTime(timing.marker, s, phaseAt);
    const actual = at === null ? null : minutes(at);
    const met = actual !== null && actual <= timing.target;
    timings.push({ name, target: timing.target, actual, met });
    if (timing.points > 0) {
      let earned = 0;
      if (actual !== null)
        earned = met
          ? timing.points
          : round1(timing.points * Math.max(0, 2 - actual / timing.target));
      items.push({
        id: `timing-${name}`,
        kind: 'timing',
        label: `Time to ${name}`,
        earned,
        max: timing.points,
        at: actual,
        explanation:
          actual === null
            ? `Never reached (target ${fmt(timing.target)}).`
            : `${fmt(actual)} against a target of ${fmt(timing.target)}${met ? '' : `: ${earned} of ${timing.points} points`}.`,
      });
    }
  }

  const seenHarm = new Set<string>();
  for (const record of s.actions) {
    // An action called off before it completed did no harm (a reviewer caught it).
    if (record.cancelledAt !== null) continue;
    for (const id of record.harmful) {
      const h = rubric.harmful.find((x) => x.id === id)!;
      // A harmful item costs once, unless the scenario charges each time (`each`).
      if (seenHarm.has(id) && !h.each) continue;
      seenHarm.add(id);
      penaltyItems.push({
        id,
        kind: 'harmful',
        label: describe(record, actionLabel(record.action), roleName(record.role)),
        points: h.penalty,
        at: minutes(record.at),
        why: h.why,
      });
    }
  }
  for (const a of rubric.accrue) {
    const acc = s.model.accrued[a.id];
    if (!acc) continue;
    // Still holding: count up to now at the last rate.
    const pending = acc.held ? Math.max(0, end - s.model.at) : 0;
    const seconds = acc.seconds + pending;
    if (seconds <= 0) continue;
    const cost = round1(Math.min(a.max ?? Infinity, acc.points + (acc.rate * pending) / 60));
    if (cost <= 0) continue;
    penaltyItems.push({
      id: a.id,
      kind: 'accrued',
      label: `${a.label}: ${fmt(seconds / 60)}`,
      points: cost,
      at: minutes(acc.since ?? end),
      why: a.why,
    });
  }
  for (const hint of s.hints) {
    const h = c.index.hints.get(hint.hint);
    if (h && h.cost > 0) {
      penaltyItems.push({
        id: h.id,
        kind: 'hint',
        label: 'Hint revealed',
        points: h.cost,
        at: minutes(hint.at),
        why: h.text,
      });
    }
  }

  for (const judgement of s.judgements) {
    const item = items.find((i) => i.id === judgement.item);
    if (!item) continue;
    // A step left out of the maximum (nobody played its role) comes back in when judged.
    const points =
      item.max > 0 ? item.max : (rubric.expected.find((e) => e.id === item.id)?.points ?? item.max);
    item.max = points;
    item.earned = judgement.verdict === 'pass' ? points : 0;
    item.judged = {
      verdict: judgement.verdict,
      reason: judgement.reason,
      at: minutes(judgement.at),
    };
    item.explanation = `${judgement.verdict === 'pass' ? 'Passed' : 'Failed'} by the facilitator: ${judgement.reason} (The engine: ${item.explanation})`;
  }

  const max = items.reduce((sum, i) => sum + i.max, 0);
  const earned = round1(items.reduce((sum, i) => sum + i.earned, 0));
  const penalties = round1(penaltyItems.reduce((sum, p) => sum + p.points, 0));
  const percent =
    max === 0 ? 0 : round1(Math.min(100, Math.max(0, ((earned - penalties) / max) * 100)));
  return {
    percent,
    earned,
    penalties,
    max,
    items,
    penaltyItems,
    timings,
    final: s.status === 'ended',
  };
}

function markerTime(
  marker: TimingMarker,
  s: DrillState,
  phaseAt: (p: string) => number | null,
): number | null {
  if ('action' in marker) return s.actions.find((a) => a.action === marker.action)?.at ?? null;
  if ('phase' in marker) return phaseAt(marker.phase);
  if ('anyOf' in marker) {
    const times = marker.anyOf
      .map((m) => markerTime(m, s, phaseAt))
      .filter((t): t is number => t !== null);
    return times.length ? Math.min(...times) : null;
  }
  return s.statusUpdates[0]?.t ?? null;
}

function describe(record: ActionRecord, label: string, role: string): string {
  return `${label} by ${role} at ${fmt(record.at / 60)}`;
}

/**
 * The times of a cadence's posts in a list that only grows (status updates, the channel),
 * extended by the entries added since the last score of the same drill: the score is made
 * after every event, and a long drill's channel holds thousands of messages.
 */
const grown = new WeakMap<DrillState, Map<string, { length: number; times: number[] }>>();
function grownTimes<T>(
  s: DrillState,
  cadence: string,
  list: readonly T[],
  timeOf: (entry: T) => number | null,
): readonly number[] {
  let byCadence = grown.get(s);
  if (!byCadence) grown.set(s, (byCadence = new Map()));
  let memo = byCadence.get(cadence);
  if (!memo || memo.length > list.length) byCadence.set(cadence, (memo = { length: 0, times: [] }));
  for (; memo.length < list.length; memo.length++) {
    const t = timeOf(list[memo.length]!);
    if (t !== null) memo.times.push(t);
  }
  return memo.times;
}

/**
 * How many of the `windows` windows of `every` seconds from `from` hold at least one of
 * `times`: window w is [from + w*every, from + (w+1)*every), the last one ending at `until`
 * and taking in `until` itself (and the second after it). One pass over the times, so a
 * long drill's score does not cost windows x posts.
 */
export function windowsMet(
  times: readonly number[],
  from: number,
  until: number,
  every: number,
  windows: number,
): number {
  const hit = new Uint8Array(windows);
  const start = (w: number) => from + w * every;
  const last = windows - 1;
  const lastEnd = Math.min(until, start(last) + every) + 1;
  let met = 0;
  for (const t of times) {
    if (t < from) continue;
    let w = Math.min(last, Math.floor((t - from) / every));
    // The division may round across a boundary: settle on the window the bounds say.
    while (w < last && t >= start(w + 1)) w++;
    while (w > 0 && t < start(w)) w--;
    if (w === last ? t >= lastEnd : t >= start(w + 1)) continue;
    if (hit[w] === 0) {
      hit[w] = 1;
      met++;
    }
  }
  return met;
}
