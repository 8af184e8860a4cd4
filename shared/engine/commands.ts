// What participants ask for. `decide` turns a command into events or a typed error.
// Commands are the inbound surface: each is parsed by zod before the engine sees it.
import { z } from 'zod';
import {
  Hearers,
  MessageText,
  NoteText,
  ParamValues,
  ParticipantId,
  ReportChannel,
  Speed,
  type DrillEvent,
} from './events.ts';
import { SafeName, safeText } from '../text.ts';

const Id = z.string().min(1).max(80);

export const Command = z.discriminatedUnion('type', [
  z.object({ type: z.literal('assignRole'), participantId: ParticipantId, role: Id.nullable() }),
  z.object({ type: z.literal('start') }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('setSpeed'), speed: Speed }),
  z.object({ type: z.literal('takeAction'), action: Id, params: ParamValues.default({}) }),
  z.object({ type: z.literal('cancelAction'), record: z.number().int().min(0) }),
  z.object({ type: z.literal('confirmAction'), record: z.number().int().min(0) }),
  z.object({ type: z.literal('fireInject'), inject: Id }),
  z.object({ type: z.literal('revealHint'), hint: Id.optional() }),
  z.object({ type: z.literal('postMessage'), text: MessageText }),
  z.object({ type: z.literal('postStatusUpdate'), text: MessageText }),
  z.object({ type: z.literal('removeParticipant'), participantId: ParticipantId }),
  z.object({ type: z.literal('end'), reason: safeText({ min: 0, max: 200 }).optional() }),
  z.object({
    type: z.literal('postAs'),
    from: SafeName,
    text: MessageText,
    to: Hearers.default('all'),
  }),
  z.object({
    type: z.literal('injectText'),
    from: SafeName,
    channel: ReportChannel.default('ticket'),
    text: MessageText,
    to: Hearers.default('all'),
  }),
  z.object({ type: z.literal('addNote'), text: NoteText }),
  z.object({
    type: z.literal('judgeItem'),
    item: Id,
    verdict: z.enum(['pass', 'fail', 'clear']),
    reason: NoteText,
  }),
]);
export type Command = z.infer<typeof Command>;
export type CommandInput = z.input<typeof Command>;

/** Who is asking. The server establishes this from credentials, never from the payload. */
export type Actor =
  | { kind: 'facilitator' }
  | { kind: 'player'; participantId: string }
  | { kind: 'spectator'; participantId: string }
  | { kind: 'system' };

export const ErrorCode = z.enum([
  'INVALID_PAYLOAD',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_YOUR_ROLE',
  'NO_ROLE',
  'UNKNOWN_ROLE',
  'UNKNOWN_PARTICIPANT',
  'UNKNOWN_ACTION',
  'UNKNOWN_INJECT',
  'UNKNOWN_HINT',
  'INVALID_PARAMS',
  'ACTION_UNAVAILABLE',
  'ACTION_ALREADY_TAKEN',
  'INJECT_ALREADY_FIRED',
  'NO_MORE_HINTS',
  'DRILL_NOT_RUNNING',
  'DRILL_ALREADY_STARTED',
  'DRILL_ENDED',
  'ROLES_MISSING',
  'ROLE_TAKEN',
  'NAME_TAKEN',
  'UNKNOWN_ITEM',
  'NOT_FOUND',
  'RATE_LIMITED',
  'TOO_MANY_CONNECTIONS',
  'TOO_MANY_DRILLS',
  'SERVER_BUSY',
  'BUSY',
  'PAYLOAD_TOO_LARGE',
  'INVALID_RECORD',
  'SCENARIO_EXISTS',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export interface DrillError {
  code: ErrorCode;
  message: string;
  /** Seconds to wait before trying again (limits only). */
  retryAfter?: number;
  /** The line of an uploaded file the problem is on (INVALID_RECORD only). */
  line?: number;
}

export type Decision = { ok: true; events: DrillEvent[] } | { ok: false; error: DrillError };

export const fail = (code: ErrorCode, message: string): Decision => ({
  ok: false,
  error: { code, message },
});
