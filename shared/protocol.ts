// The wire protocol between browser and server: one module both sides import. Inbound
// payloads are zod schemas (parsed on the server, never trusted); outbound payloads are
// typed from the same definitions. docs/protocol.md describes every message.
import { z } from 'zod';
import { Command, type DrillError, ErrorCode } from './engine/commands.ts';
import type { DrillView } from './engine/view-for.ts';
import { SafeName, safeText } from './text.ts';

export const PROTOCOL_VERSION = 1;

// ------------------------------------------------------------------ HTTP
const ScenarioId = z.string().min(1).max(80);
const DisplayName = SafeName;
/** The drill's seed for its noise; the server picks one when none is given. */
const Seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1)
  .optional();

export const CreateDrillBody = z.strictObject({
  scenarioId: ScenarioId,
  facilitatorName: DisplayName.optional(),
  seed: Seed,
});
export type CreateDrillBody = z.infer<typeof CreateDrillBody>;

export const PractiseBody = z.strictObject({
  scenarioId: ScenarioId,
  name: DisplayName,
  role: z.string().min(1).max(80),
  seed: Seed,
});
export type PractiseBody = z.infer<typeof PractiseBody>;

export const JoinBody = z.strictObject({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9-]{4,16}$/, 'a join code has 4 to 16 letters and digits'),
  name: DisplayName,
  spectator: z.boolean().default(false),
});
export type JoinBody = z.infer<typeof JoinBody>;

/** The facilitator asks for a seat reclaim code for one participant. */
export const IssueReclaimBody = z.strictObject({ participantId: z.string().min(1).max(64) });
/** A player redeems a reclaim code for their own seat. */
export const ReclaimBody = z.strictObject({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{8}$/, 'a reclaim code has 8 letters and digits'),
});

/** A seat's credential: unguessable, scoped to one drill and one seat. */
export interface Credential {
  drillId: string;
  token: string;
  participantId: string | null;
  seat: 'facilitator' | 'player' | 'spectator' | 'room';
}

// Import: a facilitator uploads an incident record, sees the drafts with their review, and
// saves one to the catalogue directory (only where the server allows authoring).
export const ImportPreviewBody = z.strictObject({
  fileName: safeText({ max: 200 }).describe('Only its extension and base name are used'),
  text: z.string().min(1, 'the file is empty'),
});
export type ImportPreviewBody = z.infer<typeof ImportPreviewBody>;

export const ImportSaveBody = z.strictObject({
  ...ImportPreviewBody.shape,
  /** Which draft of the file to save (a wheel of misfortune gives several). */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'a draft id has lowercase letters, digits and "-"'),
});
export type ImportSaveBody = z.infer<typeof ImportSaveBody>;

/** What `GET /api/import` tells the import screen. */
export interface ImportSettings {
  /** Whether this server lets a facilitator save drafts (with the authoring key). */
  saving: boolean;
  maxBytes: number;
}

export interface ImportedDraft {
  id: string;
  title: string;
  yaml: string;
  playthroughFile: string;
  playthroughYaml: string;
  review: {
    issues: { path: (string | number)[]; message: string; line?: number }[];
    lint: { level: 'error' | 'warning'; path: string; line?: number; message: string }[];
    play: { name: string; percent: number; phase: string; ended: boolean; unmet: string[] } | null;
  };
  /** A scenario with this id is already in the catalogue: saving it is refused. */
  exists: boolean;
}

export interface ImportPreview {
  format: string;
  drafts: ImportedDraft[];
}

export interface CreatedDrill {
  drillId: string;
  joinCode: string;
  facilitator: Credential;
}

export interface ScenarioSummary {
  id: string;
  title: string;
  summary: string;
  difficulty: 'beginner' | 'intermediate' | 'advanced';
  duration: number;
  tags: string[];
  objectives: string[];
  source: { title: string; url?: string | undefined; kind: string };
  roles: { id: string; name: string; required: boolean }[];
  /** A replay of a real incident (from a public postmortem), or a composite drill. */
  real: boolean;
  /** Difficulty variants, each created under its own id ("dns-hell.hard"). */
  variants: { id: string; label: string; difficulty: string; description: string | null }[];
}

export interface HttpError {
  error: DrillError;
}

// ------------------------------------------------------------------ socket.io
/** Sent in the socket.io handshake (`auth`). */
export const Handshake = z.strictObject({
  drillId: z.string().min(1).max(64),
  token: z.string().min(16).max(128),
  lastSeq: z.number().int().min(0).optional(),
});
export type Handshake = z.infer<typeof Handshake>;

/** client -> server `command`, acknowledged with CommandAck. */
export const CommandMessage = z.strictObject({
  /** Chosen by the client, unique per command: a retried command is applied once. */
  id: z.string().min(8).max(64),
  command: Command,
});
export type CommandMessage = z.input<typeof CommandMessage>;

/** client -> server `sync`: "I have seen up to seq; send me the current view". */
export const SyncMessage = z.strictObject({ lastSeq: z.number().int().min(0) });

export type Ack<T = object> = ({ ok: true } & T) | { ok: false; error: DrillError };
export type CommandAck = Ack<{ seq: number; duplicate?: boolean }>;

/** One RFC 6902 operation. */
export interface PatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

/** server -> client: the whole view for this seat. */
export interface ViewMessage {
  seq: number;
  view: DrillView;
}

/** server -> client: the view changed from `from` to `seq`. */
export interface PatchMessage {
  from: number;
  seq: number;
  ops: PatchOp[];
}

export interface ServerToClient {
  view: (msg: ViewMessage) => void;
  patch: (msg: PatchMessage) => void;
  kicked: (msg: { reason: string }) => void;
  /** The same seat connected again elsewhere and this (oldest) socket gave way; closed. */
  replaced: (msg: { reason: string }) => void;
  /** To the facilitator: the participants with at least one socket open now. */
  presence: (msg: { online: string[] }) => void;
}

export interface ClientToServer {
  command: (msg: CommandMessage, ack: (res: CommandAck) => void) => void;
  sync: (msg: z.input<typeof SyncMessage>, ack: (res: Ack<ViewMessage>) => void) => void;
}

export { ErrorCode };
export type { DrillError };
