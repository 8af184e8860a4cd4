// The socket.io protocol: authenticate the handshake, parse every inbound payload with zod,
// hand commands to the drill host and answer them. What each seat sees is the seat views'
// job (seat-views.ts); which seat a credential holds is seats.ts's.
import type { Logger } from 'pino';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { DrillError } from '../shared/index.ts';
import { CommandMessage, Handshake, SyncMessage, type CommandAck } from '../shared/protocol.ts';
import type { DrillRegistry } from './drills.ts';
import {
  clientAddress,
  cutOff,
  LimitError,
  limitName,
  SocketLimits,
  watchSendBuffer,
} from './limits.ts';
import { LoadShedder } from './load-shedding.ts';
import type { Metrics } from './metrics.ts';
import type { FiredrillServer, FiredrillSocket, SeatView, SeatViews } from './seat-views.ts';
import { actorOf, participantKeyOf } from './seats.ts';

const errorOf = (code: DrillError['code'], message: string): { ok: false; error: DrillError } => ({
  ok: false,
  error: { code, message },
});

export interface RealtimeOptions {
  commandsPerSecond: number;
  handshakesPerMinute?: number;
  maxSocketsPerAddress?: number;
  maxSocketsPerSeat?: number;
  maxSendBufferBytes?: number;
  /** Commands waiting for their host, per drill and in the process, before BUSY. */
  maxQueuedCommandsPerDrill?: number;
  maxQueuedCommands?: number;
  trustProxy?: boolean;
  logger: Logger;
  metrics: Metrics;
}

export function attachRealtime(
  io: FiredrillServer,
  registry: DrillRegistry,
  views: SeatViews,
  opts: RealtimeOptions,
): void {
  const { logger, metrics } = opts;
  const limiter = new RateLimiterMemory({ points: opts.commandsPerSecond, duration: 1 });
  const shedder = new LoadShedder({
    perDrill: opts.maxQueuedCommandsPerDrill ?? Infinity,
    perProcess: opts.maxQueuedCommands ?? Infinity,
    retryAfter: 1,
  });
  const limits = new SocketLimits<FiredrillSocket>({
    handshakesPerMinute: opts.handshakesPerMinute ?? Infinity,
    maxSocketsPerAddress: opts.maxSocketsPerAddress ?? Infinity,
    maxSocketsPerSeat: opts.maxSocketsPerSeat ?? Infinity,
  });

  io.use((socket, next) => {
    const reject = (code: DrillError['code'], message: string, retryAfter?: number) => {
      const err = new Error(message) as Error & { data: DrillError };
      err.data = { code, message, ...(retryAfter !== undefined ? { retryAfter } : {}) };
      next(err);
    };
    const address = clientAddress(
      socket.handshake.headers,
      socket.handshake.address,
      opts.trustProxy ?? false,
    );
    let release: (() => void) | null = null;
    (async () => {
      // Limits first: a flood of handshakes never reaches the store.
      const giveBack = await limits.admit(address);
      let held: string | null = null;
      const done = () => {
        socket.conn.off('close', done);
        giveBack();
        if (held !== null) registry.release(held);
        held = null;
      };
      release = done;
      // A client gone before the handshake finished gets no 'disconnect': free on close.
      socket.conn.once('close', done);
      const parsed = Handshake.safeParse(socket.handshake.auth);
      if (!parsed.success)
        return fail('UNAUTHENTICATED', 'The handshake needs a drill id and a token.');
      const session = await registry.authenticate(parsed.data.drillId, parsed.data.token);
      if (!session)
        return fail('UNAUTHENTICATED', 'That link or token is not valid for this drill.');
      const host = await registry.acquire(session.drillId);
      if (!host) return fail('NOT_FOUND', 'This drill no longer exists.');
      held = host.id;
      if (session.participantId && host.state.participants[session.participantId]?.removed) {
        return fail('FORBIDDEN', 'The facilitator removed you from this drill.');
      }
      socket.data.session = session;
      socket.data.host = host;
      socket.data.release = done;
      next();
    })().catch((err: unknown) => {
      release?.();
      if (err instanceof LimitError) {
        const code = err.error.code;
        metrics.limited.inc({ limit: code === 'RATE_LIMITED' ? 'handshakes' : limitName(code) });
        return reject(err.error.code, err.error.message, err.error.retryAfter);
      }
      logger.error({ err }, 'handshake failed');
      reject('INTERNAL', 'The server could not check your credentials; retry.');
    });
    function fail(code: DrillError['code'], message: string) {
      release?.();
      reject(code, message);
    }
  });

  io.on('connection', (socket) => {
    const { session, host } = socket.data;
    metrics.playersConnected.inc({ seat: session.seat });
    // The newest connection of a seat wins: the oldest over the cap gives way.
    const seatKey = participantKeyOf(session);
    for (const old of limits.seat(seatKey, socket)) {
      old.emit('replaced', {
        reason: 'This seat was opened in another window or tab; this one was closed.',
      });
      old.disconnect(true);
      metrics.limited.inc({ limit: 'sockets_per_seat' });
    }
    // A client that stops reading is cut off rather than buffered for; it resyncs on return.
    watchSendBuffer(socket.conn as never, opts.maxSendBufferBytes ?? Infinity, (bytes) => {
      if (!socket.connected) return;
      logger.warn({ drillId: host.id, bytes }, 'cut off a socket that does not read');
      metrics.limited.inc({ limit: 'send_buffer' });
      socket.disconnect(true);
      cutOff(socket.conn as never);
    });
    views.add(socket);
    // Solo practice: the clock stopped when its only player left starts again on their return.
    if (session.seat === 'player' && host.state.solo && host.state.pausedAway)
      void host.back().catch((err: unknown) => logger.error({ err }, 'could not resume'));
    // Presence: the facilitator's roster shows who is online.
    if (session.participantId) views.presence(host.id);
    else if (session.seat === 'facilitator') views.presence(host.id, socket);
    const actor = actorOf(session);

    socket.on('command', async (raw: unknown, ack: unknown) => {
      const reply = (res: CommandAck) => {
        if (typeof ack === 'function') (ack as (r: CommandAck) => void)(res);
      };
      const started = performance.now();
      try {
        await limiter.consume(socket.id);
      } catch {
        metrics.commands.inc({ type: 'unknown', result: 'RATE_LIMITED' });
        return reply(errorOf('RATE_LIMITED', 'Too many commands; slow down.'));
      }
      const parsed = CommandMessage.safeParse(raw);
      if (!parsed.success) {
        metrics.commands.inc({ type: 'unknown', result: 'INVALID_PAYLOAD' });
        const first = parsed.error.issues[0];
        return reply(
          errorOf(
            'INVALID_PAYLOAD',
            `Invalid command${first ? ` at ${first.path.join('.') || 'root'}: ${first.message}` : ''}.`,
          ),
        );
      }
      // Past the queue bounds the command is refused at once, not queued behind seconds of work.
      const slot = shedder.admit(host.id);
      if (!('release' in slot)) {
        metrics.commands.inc({ type: parsed.data.command.type, result: 'BUSY' });
        metrics.limited.inc({ limit: 'queued_commands' });
        return reply({ ok: false, error: slot });
      }
      try {
        const result = await host.submit(
          actor,
          parsed.data.command,
          `${session.participantId ?? 'f'}:${parsed.data.id}`,
        );
        metrics.commands.inc({
          type: parsed.data.command.type,
          result: result.ok ? 'ok' : result.error.code,
        });
        metrics.commandLatency.observe((performance.now() - started) / 1000);
        reply(
          result.ok
            ? { ok: true, seq: result.seq, ...(result.duplicate ? { duplicate: true } : {}) }
            : result,
        );
      } catch (err) {
        // Answer first: whatever else fails here, the client must not wait for an ack.
        reply(errorOf('INTERNAL', 'The server could not record that; retry.'));
        logger.error({ err, drillId: host.id }, 'command failed');
        metrics.commands.inc({ type: parsed.data.command.type, result: 'INTERNAL' });
      } finally {
        slot.release();
      }
    });

    socket.on('sync', async (raw: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const parsed = SyncMessage.safeParse(raw);
      if (!parsed.success)
        return (ack as (r: unknown) => void)(errorOf('INVALID_PAYLOAD', 'sync needs {lastSeq}.'));
      // Nothing of a step leaves before it is durable: wait out the write in flight.
      let view: SeatView | null;
      while (!(view = views.current(host, session))) await new Promise((r) => setImmediate(r));
      (ack as (r: unknown) => void)({ ok: true, ...view });
    });

    socket.on('disconnect', () => {
      views.remove(socket);
      // Solo practice: nobody plays any more, so the clock stops instead of running on.
      if (
        session.seat === 'player' &&
        host.state.solo &&
        host.state.status === 'running' &&
        !views.hasPlayer(host.id)
      )
        void host.away().catch((err: unknown) => logger.error({ err }, 'could not pause'));
      metrics.playersConnected.dec({ seat: session.seat });
      limits.unseat(seatKey, socket);
      socket.data.release?.();
      if (session.participantId) views.presence(host.id);
    });
  });
}
