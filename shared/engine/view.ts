// The view types: what one seat receives, declared once. viewFor (view-for.ts) builds values
// of these types; the protocol, the server's seat views and the web client read them. Types
// only: nothing here runs.
import type { Action, Health, Scenario } from '../scenario/schema.ts';
import type { ChannelMessage, DrillState, DrillStatus, Participant } from './state.ts';
import type { PracticeView } from './coach.ts';
import type { Score } from './score.ts';

/** Whose eyes a view is for. A player's role is null until the facilitator assigns one. */
export type Seat =
  { kind: 'facilitator' } | { kind: 'player'; role: string | null } | { kind: 'spectator' };

export interface ViewScenario {
  id: string;
  title: string;
  /** The premise for players; the summary (which may name the cause) for the facilitator. */
  summary: string;
  difficulty: Scenario['difficulty'];
  duration: number;
  tags: string[];
  objectives: string[];
  source: Scenario['source'];
}

export interface ViewDrill {
  id: string;
  status: DrillStatus;
  seq: number;
  /** Virtual seconds. */
  t: number;
  speed: number;
  solo: boolean;
  scenario: ViewScenario;
  clock: { startsAt: string | null; date: string | null; offset: number };
  ended: DrillState['ended'];
}

/** The seat's own role: its brief and secret only once the drill has started. */
export interface ViewMe {
  role: { id: string; name: string; brief: string | null; secret: string | null };
}

export interface ViewRole {
  id: string;
  name: string;
  required: boolean;
  /** Names of the participants playing it. */
  players: string[];
}

export interface ViewParticipant {
  id: string;
  name: string;
  kind: Participant['kind'];
  role: string | null;
}

export interface ViewService {
  id: string;
  name: string;
  kind: string | null;
  dependsOn: string[];
  health: Health;
}

export interface ViewMetric {
  id: string;
  label: string;
  unit: string;
  service: string | null;
  warnAbove: number | null;
  warnBelow: number | null;
  /** Why the tool shows no data (it is down), or null. */
  noData: string | null;
  /** [virtual second, value] samples. */
  points: [number, number][];
}

export interface ViewLogStream {
  id: string;
  label: string;
  service: string | null;
  noData: string | null;
}

export interface ViewEntity {
  id: string;
  label: string;
  unit: string;
  counts: { state: string; count: number }[];
}

export interface ViewLogLine {
  t: number;
  stream: string;
  text: string;
  level: string;
}

export interface ViewAlert {
  id: string;
  title: string;
  severity: Scenario['alerts'][number]['severity'];
  service: string | null;
  description: string | null;
  firedAt: number;
  resolvedAt: number | null;
}

export interface ViewReport {
  id: string;
  channel: Scenario['reports'][number]['channel'];
  from: string;
  text: string;
  at: number;
}

export interface ViewThirdParty {
  id: string;
  name: string;
  status: string;
  note: string | null;
  at: number;
}

export interface ViewFinding {
  id: string;
  title: string;
  text: string;
  at: number;
}

export interface ViewMessage {
  t: number;
  /** Who voiced a character (byFacilitator) only for the facilitator, and in the debrief. */
  from: ChannelMessage['from'];
  text: string;
}

export type ViewStatusUpdate = DrillState['statusUpdates'][number];

export interface ViewAction {
  id: string;
  label: string;
  description: string | null;
  category: Action['category'];
  roles: string[];
  params: Action['params'];
  duration: number | null;
  available: boolean;
  /** Why it is not available, when it is not. */
  reason: string | null;
  pending: boolean;
  timesTaken: number;
}

/** An action under way that the seat may call off. */
export interface ViewRunningAction {
  record: number;
  action: string;
  label: string;
  by: string;
  participantId: string;
  since: number;
  endsAt: number | null;
  awaitingConfirmation: boolean;
}

/** A request for a second pair of eyes the seat may answer. */
export interface ViewConfirmation {
  record: number;
  label: string;
  by: string;
  participantId: string;
  since: number;
}

export interface ViewHint {
  id: string;
  text: string;
  cost: number;
}

export interface ViewTimelineEntry {
  t: number;
  kind: string;
  text: string;
  role: string | null;
}

/** Only the facilitator's view has one. */
export interface FacilitatorPanel {
  joinCode: string | null;
  phase: { id: string; title: string; description: string | null };
  phases: { id: string; title: string; enteredAt: number | null }[];
  injects: {
    id: string;
    title: string;
    description: string | null;
    manual: boolean;
    at: number | null;
    /** Null until it fires. */
    firedAt: number | null;
  }[];
  hints: (ViewHint & { revealed: boolean })[];
  vars: DrillState['vars'];
  model: {
    entities: Record<string, Record<string, number>>;
    flows: { id: string; perMinute: number }[];
    disabled: Record<string, string>;
    rules: Record<string, { count: number; last: number | null }>;
  };
  roleViews: string[];
  unplayedSteps: { role: string; name: string; steps: number }[];
  score: Score;
  feedback: DrillState['feedback'];
  /** Who the world may speak as: the scenario's characters. */
  characters: string[];
  /** The facilitator's notes on the timeline, in order. */
  notes: DrillState['notes'];
}

export interface DrillView {
  drill: ViewDrill;
  seat: Seat;
  me: ViewMe | null;
  roles: ViewRole[];
  participants: ViewParticipant[];
  services: ViewService[];
  metrics: ViewMetric[];
  logStreams: ViewLogStream[];
  entities: ViewEntity[];
  logs: ViewLogLine[];
  alerts: ViewAlert[];
  reports: ViewReport[];
  thirdParties: ViewThirdParty[];
  findings: ViewFinding[];
  channel: ViewMessage[];
  statusUpdates: ViewStatusUpdate[];
  actions: ViewAction[];
  running: ViewRunningAction[];
  confirmations: ViewConfirmation[];
  hints: ViewHint[];
  hintsLeft: number;
  canPostStatus: boolean;
  /** Why the status page cannot be updated (it is down), or null. */
  statusPageDown: string | null;
  timeline: ViewTimelineEntry[];
  facilitator: FacilitatorPanel | null;
  /** Solo practice: what the coach needs to offer a stalled trainee a hint (a player's, once started). */
  practice: PracticeView | null;
  /** Everyone's, once the drill has ended. */
  debrief: Debrief | null;
}

/** The story of a drill, for everyone once it has ended. */
export interface Debrief {
  score: Score;
  whatHappened: string;
  rootCause: string | null;
  lessons: string[];
  /** The facilitator's notes on the timeline (verdicts are on the score's items). */
  notes: { t: number; text: string }[];
  ideal: {
    id: string;
    label: string;
    by: string[] | null;
    deadline: string | null;
    points: number;
    why: string;
  }[];
}
