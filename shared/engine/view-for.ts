// viewFor: exactly what one seat (a role, a spectator, the facilitator) may see, nothing
// more. Every payload a client receives is built here; secrets never leave otherwise.
// After the drill ends everyone sees the debrief: the whole story is the lesson.
// In the lobby a player may pick any role, one after another, so a picked role is only a
// name until the start: its brief, its secret, its signals and its actions arrive with the
// clock. Before the start every player's view is the same whatever role they picked.
import type { Audience } from '../scenario/schema.ts';
import type { CompiledScenario } from './compile.ts';
import { practiceFor } from './coach.ts';
import { evaluateGuard } from './guard.ts';
import { sampleMetric } from './metrics.ts';
import { scenarioCharacters } from './characters.ts';
import { score } from './score.ts';
import type { DrillState, TimelineEntry } from './state.ts';
import type {
  Debrief,
  DrillView,
  FacilitatorPanel,
  Seat,
  ViewLogLine,
  ViewTimelineEntry,
} from './view.ts';

export type { Debrief, DrillView, Seat } from './view.ts';

const LOG_WINDOW = 200;
const NO_POINTS: [number, number][] = [];

export function canSee(audience: Audience | 'facilitator', seat: Seat): boolean {
  if (seat.kind === 'facilitator') return true;
  if (audience === 'facilitator') return false;
  if (audience === 'all') return true;
  return seat.kind === 'player' && seat.role !== null && audience.includes(seat.role);
}

export function viewFor(c: CompiledScenario, s: DrillState, seat: Seat): DrillView {
  const sc = c.scenario;
  const ended = s.status === 'ended';
  // Once the drill is over, the debrief opens every box.
  // What the seat may know: a player's picked role counts only once the drill started.
  const lens: Seat =
    seat.kind === 'player' && s.status === 'lobby' ? { kind: 'player', role: null } : seat;
  const see = (a: Audience | 'facilitator') => ended || canSee(a, lens);
  const picked =
    seat.kind === 'player' && seat.role ? (c.index.roles.get(seat.role) ?? null) : null;
  const role = lens.kind === 'player' && lens.role ? picked : null;
  const ctx = { role: role?.id };

  const step = stepParts(s);
  const { participants, roles } = people(c, s);

  const patterns = Object.values(s.logPatterns);
  const visibleStreams = sc.logs.filter((l) => see(l.visibleTo));
  const streamIds = new Set(
    visibleStreams.filter((l) => ended || !(l.id in s.model.disabled)).map((l) => l.id),
  );
  const memo = memoFor(s, lens, ended);
  // Parts whose inputs did not change since this seat's last view are that view's very
  // objects (see `part` and SeatMemo): building them is skipped, and the server's diff skips
  // them by identity. The log window grows from the last one.
  const logBase = `${[...streamIds].join(',')}|${patterns.map((p) => patternCount(p, s.t)).join(',')}`;
  const logSignature = `${s.logLines.length}|${logBase}`;
  if (memo.logSignature !== logSignature) {
    // Only lines were added since (the usual step): they come after the window, in order,
    // unless one sorts before its last line; then the window is made again.
    const grown =
      memo.logSignature.slice(memo.logSignature.indexOf('|') + 1) === logBase &&
      appendedLogs(memo, s, streamIds);
    if (!grown) memo.logs = materialiseLogs(s, patterns, streamIds);
    memo.logSignature = logSignature;
    memo.logLinesLength = s.logLines.length;
  }
  const logs = memo.logs;

  const view: DrillView = {
    drill: {
      id: s.drillId,
      status: s.status,
      seq: s.seq,
      t: s.t,
      speed: s.speed,
      solo: s.solo,
      scenario: part(memo, 'scenario', `${seat.kind === 'facilitator' || ended}`, () => ({
        id: sc.id,
        title: sc.title,
        // Players read the premise; the summary may name the cause.
        summary: seat.kind === 'facilitator' || ended ? sc.summary : (sc.premise ?? sc.summary),
        difficulty: sc.difficulty,
        duration: sc.duration,
        tags: sc.tags,
        objectives: sc.objectives,
        source: sc.source,
      })),
      clock: part(memo, 'clock', `${s.model.storyOffset}`, () => ({
        startsAt: sc.clock.startsAt ?? null,
        date: sc.clock.date ?? null,
        offset: s.model.storyOffset,
      })),
      ended: s.ended,
    },
    seat,
    me: part(memo, 'me', `${picked?.id}|${role?.id}`, () =>
      picked
        ? {
            role: {
              id: picked.id,
              name: picked.name,
              brief: role ? role.brief : null,
              secret: role ? (role.secret ?? null) : null,
            },
          }
        : null,
    ),
    roles,
    participants,
    services: part(memo, 'services', step.health(), () =>
      sc.services
        .filter((svc) => see(svc.visibleTo))
        .map((svc) => ({
          id: svc.id,
          name: svc.name,
          kind: svc.kind ?? null,
          dependsOn: svc.dependsOn,
          health: s.health[svc.id] ?? svc.health,
        })),
    ),
    metrics: sameList(
      memo,
      'metrics',
      sc.metrics
        .filter((m) => see(m.visibleTo) && (!m.internal || ended || seat.kind === 'facilitator'))
        .map((m) => {
          // A tool that is down shows no data, not stale numbers.
          const noData = ended ? null : (s.model.disabled[m.id] ?? null);
          const points =
            !ended && s.model.disabled[m.id] !== undefined
              ? NO_POINTS
              : metricPoints(memo, s, m, sc.clock.sampleSeconds);
          return sameItem(memo, `metric:${m.id}`, {
            id: m.id,
            label: m.label,
            unit: m.unit,
            service: m.service ?? null,
            warnAbove: m.warnAbove ?? null,
            warnBelow: m.warnBelow ?? null,
            noData,
            points,
          });
        }),
    ),
    logStreams: part(memo, 'logStreams', step.disabled(), () =>
      visibleStreams.map((l) => ({
        id: l.id,
        label: l.label,
        service: l.service ?? null,
        noData: ended ? null : (s.model.disabled[l.id] ?? null),
      })),
    ),
    entities: part(memo, 'entities', step.entities(), () =>
      sc.entities
        .filter((e) => see(e.visibleTo))
        .map((e) => ({
          id: e.id,
          label: e.label,
          unit: e.unit,
          counts: e.states.map((state) => ({
            state,
            count: s.model.entities[e.id]?.[state] ?? 0,
          })),
        })),
    ),
    logs,
    alerts: part(memo, 'alerts', step.alerts(), () =>
      sc.alerts
        .filter((a) => see(a.visibleTo) && s.alerts[a.id])
        .map((a) => ({
          id: a.id,
          title: a.title,
          severity: a.severity,
          service: a.service ?? null,
          description: a.description ?? null,
          firedAt: s.alerts[a.id]!.firedAt,
          resolvedAt: s.alerts[a.id]!.resolvedAt,
        })),
    ),
    // Both lists only grow, and their entries never change.
    reports: part(memo, 'reports', `${s.reports.length}|${s.injectedTexts.length}`, () =>
      s.reports
        .map((r) => ({ ...c.index.reports.get(r.id)!, at: r.at }))
        .filter((r) => see(r.visibleTo))
        .map((r) => ({ id: r.id, channel: r.channel, from: r.from, text: r.text, at: r.at }))
        .concat(
          // Free-text injects arrive as the scenario's own reports do.
          s.injectedTexts
            .map((r, n) => ({ ...r, id: `written-${n + 1}` }))
            .filter((r) => see(r.to))
            .map((r) => ({ id: r.id, channel: r.channel, from: r.from, text: r.text, at: r.t })),
        )
        .sort((a, b) => a.at - b.at),
    ),
    thirdParties: part(memo, 'thirdParties', step.thirdParties(), () =>
      sc.thirdParties
        .filter((tp) => see(tp.visibleTo))
        .map((tp) => ({ id: tp.id, name: tp.name, ...s.thirdParties[tp.id]! })),
    ),
    findings: part(memo, 'findings', step.findings(), () =>
      Object.entries(s.findings)
        .filter(([, f]) => see(f.to))
        .map(([id, f]) => {
          const finding = c.index.findings.get(id)!;
          return { id, title: finding.title, text: finding.text, at: f.at };
        }),
    ),
    // Who voiced a character is for the facilitator, and for everyone in the debrief.
    channel: channelFor(memo, s, see, seat.kind !== 'facilitator' && !ended),
    // Copies: applyEvent grows these in place, and a view must not change after it is built
    // (the server diffs the previous view against the next one, leaf identity first).
    statusUpdates: part(memo, 'statusUpdates', `${s.statusUpdates.length}`, () => [
      ...s.statusUpdates,
    ]),
    actions: sameList(
      memo,
      'actions',
      sc.actions
        .filter((a) => seat.kind === 'facilitator' || (role !== null && a.roles.includes(role.id)))
        .filter(
          (a) =>
            seat.kind === 'facilitator' ||
            a.visibleIf === undefined ||
            recordsOf(s, a.id).length > 0 ||
            evaluateGuard(a.visibleIf, { state: s, ctx }),
        )
        .map((a) => {
          const taken = recordsOf(s, a.id).filter((r) => r.cancelledAt === null);
          const pending = taken.some((r) => r.completedAt === null);
          const open = a.if === undefined || evaluateGuard(a.if, { state: s, ctx });
          const available = s.status === 'running' && open && (a.repeatable || taken.length === 0);
          return sameItem(memo, `action:${a.id}`, {
            id: a.id,
            label: a.label,
            description: a.description ?? null,
            category: a.category,
            roles: a.roles,
            params: a.params,
            duration: a.duration ?? null,
            available,
            reason: available
              ? null
              : !open
                ? (a.unavailable ?? 'Not possible right now.')
                : taken.length
                  ? 'Already done.'
                  : null,
            pending,
            timesTaken: taken.length,
          });
        }),
    ),
    // Actions under way for this seat's role, which it may call off.
    running: s.actions
      .filter(
        (r) =>
          r.completedAt === null &&
          r.cancelledAt === null &&
          (seat.kind === 'facilitator' || (role !== null && r.role === role.id)),
      )
      .map((r) => {
        const action = c.index.actions.get(r.action)!;
        const timer = s.timers.find((t) => t.kind === 'complete' && t.record === r.seq);
        return {
          record: r.seq,
          action: r.action,
          label: action.label,
          by: participantName(s, r.participantId),
          participantId: r.participantId,
          since: r.at,
          endsAt: timer ? timer.at : null,
          awaitingConfirmation: r.awaitingConfirmation,
        };
      }),
    // Requests for a second pair of eyes this seat may answer.
    confirmations: s.actions
      .filter((r) => {
        if (!r.awaitingConfirmation || r.cancelledAt !== null) return false;
        if (seat.kind === 'facilitator') return true;
        const by = c.index.actions.get(r.action)?.confirm?.by;
        return role !== null && (by === undefined || by.includes(role.id));
      })
      .map((r) => ({
        record: r.seq,
        label: c.index.actions.get(r.action)!.label,
        by: participantName(s, r.participantId),
        participantId: r.participantId,
        since: r.at,
      })),
    hints: part(memo, 'hints', `${s.hints.length}`, () =>
      s.hints
        .map((h) => c.index.hints.get(h.hint)!)
        .filter((h) => see(h.to))
        .map((h) => ({ id: h.id, text: h.text, cost: h.cost })),
    ),
    hintsLeft: sc.hints.length - s.hints.length,
    canPostStatus:
      seat.kind === 'player' &&
      role !== null &&
      (!sc.statusUpdates.roles || sc.statusUpdates.roles.includes(role.id)),
    statusPageDown: s.model.disabled['status-page'] ?? null,
    timeline: timelineFor(memo, s, see),
    facilitator: seat.kind === 'facilitator' ? facilitatorPanel(c, s, memo) : null,
    // Solo practice: what the coach needs to offer a stalled trainee a hint.
    practice: s.solo && role !== null && s.status !== 'lobby' ? practiceFor(c, s, role.id) : null,
    debrief: ended ? debrief(c, s) : null,
  };
  return view;
}

function participantName(s: DrillState, id: string): string {
  return (Object.hasOwn(s.participants, id) ? s.participants[id]?.name : undefined) ?? id;
}

// Memoised per entry: successive views share their unchanged items, so diffs stay cheap.
const publicEntries = new WeakMap<
  TimelineEntry,
  { t: number; kind: string; text: string; role: string | null }
>();
// ------------------------------------------------------------------ memoised parts
// A live drill's view is rebuilt after every event, for every seat. Its long parts grow
// by appending (the timeline, log lines) or change only at sample boundaries (metrics), so
// each seat keeps the last ones it built and extends or reuses them. A reused part is the
// very same array, which the server's diff skips by identity. Nothing here is ever mutated
// after it was returned: a grown list is a new array.
interface SeatMemo {
  timelineLength: number;
  timeline: PublicEntry[];
  channelLength: number;
  channel: ViewMessage[];
  logSignature: string;
  logLinesLength: number;
  logs: ViewLine[];
  /** Parts of the last view, with the signature of what they were built from. */
  parts: Map<string, { signature: string; value: unknown }>;
  /** Items and lists of the last view, reused while they come out equal. */
  items: Map<string, object>;
  lists: Map<string, readonly unknown[]>;
}
const memos = new WeakMap<DrillState, Map<string, SeatMemo>>();

function memoFor(s: DrillState, seat: Seat, ended: boolean): SeatMemo {
  const key = `${seat.kind}:${seat.kind === 'player' ? (seat.role ?? '') : ''}:${ended}`;
  let bySeat = memos.get(s);
  if (!bySeat) memos.set(s, (bySeat = new Map()));
  let memo = bySeat.get(key);
  if (!memo) {
    memo = {
      timelineLength: 0,
      timeline: [],
      channelLength: 0,
      channel: [],
      logSignature: '',
      logLinesLength: 0,
      logs: [],
      parts: new Map(),
      items: new Map(),
      lists: new Map(),
    };
    bySeat.set(key, memo);
  }
  return memo;
}

/**
 * A part of the seat's last view, reused while `signature` (a string of every input the part
 * reads that can change during a drill; the seat is the memo's) is unchanged.
 */
function part<T>(memo: SeatMemo, name: string, signature: string, build: () => T): T {
  const last = memo.parts.get(name);
  if (last !== undefined && last.signature === signature) return last.value as T;
  const value = build();
  memo.parts.set(name, { signature, value });
  return value;
}

/** A flat item equal, member by member, to the last one under `key`: that last one. */
function sameItem<T extends object>(memo: SeatMemo, key: string, item: T): T {
  const last = memo.items.get(key) as T | undefined;
  if (last !== undefined) {
    // Counted, not listed: this runs for every item of every view.
    let same = true;
    let members = 0;
    for (const k in item) {
      members++;
      if (!Object.hasOwn(last, k) || last[k] !== item[k]) {
        same = false;
        break;
      }
    }
    if (same) {
      for (const k in last) if (Object.hasOwn(last, k)) members--;
      if (members === 0) return last;
    }
  }
  memo.items.set(key, item);
  return item;
}

/** A list of the very items of the last one under `key`: that last one. */
function sameList<T>(memo: SeatMemo, key: string, items: T[]): T[] {
  const last = memo.lists.get(key) as T[] | undefined;
  if (last !== undefined && last.length === items.length && last.every((x, i) => x === items[i]))
    return last;
  memo.lists.set(key, items);
  return items;
}

/**
 * Signatures of parts of the state, made at most once per event (every event bumps `seq`)
 * and only if a seat asks: every seat's view of one step shares them.
 */
interface StepParts {
  seq: number;
  participants(): string;
  health(): string;
  disabled(): string;
  entities(): string;
  alerts(): string;
  thirdParties(): string;
  findings(): string;
  /** What the facilitator's panel shows of the model. */
  model(): string;
}
const stepMemo = new WeakMap<DrillState, StepParts>();
function stepParts(s: DrillState): StepParts {
  const known = stepMemo.get(s);
  if (known && known.seq === s.seq) return known;
  const lazy = (read: () => unknown) => {
    let signature: string | undefined;
    return () => (signature ??= JSON.stringify(read()));
  };
  const parts: StepParts = {
    seq: s.seq,
    participants: lazy(() =>
      Object.values(s.participants).map((p) => [p.id, p.name, p.kind, p.role, p.removed]),
    ),
    health: lazy(() => s.health),
    disabled: lazy(() => s.model.disabled),
    entities: lazy(() => s.model.entities),
    alerts: lazy(() => s.alerts),
    thirdParties: lazy(() => s.thirdParties),
    findings: lazy(() => s.findings),
    model: lazy(() => [
      s.model.entities,
      s.model.flows.map((f) => [f.id, f.perMinute]),
      s.model.disabled,
      Object.entries(s.model.rules).map(([id, r]) => [id, r.count, r.last]),
    ]),
  };
  stepMemo.set(s, parts);
  return parts;
}

type People = Pick<DrillView, 'participants' | 'roles'>;
/** Who is in the drill, in which role: the same for every seat, made again only on a change. */
const peopleMemo = new WeakMap<DrillState, { signature: string; people: People }>();
function people(c: CompiledScenario, s: DrillState): People {
  const signature = stepParts(s).participants();
  const known = peopleMemo.get(s);
  if (known && known.signature === signature) return known.people;
  const participants = Object.values(s.participants)
    .filter((p) => !p.removed)
    .map((p) => ({ id: p.id, name: p.name, kind: p.kind, role: p.role }));
  const roles = c.scenario.roles.map((r) => ({
    id: r.id,
    name: r.name,
    required: r.required,
    players: participants.filter((p) => p.role === r.id).map((p) => p.name),
  }));
  peopleMemo.set(s, { signature, people: { participants, roles } });
  return { participants, roles };
}

// The action records of each action, indexed as the log grows (records are appended, never
// removed; their fields change in place and are read when a view is built).
type ActionRecord = DrillState['actions'][number];
const actionIndex = new WeakMap<
  DrillState,
  { length: number; byAction: Map<string, ActionRecord[]> }
>();
function recordsOf(s: DrillState, action: string): readonly ActionRecord[] {
  let index = actionIndex.get(s);
  if (!index) actionIndex.set(s, (index = { length: 0, byAction: new Map() }));
  for (; index.length < s.actions.length; index.length++) {
    const r = s.actions[index.length]!;
    const list = index.byAction.get(r.action);
    if (list) list.push(r);
    else index.byAction.set(r.action, [r]);
  }
  return index.byAction.get(action) ?? [];
}

type ChannelEntry = DrillState['channel'][number];
type ViewMessage = { t: number; from: ChannelEntry['from']; text: string };
// One view entry per message and masking: successive views share them, so the diff skips them.
const channelEntries = [
  new WeakMap<ChannelEntry, ViewMessage>(),
  new WeakMap<ChannelEntry, ViewMessage>(),
];

function channelFor(
  memo: SeatMemo,
  s: DrillState,
  see: (a: Audience | 'facilitator') => boolean,
  mask: boolean,
): ViewMessage[] {
  if (memo.channelLength === s.channel.length) return memo.channel;
  const entries = channelEntries[mask ? 1 : 0]!;
  const added = s.channel
    .slice(memo.channelLength)
    .filter((m) => see(m.to))
    .map((m) => {
      let v = entries.get(m);
      if (!v) {
        v = {
          t: m.t,
          from:
            mask && m.from.kind === 'npc' && m.from.byFacilitator
              ? { kind: 'npc' as const, name: m.from.name }
              : m.from,
          text: m.text,
        };
        entries.set(m, v);
      }
      return v;
    });
  memo.channelLength = s.channel.length;
  if (added.length > 0) memo.channel = memo.channel.concat(added);
  return memo.channel;
}

function timelineFor(
  memo: SeatMemo,
  s: DrillState,
  see: (a: Audience | 'facilitator') => boolean,
): PublicEntry[] {
  if (memo.timelineLength === s.timeline.length) return memo.timeline;
  const added = s.timeline
    .slice(memo.timelineLength)
    .filter((e) => see(e.audience))
    .map(publicEntry);
  memo.timelineLength = s.timeline.length;
  if (added.length > 0) memo.timeline = memo.timeline.concat(added);
  return memo.timeline;
}

function metricPoints(
  memo: SeatMemo,
  s: DrillState,
  m: { id: string; min?: number | undefined; max?: number | undefined },
  step: number,
) {
  if (s.startedAt === null) return [];
  const segments = s.metrics[m.id]!;
  // Samples only change when a new one is due or the metric's path changed: a segment was
  // added, or the last one (the model sets a derived metric's value again at the same
  // second by changing it in place).
  const last = segments.at(-1);
  const signature = `${segments.length}|${Math.floor(s.t / step)}|${last?.t0},${last?.t1},${last?.from},${last?.to},${last?.noise}`;
  return part(memo, `points:${m.id}`, signature, () =>
    sampleMetric(m, segments, s.seed, step, s.t),
  );
}

function patternCount(p: DrillState['logPatterns'][string], t: number): number {
  const until = Math.min(p.until ?? t, t);
  return until < p.since ? 0 : Math.floor((until - p.since) / p.every) + 1;
}

type PublicEntry = ViewTimelineEntry;

function publicEntry(e: TimelineEntry) {
  let p = publicEntries.get(e);
  if (!p) {
    p = { t: e.t, kind: e.kind, text: e.text, role: e.role ?? null };
    publicEntries.set(e, p);
  }
  return p;
}

type ViewLine = ViewLogLine;
const patternLines = new WeakMap<object, Map<number, ViewLine>>();
function patternLine(p: DrillState['logPatterns'][string], k: number): ViewLine {
  let lines = patternLines.get(p);
  if (!lines) patternLines.set(p, (lines = new Map()));
  let line = lines.get(k);
  if (!line) {
    line = { t: p.since + k * p.every, stream: p.stream, text: p.text, level: p.level };
    lines.set(k, line);
  }
  return line;
}

const byLogOrder = (a: ViewLine, b: ViewLine) =>
  a.t - b.t || a.stream.localeCompare(b.stream) || a.text.localeCompare(b.text);

/** Extends the memo's log window with the lines added since; false if it cannot. */
function appendedLogs(memo: SeatMemo, s: DrillState, streams: Set<string>): boolean {
  if (memo.logLinesLength > s.logLines.length) return false;
  const added = s.logLines
    .slice(memo.logLinesLength)
    .filter((line) => streams.has(line.stream))
    .sort(byLogOrder);
  if (added.length === 0) return true;
  const last = memo.logs.at(-1);
  if (last && byLogOrder(added[0]!, last) < 0) return false;
  memo.logs = memo.logs.concat(added).slice(-LOG_WINDOW);
  return true;
}

function materialiseLogs(
  s: DrillState,
  patterns: DrillState['logPatterns'][string][],
  streams: Set<string>,
) {
  const out: { t: number; stream: string; text: string; level: string }[] = [];
  for (let i = s.logLines.length - 1; i >= 0 && out.length < LOG_WINDOW; i--) {
    const line = s.logLines[i]!;
    if (streams.has(line.stream)) out.push(line);
  }
  for (const p of patterns) {
    if (!streams.has(p.stream)) continue;
    const until = Math.min(p.until ?? s.t, s.t);
    // Only the most recent lines of a repeating pattern can reach the window.
    const count = Math.floor((until - p.since) / p.every) + 1;
    for (let k = Math.max(0, count - LOG_WINDOW); k < count; k++) {
      if (p.since + k * p.every <= until) out.push(patternLine(p, k));
    }
  }
  out.sort(byLogOrder);
  return out.slice(-LOG_WINDOW);
}

function facilitatorPanel(c: CompiledScenario, s: DrillState, memo: SeatMemo): FacilitatorPanel {
  const sc = c.scenario;
  const phase = c.index.phases.get(s.phase)!;
  const step = stepParts(s);
  return {
    joinCode: s.joinCode,
    phase: part(memo, 'panel.phase', phase.id, () => ({
      id: phase.id,
      title: phase.title,
      description: phase.description ?? null,
    })),
    // Phase history, fired injects, hints, feedback and notes only grow.
    phases: part(memo, 'panel.phases', `${s.phaseHistory.length}`, () =>
      sc.phases.map((p) => ({
        id: p.id,
        title: p.title,
        enteredAt: s.phaseHistory.find((h) => h.phase === p.id)?.at ?? null,
      })),
    ),
    injects: part(memo, 'panel.injects', JSON.stringify(s.injectsFired), () =>
      sc.injects.map((i) => ({
        id: i.id,
        title: i.title,
        description: i.description ?? null,
        manual: i.manual,
        at: i.at ?? null,
        firedAt: s.injectsFired[i.id] ?? null,
      })),
    ),
    hints: part(memo, 'panel.hints', `${s.hints.length}`, () => {
      const revealed = new Set(s.hints.map((h) => h.hint));
      return sc.hints.map((h) => ({
        id: h.id,
        text: h.text,
        cost: h.cost,
        revealed: revealed.has(h.id),
      }));
    }),
    vars: part(memo, 'panel.vars', JSON.stringify(s.vars), () => ({ ...s.vars })),
    model: part(memo, 'panel.model', step.model(), () => ({
      entities: structuredClone(s.model.entities),
      flows: s.model.flows.map((f) => ({ id: f.id, perMinute: f.perMinute })),
      disabled: { ...s.model.disabled },
      rules: Object.fromEntries(
        Object.entries(s.model.rules).map(([id, r]) => [id, { count: r.count, last: r.last }]),
      ),
    })),
    roleViews: part(memo, 'panel.roleViews', '', () => sc.roles.map((r) => r.id)),
    // Ideal steps only roles nobody plays could take: they will leave the maximum.
    unplayedSteps: part(memo, 'panel.unplayed', step.participants(), () =>
      sc.roles
        .filter((r) => !Object.values(s.participants).some((p) => !p.removed && p.role === r.id))
        .map((r) => ({
          role: r.id,
          name: r.name,
          steps: sc.scoring.expected.filter(
            (e) => e.by !== undefined && e.by.every((b) => b === r.id),
          ).length,
        }))
        .filter((x) => x.steps > 0),
    ),
    score: score(c, s),
    feedback: part(memo, 'panel.feedback', `${s.feedback.length}`, () => [...s.feedback]),
    // Who the world may speak as: the scenario's characters, and the facilitator's notes.
    characters: part(memo, 'panel.characters', '', () => scenarioCharacters(c)),
    notes: part(memo, 'panel.notes', `${s.notes.length}`, () => [...s.notes]),
  };
}

export function debrief(c: CompiledScenario, s: DrillState): Debrief {
  const sc = c.scenario;
  return {
    score: score(c, s),
    whatHappened: sc.debrief.whatHappened,
    rootCause: sc.debrief.rootCause ?? null,
    lessons: sc.debrief.lessons,
    notes: [...s.notes],
    ideal: sc.scoring.expected.map((e) => ({
      id: e.id,
      label: c.index.actions.get(e.action)?.label ?? e.action,
      by: e.by ?? null,
      deadline: e.deadline
        ? 'minutes' in e.deadline
          ? `by minute ${e.deadline.minutes}`
          : `before "${c.index.phases.get(e.deadline.beforePhase)?.title ?? e.deadline.beforePhase}"`
        : null,
      points: e.points,
      why: e.why,
    })),
  };
}
