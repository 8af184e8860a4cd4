// The socket.io shell: authenticate the handshake, parse every inbound payload with zod,
// hand commands to the drill host, and publish each seat's view as RFC 6902 patches.
// Views are computed once per seat (role) per change, never once per socket, and every
// payload, the first included, is built by viewFor: a browser never gets another role's
// secrets.
import type { Logger } from 'pino';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Server, Socket } from 'socket.io';
import { viewFor, type Actor, type DrillError, type Seat } from '../shared/index.ts';
import { roomView } from '../shared/engine/room-view.ts';

/** The meeting room's shared screen: its own view, never a participant's. */
type RoomSeat = { kind: 'room' };
import {
  CommandMessage,
  Handshake,
  SyncMessage,
  type ClientToServer,
  type CommandAck,
  type ServerToClient,
} from '../shared/protocol.ts';
import type { DrillHost } from './drill-host.ts';
import type { DrillRegistry, Session } from './drills.ts';
import {
  clientAddress,
  cutOff,
  LimitError,
  limitName,
  SocketLimits,
  watchSendBuffer,
} from './limits.ts';
import type { Metrics } from './metrics.ts';
import { diffView } from './view-diff.ts';

interface SocketData {
  session: Session;
  host: DrillHost;
  key: string;
  /** Moved to another seat's room since the last publish: owed a whole view. */
  moved?: boolean;
  /** Gives back the connection's address slot and its hold on the drill (idempotent). */
  release?: () => void;
}
type FiredrillServer = Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>;
type FiredrillSocket = Socket<ClientToServer, ServerToClient, Record<string, never>, SocketData>;

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
  trustProxy?: boolean;
  logger: Logger;
  metrics: Metrics;
}

export interface Realtime {
  /** The host's state changed: publish new views (coalesced per event-loop turn). */
  publish(host: DrillHost): void;
  connectedSockets(): number;
  /**
   * Holds back scheduled publishing until the returned function is called: lets a test put
   * a message between a change and its publication. A socket that needs a view meanwhile
   * (connect, sync) still gets an up-to-date one.
   */
  holdPublishing(): () => void;
  /** The drill is no longer hosted: drop its cached views. */
  forget(drillId: string): void;
  /** A participant's seat was taken back elsewhere: close the sockets on the old credential. */
  revoke(drillId: string, participantId: string): void;
}

export function attachRealtime(
  io: FiredrillServer,
  registry: DrillRegistry,
  opts: RealtimeOptions,
): Realtime {
  const { logger, metrics } = opts;
  const limiter = new RateLimiterMemory({ points: opts.commandsPerSecond, duration: 1 });
  /** drill -> seat key -> the last view sent to that seat's room. */
  const cache = new Map<string, Map<string, { seq: number; view: object }>>();
  const sockets = new Map<string, Set<FiredrillSocket>>();
  const pending = new Set<DrillHost>();
  let scheduled = false;
  let held = 0;
  const limits = new SocketLimits<FiredrillSocket>({
    handshakesPerMinute: opts.handshakesPerMinute ?? Infinity,
    maxSocketsPerAddress: opts.maxSocketsPerAddress ?? Infinity,
    maxSocketsPerSeat: opts.maxSocketsPerSeat ?? Infinity,
  });
  const seatKeyOf = (session: Session) =>
    `${session.drillId}|${session.seat === 'room' ? 'room' : (session.participantId ?? 'facilitator')}`;

  const seatOf = (host: DrillHost, session: Session): Seat | RoomSeat => {
    if (session.seat === 'room') return { kind: 'room' };
    if (session.seat === 'facilitator') return { kind: 'facilitator' };
    if (session.seat === 'spectator') return { kind: 'spectator' };
    return { kind: 'player', role: host.state.participants[session.participantId!]?.role ?? null };
  };
  const keyOf = (seat: Seat | RoomSeat) =>
    seat.kind === 'player' ? `role:${seat.role ?? ''}` : seat.kind;
  const room = (drillId: string, key: string) => `${drillId}|${key}`;
  const fresh = (host: DrillHost, seat: Seat | RoomSeat) => ({
    seq: host.seq,
    view: (seat.kind === 'room'
      ? roomView(host.compiled, host.state)
      : viewFor(host.compiled, host.state, seat)) as object,
  });

  function flush(host: DrillHost) {
    pending.delete(host);
    const perSeat = cache.get(host.id) ?? new Map<string, { seq: number; view: object }>();
    cache.set(host.id, perSeat);
    const live = sockets.get(host.id) ?? new Set();
    // Nobody to publish to: drop the cached views; the next connection gets a fresh one.
    if (live.size === 0) return void cache.delete(host.id);
    // Participants whose role changed move to their new seat's room.
    for (const socket of live) {
      const session = socket.data.session;
      if (session.seat === 'player') {
        const p = host.state.participants[session.participantId!];
        if (!p || p.removed) {
          socket.emit('kicked', { reason: 'The facilitator removed you from the drill.' });
          socket.disconnect(true);
          continue;
        }
      }
      const key = keyOf(seatOf(host, session));
      if (key !== socket.data.key) {
        void socket.leave(room(host.id, socket.data.key));
        void socket.join(room(host.id, key));
        socket.data.key = key;
        socket.data.moved = true;
      }
    }
    const keys = new Map<string, Seat | RoomSeat>();
    for (const socket of live)
      if (socket.connected) keys.set(socket.data.key, seatOf(host, socket.data.session));
    for (const [key, seat] of keys) {
      const next = fresh(host, seat);
      const prev = perSeat.get(key);
      perSeat.set(key, next);
      const movers = [...live].filter((s) => s.data.key === key && s.data.moved);
      for (const s of movers) {
        s.data.moved = false;
        s.emit('view', next as never);
      }
      if (!prev) {
        for (const s of live)
          if (s.data.key === key && !movers.includes(s)) s.emit('view', next as never);
        continue;
      }
      if (prev.seq === next.seq) continue;
      const ops = diffView(prev.view, next.view);
      if (ops.length === 0) continue;
      const except = movers.map((s) => s.id);
      io.to(room(host.id, key))
        .except(except)
        .emit('patch', { from: prev.seq, seq: next.seq, ops: ops as never });
    }
  }

  /**
   * The up-to-date view for a session. The seat is read after the pending flush: a role
   * change not yet published would otherwise file this seat's view under the old seat's key,
   * and the next socket of the old seat would be served it.
   */
  function current(host: DrillHost, session: Session) {
    if (pending.has(host)) flush(host);
    const seat = seatOf(host, session);
    const key = keyOf(seat);
    const perSeat = cache.get(host.id) ?? new Map();
    cache.set(host.id, perSeat);
    const cached = perSeat.get(key);
    if (cached && cached.seq === host.seq) return cached;
    const next = fresh(host, seat);
    perSeat.set(key, next);
    return next;
  }

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

  /** Tells the facilitator's sockets (or one socket) who is online in a drill. */
  function presence(drillId: string, to?: FiredrillSocket) {
    const online = new Set<string>();
    for (const s of sockets.get(drillId) ?? [])
      if (s.connected && s.data.session.participantId) online.add(s.data.session.participantId);
    const msg = { online: [...online].sort() };
    if (to) to.emit('presence', msg);
    else io.to(room(drillId, 'facilitator')).emit('presence', msg);
  }

  io.on('connection', (socket) => {
    const { session, host } = socket.data;
    const key = keyOf(seatOf(host, session));
    socket.data.key = key;
    void socket.join(room(host.id, key));
    const set = sockets.get(host.id) ?? new Set();
    set.add(socket);
    sockets.set(host.id, set);
    metrics.playersConnected.inc({ seat: session.seat });
    // The newest connection of a seat wins: the oldest over the cap gives way.
    const seatKey = seatKeyOf(session);
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
    socket.emit('view', current(host, session) as never);
    // Solo practice: the clock stopped when its only player left starts again on their return.
    if (session.seat === 'player' && host.state.solo && host.state.pausedAway)
      void host.back().catch((err: unknown) => logger.error({ err }, 'could not resume'));
    if (session.participantId) presence(host.id);
    else if (session.seat === 'facilitator') presence(host.id, socket);

    const actor: Actor =
      session.seat === 'facilitator'
        ? { kind: 'facilitator' }
        : session.seat === 'spectator' || session.seat === 'room'
          ? // The room screen only watches: the engine refuses it every command.
            { kind: 'spectator', participantId: session.participantId ?? 'room' }
          : { kind: 'player', participantId: session.participantId! };

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
      }
    });

    socket.on('sync', (raw: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const parsed = SyncMessage.safeParse(raw);
      if (!parsed.success)
        return (ack as (r: unknown) => void)(errorOf('INVALID_PAYLOAD', 'sync needs {lastSeq}.'));
      const view = current(host, session);
      (ack as (r: unknown) => void)({ ok: true, ...view });
    });

    socket.on('disconnect', () => {
      sockets.get(host.id)?.delete(socket);
      // Solo practice: nobody plays any more, so the clock stops instead of running on.
      const playing = [...(sockets.get(host.id) ?? [])].some(
        (other) => other.data.session.seat === 'player',
      );
      if (
        session.seat === 'player' &&
        host.state.solo &&
        !playing &&
        host.state.status === 'running'
      )
        void host.away().catch((err: unknown) => logger.error({ err }, 'could not pause'));
      metrics.playersConnected.dec({ seat: session.seat });
      limits.unseat(seatKey, socket);
      socket.data.release?.();
      if (session.participantId) presence(host.id);
    });
  });

  function schedule() {
    if (scheduled || held > 0 || pending.size === 0) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (held > 0) return;
      for (const h of [...pending]) {
        try {
          flush(h);
        } catch (err) {
          logger.error({ err, drillId: h.id }, 'publishing views failed');
        }
      }
    });
  }

  return {
    publish(host) {
      pending.add(host);
      schedule();
    },
    connectedSockets: () => [...sockets.values()].reduce((n, s) => n + s.size, 0),
    holdPublishing() {
      held++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        held--;
        schedule();
      };
    },
    revoke(drillId, participantId) {
      // Called before the new credential is handed out: every socket of the seat is old.
      for (const socket of sockets.get(drillId) ?? []) {
        if (socket.data.session.participantId !== participantId) continue;
        socket.emit('kicked', {
          reason: 'Your seat was taken back on another device with a seat code.',
        });
        socket.disconnect(true);
      }
    },
    forget(drillId) {
      cache.delete(drillId);
      if (!sockets.get(drillId)?.size) sockets.delete(drillId);
      for (const h of pending) if (h.id === drillId) pending.delete(h);
    },
  };
}
