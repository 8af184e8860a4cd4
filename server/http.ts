// The HTTP API: scenarios, drill creation, joining, practice, exports, health and metrics.
// Every body is parsed by zod; every error is {error: {code, message}} with a 4xx status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { z } from 'zod';
import { postmortemMarkdown, type DrillError } from '../shared/index.ts';
import {
  CreateDrillBody,
  IssueReclaimBody,
  JoinBody,
  PractiseBody,
  ReclaimBody,
} from '../shared/protocol.ts';
import type { ImportRoutes } from './authoring.ts';
import type { Catalogue } from './catalogue.ts';
import { hashToken } from './credentials.ts';
import { setSecurityHeaders } from './security-headers.ts';
import { RegistryError, type DrillRegistry } from './drills.ts';
import { consumeOrRefuse, LimitError, limitName, type DrillQuota } from './limits.ts';
import type { Metrics } from './metrics.ts';
import type { EventStore } from './store/event-store.ts';

export interface HttpOptions {
  registry: DrillRegistry;
  store: EventStore;
  catalogue: Catalogue;
  metrics: Metrics;
  logger: Logger;
  maxPayloadBytes: number;
  joinAttemptsPerMinute: number;
  drillsPerMinute: number;
  trustProxy: boolean;
  /** Running drills per address and in total; none when absent. */
  drillQuota?: DrillQuota;
  isReady: () => boolean;
  /** Serves the built client (static files, SPA fallback). */
  serveStatic: (req: IncomingMessage, res: ServerResponse) => void;
  /** `/api/import...`: drafts from incident records, and saving them (server/authoring.ts). */
  importRoutes?: ImportRoutes;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: DrillError,
  ) {
    super(error.message);
  }
}
const STATUS: Partial<Record<DrillError['code'], number>> = {
  INVALID_PAYLOAD: 400,
  UNKNOWN_ROLE: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_PARTICIPANT: 404,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
};

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json; charset=utf-8',
) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  // Node leaves the body out of an answer to HEAD by itself; the length stays.
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/** A path segment, percent-decoded; malformed encoding is bad input, not a server fault. */
function segment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, {
      code: 'INVALID_PAYLOAD',
      message: 'The path is not valid percent-encoding.',
    });
  }
}

export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('application/json')) {
    throw new HttpError(415, {
      code: 'INVALID_PAYLOAD',
      message: 'Send JSON (content-type: application/json).',
    });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit)
      throw new HttpError(413, {
        code: 'PAYLOAD_TOO_LARGE',
        message: `The body is larger than ${limit} bytes.`,
      });
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
  } catch {
    throw new HttpError(400, { code: 'INVALID_PAYLOAD', message: 'The body is not valid JSON.' });
  }
}

export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new HttpError(400, {
    code: 'INVALID_PAYLOAD',
    message: issue
      ? `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`
      : 'Invalid body.',
  });
}

const randomSeed = () => Math.floor(Math.random() * 2 ** 31);

export function httpHandler(opts: HttpOptions) {
  const { registry, catalogue, metrics, logger } = opts;
  const joinLimiter = new RateLimiterMemory({ points: opts.joinAttemptsPerMinute, duration: 60 });
  const createLimiter = new RateLimiterMemory({ points: opts.drillsPerMinute, duration: 60 });

  const clientIp = (req: IncomingMessage) =>
    (opts.trustProxy
      ? String(req.headers['x-forwarded-for'] ?? '')
          .split(',')[0]
          ?.trim()
      : '') ||
    req.socket.remoteAddress ||
    '?';

  const limit = (limiter: RateLimiterMemory, req: IncomingMessage) =>
    consumeOrRefuse(limiter, clientIp(req), 'Too many attempts; wait a minute.');
  /** Creates a drill within the running-drill caps (per address and in total). */
  const withinQuota = async <T extends { drillId: string }>(
    req: IncomingMessage,
    create: () => Promise<T>,
  ): Promise<T> => {
    const slot = opts.drillQuota?.reserve(clientIp(req));
    try {
      const created = await create();
      slot?.settle(created.drillId);
      return created;
    } catch (err) {
      slot?.settle(null);
      throw err;
    }
  };

  const tokenOf = (req: IncomingMessage, url: URL) => {
    const auth = req.headers.authorization ?? '';
    return auth.startsWith('Bearer ') ? auth.slice(7) : (url.searchParams.get('token') ?? '');
  };

  async function drillFor(
    req: IncomingMessage,
    url: URL,
    id: string,
    allowParticipantsWhenEnded: boolean,
  ) {
    const session = await registry.authenticate(id, tokenOf(req, url));
    if (!session)
      throw new HttpError(401, {
        code: 'UNAUTHENTICATED',
        message: 'A valid token for this drill is required.',
      });
    const host = await registry.get(id);
    if (!host) throw new HttpError(404, { code: 'NOT_FOUND', message: 'No such drill.' });
    const allowed =
      session.seat === 'facilitator' ||
      // The room screen is no participant: the ended drill's whole story is not for it.
      (allowParticipantsWhenEnded && host.state.status === 'ended' && session.seat !== 'room');
    if (!allowed)
      throw new HttpError(403, {
        code: 'FORBIDDEN',
        message: 'Only the facilitator can do that (participants can once the drill has ended).',
      });
    return host;
  }

  /**
   * The whole scenario (briefs, secrets, findings, hints, phases, debrief): for a facilitator
   * of one of its drills, and for the participants of one that has ended.
   */
  async function wholeScenario(scenarioId: string, token: string) {
    const cred = await opts.store.findCredential(hashToken(token));
    if (!cred)
      throw new HttpError(401, {
        code: 'UNAUTHENTICATED',
        message: 'That token is not valid for any drill.',
      });
    const host = await registry.get(cred.drillId);
    const allowed =
      host !== null &&
      host.compiled.scenario.id === scenarioId &&
      (cred.seat === 'facilitator' || (host.state.status === 'ended' && cred.seat !== 'room'));
    if (!allowed)
      throw new HttpError(403, {
        code: 'FORBIDDEN',
        message:
          "Only a facilitator of this scenario's drills sees the whole of it (participants can once their drill has ended).",
      });
    return catalogue.get(scenarioId)!.scenario;
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      throw new HttpError(400, {
        code: 'INVALID_PAYLOAD',
        message: 'The request path is invalid.',
      });
    }
    const path = url.pathname;
    // HEAD is answered as GET is; Node sends the headers without the body.
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    if (path === '/healthz') return (send(res, 200, { ok: true }), true);
    if (path === '/readyz')
      return (send(res, opts.isReady() ? 200 : 503, { ready: opts.isReady() }), true);
    if (path === '/metrics') {
      metrics.drillsRunning.set(registry.size);
      const { open, hosted } = registry.counts();
      metrics.drillsOpen.set({ as: 'host' }, hosted);
      metrics.drillsOpen.set({ as: 'follower' }, open - hosted);
      return (send(res, 200, await metrics.registry.metrics(), metrics.registry.contentType), true);
    }
    if (!path.startsWith('/api/')) return false;

    if (method === 'GET' && path === '/api/scenarios')
      return (send(res, 200, catalogue.list()), true);
    let m = /^\/api\/scenarios\/([^/]+)$/.exec(path);
    if (method === 'GET' && m) {
      const id = segment(m[1]!);
      const summary = catalogue.summary(id);
      if (!summary) throw new HttpError(404, { code: 'NOT_FOUND', message: 'No such scenario.' });
      const token = tokenOf(req, url);
      if (!token) return (send(res, 200, summary), true);
      return (send(res, 200, await wholeScenario(id, token)), true);
    }
    if (method === 'POST' && path === '/api/drills') {
      await limit(createLimiter, req);
      const body = parse(CreateDrillBody, await readJson(req, opts.maxPayloadBytes));
      const created = await withinQuota(req, () =>
        registry.create(body.scenarioId, body.facilitatorName, body.seed ?? randomSeed()),
      );
      logger.info({ drillId: created.drillId, scenarioId: body.scenarioId }, 'drill created');
      return (send(res, 201, created), true);
    }
    if (method === 'POST' && path === '/api/join') {
      await limit(joinLimiter, req);
      const body = parse(JoinBody, await readJson(req, opts.maxPayloadBytes));
      return (send(res, 200, await registry.join(body.code, body.name, body.spectator)), true);
    }
    if (method === 'POST' && path === '/api/reclaim') {
      // Codes are guessed no faster than join codes.
      await limit(joinLimiter, req);
      const body = parse(ReclaimBody, await readJson(req, opts.maxPayloadBytes));
      return (send(res, 200, await registry.reclaim(body.code)), true);
    }
    m = /^\/api\/drills\/([^/]+)\/room$/.exec(path);
    if (method === 'POST' && m) {
      const host = await drillFor(req, url, segment(m[1]!), false);
      return (send(res, 201, await registry.issueRoomSeat(host.id)), true);
    }
    m = /^\/api\/drills\/([^/]+)\/reclaim$/.exec(path);
    if (method === 'POST' && m) {
      const host = await drillFor(req, url, segment(m[1]!), false);
      const body = parse(IssueReclaimBody, await readJson(req, opts.maxPayloadBytes));
      return (send(res, 201, await registry.issueReclaim(host.id, body.participantId)), true);
    }
    if (method === 'POST' && path === '/api/practise') {
      await limit(createLimiter, req);
      const body = parse(PractiseBody, await readJson(req, opts.maxPayloadBytes));
      return (
        send(
          res,
          201,
          await withinQuota(req, () =>
            registry.practise(body.scenarioId, body.name, body.role, body.seed ?? randomSeed()),
          ),
        ),
        true
      );
    }
    m = /^\/api\/drills\/([^/]+)\/(events|export\.json|export\.md)$/.exec(path);
    if (method === 'GET' && m) {
      const id = segment(m[1]!);
      const what = m[2]!;
      const host = await drillFor(req, url, id, what === 'events');
      await host.idle();
      const events = (await opts.store.loadEvents(host.id)).map((e) => e.event);
      if (what === 'export.md') {
        res.setHeader('content-disposition', `attachment; filename="drill-${id}.md"`);
        return (
          send(
            res,
            200,
            postmortemMarkdown(host.compiled, host.state),
            'text/markdown; charset=utf-8',
          ),
          true
        );
      }
      if (what === 'export.json')
        res.setHeader('content-disposition', `attachment; filename="drill-${id}.json"`);
      return (
        send(res, 200, {
          drillId: id,
          scenarioId: host.compiled.scenario.id,
          scenarioHash: host.compiled.hash,
          ...(what === 'events' ? { scenario: host.compiled.scenario } : {}),
          events,
        }),
        true
      );
    }
    if (opts.importRoutes && path.startsWith('/api/import'))
      if (await opts.importRoutes(req, res, method, path, clientIp(req))) return true;
    throw new HttpError(404, {
      code: 'NOT_FOUND',
      message: `No route ${req.method ?? method} ${path}.`,
    });
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    setSecurityHeaders(res);
    route(req, res)
      .then((handled) => {
        if (!handled) opts.serveStatic(req, res);
      })
      .catch((err: unknown) => {
        if (err instanceof HttpError) return send(res, err.status, { error: err.error });
        if (err instanceof LimitError) {
          metrics.limited.inc({ limit: limitName(err.error.code) });
          res.setHeader('retry-after', String(err.error.retryAfter ?? 60));
          return send(res, err.status, { error: err.error });
        }
        if (err instanceof RegistryError)
          return send(res, STATUS[err.error.code] ?? 409, { error: err.error });
        logger.error({ err, url: req.url }, 'request failed');
        if (!res.headersSent)
          send(res, 500, {
            error: { code: 'INTERNAL', message: 'Something went wrong on the server.' },
          });
      });
  };
  return handler;
}
