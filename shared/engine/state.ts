// The drill state: everything the fold of the event log knows. Plain, serialisable data.
// It is owned by whoever folds it (the server's drill host, a replay, the CLI): `applyEvent`
// updates it in place so a 10,000-event fold stays linear.
import type { Audience, Effect, Health, Scalar } from '../scenario/schema.ts';

export type DrillStatus = 'lobby' | 'running' | 'paused' | 'ended';

export interface Participant {
  id: string;
  name: string;
  kind: 'player' | 'spectator' | 'bot';
  role: string | null;
  removed: boolean;
  joinedAt: number;
}

export interface ActionRecord {
  seq: number;
  action: string;
  role: string;
  participantId: string;
  params: Record<string, string>;
  at: number;
  completedAt: number | null;
  /** When it was called off before completing, if it was. */
  cancelledAt: number | null;
  /** Waiting for a second player's confirmation (the action has not started yet). */
  awaitingConfirmation: boolean;
  /** Who confirmed it, if it needed confirming. */
  confirmedBy: string | null;
  /** Harmful rubric items that held when the action was taken. */
  harmful: string[];
  /** Expected steps with an `if` whose guard held when the action was taken. */
  timely: string[];
}

/** One straight piece of a metric's path: from `from` at t0 to `to` at t1, flat after. */
export interface Segment {
  t0: number;
  t1: number;
  from: number;
  to: number;
  noise: number;
}

export interface LogLine {
  t: number;
  stream: string;
  text: string;
  level: 'debug' | 'info' | 'warn' | 'error';
}

export interface LogPattern {
  id: string;
  stream: string;
  text: string;
  level: LogLine['level'];
  every: number;
  since: number;
  until: number | null;
}

export interface EffectContext {
  role?: string;
  params?: Record<string, string>;
  participantId?: string;
}

export type Timer =
  | { at: number; order: number; kind: 'transition'; phase: string; entry: number; index: number }
  | { at: number; order: number; kind: 'inject'; inject: string }
  | { at: number; order: number; kind: 'effects'; effects: Effect[]; ctx: EffectContext }
  | { at: number; order: number; kind: 'complete'; record: number }
  | { at: number; order: number; kind: 'sample' };

/** Members of an entity moving from one state to another at a steady rate. */
export interface Flow {
  id: string;
  entity: string;
  from: string;
  to: string;
  perMinute: number;
  /** Fractional members carried to the next step, so counts stay whole. */
  carry: number;
}

/** The simulated system: what the model computed, evaluated at sample boundaries and events. */
export interface ModelState {
  /** Virtual second of the last evaluation. */
  at: number;
  /** Bumped whenever an effect or the model changes something expressions read. */
  version: number;
  /** Story seconds skipped by story jumps (a compressed clock). */
  storyOffset: number;
  /** entity -> state -> members. */
  entities: Record<string, Record<string, number>>;
  flows: Flow[];
  /** Tools taken away (metric, log stream ids, "status-page") -> the reason shown. */
  disabled: Record<string, string>;
  /** Health set by effects, which wins over the model's. */
  healthOverride: Record<string, Health>;
  /** alert -> since when its condition has held (null: it does not). */
  alertSince: Record<string, number | null>;
  /** rule -> whether its condition held at the last evaluation, when it last applied, how often. */
  rules: Record<string, { held: boolean; last: number | null; count: number }>;
  /** objective -> decided result. */
  objectives: Record<string, { met: boolean; at: number }>;
  /**
   * accrual -> seconds its condition has held, whether it held at the last evaluation, the
   * points charged so far and the rate per minute charged until the next evaluation.
   */
  accrued: Record<
    string,
    { seconds: number; held: boolean; since: number | null; points: number; rate: number }
  >;
}

export type TimelineKind =
  | 'drill'
  | 'clock'
  | 'participant'
  | 'phase'
  | 'action'
  | 'feedback'
  | 'inject'
  | 'finding'
  | 'alert'
  | 'report'
  | 'third-party'
  | 'hint'
  | 'message'
  | 'status-update'
  | 'health'
  | 'model'
  | 'note'
  | 'judgement';

export interface TimelineEntry {
  t: number;
  kind: TimelineKind;
  text: string;
  /** 'facilitator' entries are seen by the facilitator only. */
  audience: Audience | 'facilitator';
  role?: string;
  ref?: string;
}

export interface ChannelMessage {
  t: number;
  from:
    | { kind: 'player'; participantId: string; name: string; role: string | null }
    | { kind: 'npc'; name: string; byFacilitator?: true };
  text: string;
  to: Audience;
}

/** A free-text inject: a report the facilitator wrote during the drill. */
export interface InjectedText {
  t: number;
  from: string;
  channel: 'ticket' | 'social' | 'phone' | 'email' | 'chat';
  text: string;
  to: Audience;
}

/** A facilitator's verdict on one rubric item; the latest per item holds. */
export interface Judgement {
  item: string;
  verdict: 'pass' | 'fail';
  reason: string;
  at: number;
}

export interface DrillState {
  drillId: string;
  /** The facilitator's display name, if they gave one (characters may not use it). */
  facilitatorName: string | null;
  /** The code players join with; only the facilitator's view shows it. */
  joinCode: string | null;
  scenarioId: string;
  scenarioHash: string;
  seed: number;
  solo: boolean;
  /** Number of events applied. */
  seq: number;
  status: DrillStatus;
  /** Paused because the only player of a solo drill left (not by anyone's hand). */
  pausedAway: boolean;
  /** Virtual seconds since the clock started. */
  t: number;
  speed: number;
  startedAt: number | null;
  participants: Record<string, Participant>;
  phase: string;
  phaseEntries: number;
  phaseHistory: { phase: string; at: number }[];
  vars: Record<string, Scalar>;
  timers: Timer[];
  timerOrder: number;
  actions: ActionRecord[];
  findings: Record<string, { at: number; to: Audience }>;
  metrics: Record<string, Segment[]>;
  logLines: LogLine[];
  logPatterns: Record<string, LogPattern>;
  alerts: Record<string, { firedAt: number; resolvedAt: number | null }>;
  reports: { id: string; at: number }[];
  health: Record<string, Health>;
  thirdParties: Record<string, { status: string; note: string | null; at: number }>;
  channel: ChannelMessage[];
  statusUpdates: {
    t: number;
    participantId: string;
    name: string;
    role: string | null;
    text: string;
  }[];
  injectsFired: Record<string, number>;
  hints: { hint: string; at: number; requestedBy: string | null }[];
  feedback: { t: number; role: string; text: string }[];
  /** Free-text injects, in order. */
  injectedTexts: InjectedText[];
  /** The facilitator's notes on the timeline, in order. */
  notes: { t: number; text: string }[];
  /** The facilitator's verdicts by rubric item id (a Map-free record of own keys). */
  judgements: Judgement[];
  timeline: TimelineEntry[];
  model: ModelState;
  ended: { at: number; reason: string } | null;
}

/**
 * A participant by id, own entries only: ids arrive in commands, and a plain lookup of
 * "__proto__" or "constructor" would find Object's members instead of nobody.
 */
export function participantOf(s: DrillState, id: string): Participant | undefined {
  return Object.hasOwn(s.participants, id) ? s.participants[id] : undefined;
}
