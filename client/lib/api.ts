// The HTTP client: typed calls to the server's REST endpoints. Responses are checked with
// small schemas (a server out of step with this client fails loudly, not strangely), and
// every failure becomes an ApiError with the server's error code.
import * as z from 'zod/mini';
import type {
  CreatedDrill,
  Credential,
  ImportPreview,
  ImportSettings,
  ScenarioSummary,
} from '../../shared/protocol.ts';
import type { DrillEvent } from '../../shared/engine/events.ts';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** The line of an uploaded file a problem is on (INVALID_RECORD). */
    readonly line?: number,
  ) {
    super(message);
  }
}

const CredentialSchema = z.object({
  drillId: z.string(),
  token: z.string(),
  participantId: z.nullable(z.string()),
  seat: z.enum(['facilitator', 'player', 'spectator', 'room']),
});

const SummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  difficulty: z.enum(['beginner', 'intermediate', 'advanced']),
  duration: z.number(),
  tags: z.array(z.string()),
  objectives: z.array(z.string()),
  source: z.object({ title: z.string(), url: z.optional(z.string()), kind: z.string() }),
  roles: z.array(z.object({ id: z.string(), name: z.string(), required: z.boolean() })),
  real: z.boolean(),
  variants: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      difficulty: z.string(),
      description: z.nullable(z.string()),
    }),
  ),
});

const CreatedSchema = z.object({
  drillId: z.string(),
  joinCode: z.string(),
  facilitator: CredentialSchema,
});
const PractiseSchema = z.object({
  drillId: z.string(),
  player: CredentialSchema,
  facilitator: CredentialSchema,
});
// Loose: every field of an event must survive; the engine's schema checks them on replay.
const EventsSchema = z.object({
  scenario: z.unknown(),
  events: z.array(z.looseObject({ type: z.string(), at: z.number() })),
});
const ErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), line: z.optional(z.number()) }),
});
const ImportSettingsSchema = z.object({ saving: z.boolean(), maxBytes: z.number() });
const LintSchema = z.object({
  level: z.enum(['error', 'warning']),
  path: z.string(),
  line: z.optional(z.number()),
  message: z.string(),
});
const ImportPreviewSchema = z.object({
  format: z.string(),
  drafts: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      yaml: z.string(),
      playthroughFile: z.string(),
      playthroughYaml: z.string(),
      review: z.object({
        issues: z.array(
          z.object({
            path: z.array(z.union([z.string(), z.number()])),
            message: z.string(),
            line: z.optional(z.number()),
          }),
        ),
        lint: z.array(LintSchema),
        play: z.nullable(
          z.object({
            name: z.string(),
            percent: z.number(),
            phase: z.string(),
            ended: z.boolean(),
            unmet: z.array(z.string()),
          }),
        ),
      }),
      exists: z.boolean(),
    }),
  ),
});
const SavedSchema = z.object({ id: z.string(), playthroughFile: z.string() });

async function request<T>(
  path: string,
  schema: z.ZodMiniType<T>,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      headers: {
        Accept: 'application/json',
        ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      },
      body: init.body === undefined ? null : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError('NETWORK', 'Check your connection and try again.', 0);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = ErrorSchema.safeParse(body);
    if (err.success)
      throw new ApiError(
        err.data.error.code,
        err.data.error.message,
        res.status,
        err.data.error.line,
      );
    throw new ApiError(
      res.status === 404 ? 'NOT_FOUND' : 'INTERNAL',
      `The server answered ${res.status}.`,
      res.status,
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ApiError('INTERNAL', `Unexpected answer from ${path}.`, res.status);
  return parsed.data;
}

export const api = {
  scenarios: (): Promise<ScenarioSummary[]> => request('/api/scenarios', z.array(SummarySchema)),
  createDrill: (
    scenarioId: string,
    facilitatorName?: string,
    seed?: number,
  ): Promise<CreatedDrill> =>
    request('/api/drills', CreatedSchema, {
      method: 'POST',
      body: {
        scenarioId,
        ...(facilitatorName ? { facilitatorName } : {}),
        ...(seed !== undefined ? { seed } : {}),
      },
    }),
  join: (code: string, name: string, spectator = false): Promise<Credential> =>
    request('/api/join', CredentialSchema, { method: 'POST', body: { code, name, spectator } }),
  practise: (
    scenarioId: string,
    name: string,
    role: string,
    seed?: number,
  ): Promise<{ drillId: string; player: Credential; facilitator: Credential }> =>
    request('/api/practise', PractiseSchema, {
      method: 'POST',
      body: { scenarioId, name, role, ...(seed !== undefined ? { seed } : {}) },
    }),
  /** The facilitator: a one-time code that gives a participant's seat back to them. */
  issueReclaim: (
    drillId: string,
    token: string,
    participantId: string,
  ): Promise<{ code: string; expiresIn: number }> =>
    request(
      `/api/drills/${encodeURIComponent(drillId)}/reclaim`,
      z.object({ code: z.string(), expiresIn: z.number() }),
      { method: 'POST', body: { participantId }, token },
    ),
  /** The facilitator: a read-only credential for the room's shared screen. */
  roomSeat: (drillId: string, token: string): Promise<Credential> =>
    request(`/api/drills/${encodeURIComponent(drillId)}/room`, CredentialSchema, {
      method: 'POST',
      token,
    }),
  /** A player: their seat back, with the code the facilitator gave them. */
  reclaim: (code: string): Promise<Credential> =>
    request('/api/reclaim', CredentialSchema, { method: 'POST', body: { code } }),
  /** The event log and scenario: the facilitator any time, participants once ended. */
  events: async (
    drillId: string,
    token: string,
  ): Promise<{ scenario: unknown; events: DrillEvent[] }> => {
    const r = await request(`/api/drills/${encodeURIComponent(drillId)}/events`, EventsSchema, {
      token,
    });
    // Events are checked properly by the engine's own schema where they are folded.
    return { scenario: r.scenario, events: r.events as DrillEvent[] };
  },
};

/** The import screen's calls: settings, a preview of a file's drafts, saving one. */
export const importApi = {
  settings: (): Promise<ImportSettings> => request('/api/import', ImportSettingsSchema),
  preview: (fileName: string, text: string): Promise<ImportPreview> =>
    request('/api/import/preview', ImportPreviewSchema, {
      method: 'POST',
      body: { fileName, text },
    }),
  save: (
    fileName: string,
    text: string,
    id: string,
    key: string,
  ): Promise<{ id: string; playthroughFile: string }> =>
    request('/api/import/save', SavedSchema, {
      method: 'POST',
      body: { fileName, text, id },
      token: key,
    }),
};

export function exportUrl(drillId: string, token: string, format: 'md' | 'json'): string {
  return `/api/drills/${encodeURIComponent(drillId)}/export.${format}?token=${encodeURIComponent(token)}`;
}
