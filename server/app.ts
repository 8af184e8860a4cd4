// Composes the server: store, catalogue, registry, HTTP API, socket.io and static client.
// `startServer` is what main.ts, the tests and the benchmarks call.
import { existsSync } from 'node:fs';
import {
  createServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import pino, { type Logger } from 'pino';
import sirv from 'sirv';
import { Server } from 'socket.io';
import { loadCatalogue } from './catalogue.ts';
import type { Config } from './config.ts';
import { DrillRegistry } from './drills.ts';
import { httpHandler } from './http.ts';
import { authoringRoutes } from './authoring.ts';
import { openCluster, type Cluster } from './cluster/cluster.ts';
import { importRunner } from './import-runner.ts';
import { DrillQuota } from './limits.ts';
import { createMetrics } from './metrics.ts';
import { attachRealtime } from './realtime.ts';
import { seatViews, type FiredrillServer, type SeatViews } from './seat-views.ts';
import { openEmbeddedStore } from './store/embedded.ts';
import type { EventStore } from './store/event-store.ts';
import { groupCommitter } from './store/group-commit.ts';
import { openPostgresStore } from './store/postgres.ts';

export interface RunningServer {
  url: string;
  port: number;
  http: HttpServer;
  io: Server;
  registry: DrillRegistry;
  store: EventStore;
  /** The seat views of connected clients (what the hosts publish to). */
  realtime: SeatViews;
  /** With several processes (REDIS_URL): this process's part. */
  cluster: Cluster | null;
  /** Whether /readyz answers 200 (false once shutting down). */
  ready(): boolean;
  logger: Logger;
  close(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  /** Use this store instead of opening one from the config (tests). */
  store?: EventStore;
  logger?: Logger;
}

export async function openStore(config: Config): Promise<EventStore> {
  return config.DATABASE_URL
    ? openPostgresStore(config.DATABASE_URL)
    : openEmbeddedStore(resolve(config.DATA_DIR));
}

export async function startServer({
  config,
  store: given,
  logger: givenLogger,
}: StartOptions): Promise<RunningServer> {
  const logger = givenLogger ?? pino({ level: config.LOG_LEVEL });
  const metrics = createMetrics();
  let ready = false;

  const catalogue = await loadCatalogue(resolve(config.SCENARIOS_DIR));
  for (const p of catalogue.problems) logger.error(`scenario left out: ${p}`);
  logger.info({ scenarios: catalogue.list().length }, 'scenarios loaded');

  const clientDir = resolve(config.CLIENT_DIR);
  const hasClient = existsSync(resolve(clientDir, 'index.html'));
  const assets = hasClient
    ? sirv(clientDir, { single: true, etag: true, gzip: true, brotli: true })
    : null;
  const serveStatic = (req: IncomingMessage, res: ServerResponse) => {
    if (assets) {
      return assets(req, res, () => {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Not found\n');
      });
    }
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The web client is not built yet: run "npm run build" (npm start does it for you).\n');
  };

  const opening = given ?? (await openStore(config));
  const store = opening;
  // The store's migrations ran first: the cluster's leases live in its tables.
  const cluster =
    config.REDIS_URL && config.DATABASE_URL
      ? await openCluster({
          redisUrl: config.REDIS_URL,
          databaseUrl: config.DATABASE_URL,
          leaseSeconds: config.LEASE_SECONDS,
          ...(config.NODE_ID ? { node: config.NODE_ID } : {}),
          logger,
        })
      : null;
  const committer = groupCommitter(store, (seconds, size) => {
    metrics.storeLatency.observe(seconds);
    metrics.batchSize.observe(size);
  });

  // The HTTP server first (its handler comes below), so the socket server and the seat views
  // exist before the registry whose hosts publish to them.
  const http = createServer();
  const allowed = new Set(config.ALLOWED_ORIGINS);
  const io: FiredrillServer = new Server(http, {
    maxHttpBufferSize: config.MAX_PAYLOAD_BYTES,
    ...(cluster ? { adapter: cluster.adapter } : {}),
    transports: ['websocket', 'polling'],
    cors: allowed.size ? { origin: [...allowed] } : undefined,
    // Browsers send Origin: accept our own host and the configured origins only.
    allowRequest: (req, cb) => {
      const origin = req.headers.origin;
      if (!origin) return cb(null, true);
      let ok = allowed.has(origin);
      try {
        ok ||= new URL(origin).host === req.headers.host;
      } catch {
        ok = false;
      }
      cb(ok ? null : 'origin not allowed', ok);
    },
  });
  const views = seatViews(io, logger, { cluster: cluster !== null });
  const registry = new DrillRegistry({
    store,
    committer,
    catalogue,
    publisher: views,
    tickSeconds: config.TICK_SECONDS,
    onError: (err) => logger.error({ err }, 'drill scheduler failed'),
    idleSeconds: config.IDLE_UNLOAD_SECONDS,
    onSeatRevoked: (drillId, participantId) => views.revoke(drillId, participantId),
    ...(cluster ? { hosting: cluster.hosting } : {}),
  });
  const drillQuota = new DrillQuota({
    maxDrillsPerAddress: config.MAX_DRILLS_PER_ADDRESS,
    maxDrills: config.MAX_DRILLS,
    isRunning: (id) => registry.isRunning(id),
    running: () => registry.size,
    retryAfter: 60,
  });

  // Imports are CPU work on files anyone may upload: off the event loop, time-limited.
  const importer = importRunner({ timeoutMs: 10_000 });
  const handler = httpHandler({
    registry,
    store,
    catalogue,
    metrics,
    logger,
    maxPayloadBytes: config.MAX_PAYLOAD_BYTES,
    joinAttemptsPerMinute: config.JOIN_ATTEMPTS_PER_MINUTE,
    drillsPerMinute: config.DRILLS_PER_MINUTE,
    trustProxy: config.TRUST_PROXY,
    drillQuota,
    isReady: () => ready,
    serveStatic,
    importRoutes: authoringRoutes({
      catalogue,
      runner: importer,
      scenariosDir: config.SCENARIOS_DIR,
      token: config.AUTHORING_TOKEN,
      maxBytes: config.IMPORT_MAX_BYTES,
      perMinute: config.IMPORTS_PER_MINUTE,
      logger,
    }),
  });
  http.on('request', handler);
  attachRealtime(io, registry, views, {
    commandsPerSecond: config.COMMANDS_PER_SECOND,
    handshakesPerMinute: config.HANDSHAKES_PER_MINUTE,
    maxSocketsPerAddress: config.MAX_SOCKETS_PER_ADDRESS,
    maxSocketsPerSeat: config.MAX_SOCKETS_PER_SEAT,
    maxSendBufferBytes: config.MAX_SEND_BUFFER_BYTES,
    maxQueuedCommandsPerDrill: config.MAX_QUEUED_COMMANDS_PER_DRILL,
    maxQueuedCommands: config.MAX_QUEUED_COMMANDS,
    trustProxy: config.TRUST_PROXY,
    logger,
    metrics,
  });

  // Unfinished drills are not loaded here: each is resumed when its first client connects.

  await new Promise<void>((done) => http.listen(config.PORT, config.HOST, done));
  const port = (http.address() as AddressInfo).port;
  ready = true;
  const url = `http://${config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST}:${port}`;
  logger.info(
    { url, store: store.kind, ...(cluster ? { node: cluster.node } : {}) },
    'firedrill is listening',
  );

  return {
    url,
    port,
    http,
    io: io as never,
    registry,
    store,
    realtime: views,
    cluster,
    logger,
    ready: () => ready,
    async close() {
      // A load balancer polling /readyz stops sending new connections first; then the drills
      // are handed over (another process takes each at once) and the sockets closed, so their
      // clients reconnect elsewhere and resend what was not acknowledged.
      ready = false;
      if (config.SHUTDOWN_GRACE_SECONDS > 0)
        await new Promise((r) => setTimeout(r, config.SHUTDOWN_GRACE_SECONDS * 1000));
      await registry.close();
      await committer.drain();
      views.stop();
      await new Promise<void>((done) => io.close(() => done()));
      await cluster?.close();
      if (!given) await store.close();
      await importer.close();
    },
  };
}
