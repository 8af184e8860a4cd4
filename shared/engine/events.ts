// The drill's append-only event log: what happened, in order. State is a fold over it.
// Every event carries `at`: the virtual second it happened at (never decreasing).
import { z } from 'zod';
import { SafeName, safeText } from '../text.ts';

const Seconds = z
  .number()
  .min(0)
  .max(60 * 60 * 24 * 30);
const Id = z.string().min(1).max(80);
const Name = SafeName;
export const ParticipantId = z.string().min(1).max(64);
export const ParamValues = z.record(z.string().max(80), z.string().max(200));
/** A chat message or status update: 1 to 2000 characters, line breaks allowed. */
export const MessageText = safeText({ max: 2000, multiline: true });
/** Why a drill ended: the facilitator's words, or the scenario's. */
export const EndReason = safeText({ min: 0, max: 200, multiline: true, trim: false });
/** The clock's speed: the one range `setSpeed` accepts and `speedChanged` records. */
export const SPEED_MIN = 0.25;
export const SPEED_MAX = 10;
export const Speed = z.number().min(SPEED_MIN).max(SPEED_MAX);
/** Who hears something the facilitator says as the world: everyone, or some roles. */
export const Hearers = z.union([z.literal('all'), z.array(Id).min(1).max(40)]);
/** Where a free-text inject arrives, as the scenario's own reports do. */
export const ReportChannel = z.enum(['ticket', 'social', 'phone', 'email', 'chat']);
/** A facilitator's note on the timeline, or the reason for a judgement. */
export const NoteText = safeText({ max: 1000, multiline: true });
/** A manual verdict on a rubric item; null takes a verdict back. */
export const Verdict = z.enum(['pass', 'fail']);

export const DrillEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('created'),
    at: z.literal(0),
    drillId: Id,
    joinCode: z.string().max(16).optional(),
    scenarioId: Id,
    scenarioHash: z.string(),
    seed: z.number().int(),
    facilitator: Name.optional(),
    solo: z.boolean().default(false),
  }),
  z.object({
    type: z.literal('joined'),
    at: Seconds,
    participantId: ParticipantId,
    name: Name,
    kind: z.enum(['player', 'spectator', 'bot']),
  }),
  z.object({ type: z.literal('removed'), at: Seconds, participantId: ParticipantId }),
  z.object({
    type: z.literal('roleAssigned'),
    at: Seconds,
    participantId: ParticipantId,
    role: Id.nullable(),
  }),
  z.object({ type: z.literal('clockStarted'), at: Seconds }),
  z.object({
    type: z.literal('clockPaused'),
    at: Seconds,
    /** 'away': a solo drill's only player left; the clock starts again when they return. */
    reason: z.enum(['away']).optional(),
  }),
  z.object({ type: z.literal('clockResumed'), at: Seconds }),
  z.object({ type: z.literal('speedChanged'), at: Seconds, speed: Speed }),
  z.object({ type: z.literal('timeAdvanced'), at: Seconds }),
  z.object({
    type: z.literal('actionTaken'),
    at: Seconds,
    participantId: ParticipantId,
    role: Id,
    action: Id,
    params: ParamValues,
  }),
  z.object({
    type: z.literal('actionCancelled'),
    at: Seconds,
    record: z.number().int().min(0),
    participantId: ParticipantId,
  }),
  z.object({
    type: z.literal('actionConfirmed'),
    at: Seconds,
    record: z.number().int().min(0),
    participantId: ParticipantId,
  }),
  z.object({ type: z.literal('injectFired'), at: Seconds, inject: Id }),
  z.object({
    type: z.literal('hintRevealed'),
    at: Seconds,
    hint: Id,
    requestedBy: ParticipantId.optional(),
  }),
  z.object({
    type: z.literal('messagePosted'),
    at: Seconds,
    participantId: ParticipantId,
    text: MessageText,
  }),
  z.object({
    type: z.literal('statusUpdatePosted'),
    at: Seconds,
    participantId: ParticipantId,
    text: MessageText,
  }),
  z.object({ type: z.literal('ended'), at: Seconds, reason: EndReason }),
  // The facilitator speaking as the world: a character in the channel, or a free-text inject.
  z.object({
    type: z.literal('characterPosted'),
    at: Seconds,
    from: Name,
    text: MessageText,
    to: Hearers,
  }),
  z.object({
    type: z.literal('textInjected'),
    at: Seconds,
    from: Name,
    channel: ReportChannel,
    text: MessageText,
    to: Hearers,
  }),
  // Judgement the engine cannot make: facilitator notes, and a verdict on a rubric item.
  z.object({ type: z.literal('noteAdded'), at: Seconds, text: NoteText }),
  z.object({
    type: z.literal('itemJudged'),
    at: Seconds,
    item: Id,
    verdict: Verdict.nullable(),
    reason: NoteText,
  }),
]);
export type DrillEvent = z.infer<typeof DrillEvent>;
export type EventType = DrillEvent['type'];
export type EventOf<T extends EventType> = Extract<DrillEvent, { type: T }>;
