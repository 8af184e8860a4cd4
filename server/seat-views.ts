// Seat views: what each connected seat of a hosted drill sees, kept up to date. A view is
// built once per seat (role, spectator, facilitator) per change, never once per socket, by
// viewFor, and sent to the seat's room as RFC 6902 patches against the last one sent; a
// socket that is new to its room gets the whole view. It is the hosts' Publisher: a host
// publishes once a step is durable; the views of every drill that changed go out together
// on the next turn of the event loop, after the commands are acknowledged, and the host
// waits for that before its next step (which makes its state run ahead of the store again).
// It also knows who is connected: presence for the facilitator, and revoked seats' sockets.
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import { roomView, type RoomView } from '../shared/engine/room-view.ts';
import { viewFor, type DrillView } from '../shared/index.ts';
import type { ClientToServer, ServerToClient } from '../shared/protocol.ts';
import type { Session } from './drills.ts';
import type { Drill, HostedDrill, Publisher } from './ports.ts';
import { isGone, roomOf, seatOf, viewKeyOf, type ServerSeat } from './seats.ts';
import { diffView } from './view-diff.ts';

export interface SocketData {
  session: Session;
  host: Drill;
  /** The view key of the seat's room the socket is in. */
  key: string;
  /** New to its room since the last publish (connected, or moved seat): owed a whole view. */
  owed?: boolean;
  /** Gives back the connection's address slot and its hold on the drill (idempotent). */
  release?: () => void;
}
/** What server processes ask each other through the socket.io adapter (several processes). */
export interface InterServer {
  /** Who is online in a drill, on the process that answers. */
  'firedrill:online': (drillId: string, answer: (online: string[]) => void) => void;
  /** A participant's seat was taken back: close their sockets on every process. */
  'firedrill:revoke': (drillId: string, participantId: string) => void;
}
export type FiredrillServer = Server<ClientToServer, ServerToClient, InterServer, SocketData>;
export type FiredrillSocket = Socket<ClientToServer, ServerToClient, InterServer, SocketData>;

/** A seat's view at a sequence number. */
export interface SeatView {
  seq: number;
  /** The room screen's seat gets the room view; every other seat its viewFor. */
  view: DrillView | RoomView;
}

export interface SeatViews extends Publisher {
  /** A socket is connected: it joins its seat's room and gets the whole view. */
  add(socket: FiredrillSocket): void;
  remove(socket: FiredrillSocket): void;
  /** The up-to-date view for a session, or null while the host's last step is being stored. */
  current(host: HostedDrill, session: Session): SeatView | null;
  connectedSockets(): number;
  /** Whether a connected socket of the drill holds a player's seat. */
  hasPlayer(drillId: string): boolean;
  /** Tells the facilitator's sockets (or only `to`) who is online in a drill. */
  presence(drillId: string, to?: FiredrillSocket): void;
  /** A participant's seat was taken back elsewhere: close the sockets on the old credential. */
  revoke(drillId: string, participantId: string): void;
  /**
   * Holds back scheduled publishing until the returned function is called: lets a test put
   * a message between a change and its publication. A socket that needs a view meanwhile
   * (connect, sync) still gets an up-to-date one.
   */
  holdPublishing(): () => void;
  /** The server is stopping: sockets closing now tell nobody (the other processes stay). */
  stop(): void;
}

export interface SeatViewsOptions {
  /**
   * Several processes: each sends its own sockets the views of its own copy of the drill,
   * and asks the others (through the adapter) who else is online and whose seat is revoked.
   */
  cluster?: boolean;
}

export function seatViews(
  io: FiredrillServer,
  logger: Logger,
  opts: SeatViewsOptions = {},
): SeatViews {
  /** drill -> view key -> the last view sent to that seat's room. */
  const cache = new Map<string, Map<string, SeatView>>();
  const sockets = new Map<string, Set<FiredrillSocket>>();
  const pending = new Map<string, HostedDrill>();
  let scheduled = false;
  let held = 0;
  let stopped = false;

  const perSeatOf = (drillId: string) => {
    let perSeat = cache.get(drillId);
    if (!perSeat) cache.set(drillId, (perSeat = new Map()));
    return perSeat;
  };
  const viewOf = (host: HostedDrill, seat: ServerSeat): SeatView['view'] =>
    seat.kind === 'room'
      ? roomView(host.compiled, host.state)
      : viewFor(host.compiled, host.state, seat);
  const fresh = (host: HostedDrill, session: Session): SeatView => ({
    seq: host.seq,
    view: viewOf(host, seatOf(host.state, session)),
  });

  function flush(host: HostedDrill) {
    // Its next step is being stored: that step publishes again once it is durable.
    if (!host.stable) return;
    pending.delete(host.id);
    const live = sockets.get(host.id) ?? new Set();
    // Nobody to publish to: drop the cached views; the next connection gets a fresh one.
    if (live.size === 0) return void cache.delete(host.id);
    const perSeat = perSeatOf(host.id);
    // Participants whose role changed move to their new seat's room.
    const seats = new Map<string, Session>();
    for (const socket of live) {
      const session = socket.data.session;
      if (isGone(host.state, session)) {
        socket.emit('kicked', { reason: 'The facilitator removed you from the drill.' });
        socket.disconnect(true);
        continue;
      }
      const key = viewKeyOf(seatOf(host.state, session));
      if (key !== socket.data.key) {
        void socket.leave(roomOf(host.id, socket.data.key));
        void socket.join(roomOf(host.id, key));
        socket.data.key = key;
        socket.data.owed = true;
      }
      if (socket.connected && !seats.has(key)) seats.set(key, session);
    }
    for (const [key, session] of seats) {
      const prev = perSeat.get(key);
      if (prev && prev.seq === host.seq && !hasOwed(live, key)) continue;
      const next = prev && prev.seq === host.seq ? prev : fresh(host, session);
      perSeat.set(key, next);
      const owed: string[] = [];
      for (const socket of live) {
        if (socket.data.key !== key || !socket.connected) continue;
        if (socket.data.owed || !prev) {
          socket.data.owed = false;
          socket.emit('view', next as never);
          owed.push(socket.id);
        }
      }
      if (!prev || prev.seq === next.seq) continue;
      const ops = diffView(prev.view, next.view);
      if (ops.length === 0) continue;
      // This process's sockets only: with several processes, each publishes to its own.
      io.local
        .to(roomOf(host.id, key))
        .except(owed)
        .emit('patch', { from: prev.seq, seq: next.seq, ops: ops as never });
    }
  }

  function deferred() {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  }

  const hasOwed = (live: Set<FiredrillSocket>, key: string) => {
    for (const socket of live) if (socket.data.key === key && socket.data.owed) return true;
    return false;
  };

  /** Settles when the pending views are out (at once while publishing is held). */
  let flushed = deferred();
  function schedule() {
    if (held > 0) return void flushed.resolve();
    if (scheduled || pending.size === 0) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      const done = flushed;
      flushed = deferred();
      if (held === 0) {
        for (const host of [...pending.values()]) {
          try {
            flush(host);
          } catch (err) {
            logger.error({ err, drillId: host.id }, 'publishing views failed');
          }
        }
      }
      done.resolve();
    });
  }

  /**
   * The seat is read after the pending flush: a role change not yet published would otherwise
   * file this seat's view under the old seat's key, and the next socket of the old seat would
   * be served it.
   */
  function current(host: HostedDrill, session: Session): SeatView | null {
    if (!host.stable) return null;
    const waiting = pending.get(host.id);
    if (waiting) flush(waiting);
    const key = viewKeyOf(seatOf(host.state, session));
    const perSeat = perSeatOf(host.id);
    const cached = perSeat.get(key);
    if (cached && cached.seq === host.seq) return cached;
    const next = fresh(host, session);
    perSeat.set(key, next);
    return next;
  }

  function onlineHere(drillId: string): Set<string> {
    const online = new Set<string>();
    for (const socket of sockets.get(drillId) ?? [])
      if (socket.connected && socket.data.session.participantId)
        online.add(socket.data.session.participantId);
    return online;
  }

  function revokeHere(drillId: string, participantId: string) {
    // Called before the new credential is handed out: every socket of the seat is old.
    for (const socket of sockets.get(drillId) ?? []) {
      if (socket.data.session.participantId !== participantId) continue;
      socket.emit('kicked', {
        reason: 'Your seat was taken back on another device with a seat code.',
      });
      socket.disconnect(true);
    }
  }

  if (opts.cluster) {
    io.on('firedrill:online', (drillId, answer) => answer([...onlineHere(drillId)]));
    io.on('firedrill:revoke', (drillId, participantId) => revokeHere(drillId, participantId));
  }

  return {
    publish(host) {
      pending.set(host.id, host);
      schedule();
      return flushed.promise;
    },
    forget(drillId) {
      cache.delete(drillId);
      if (!sockets.get(drillId)?.size) sockets.delete(drillId);
      pending.delete(drillId);
    },
    add(socket) {
      const { session, host } = socket.data;
      const key = viewKeyOf(seatOf(host.state, session));
      socket.data.key = key;
      void socket.join(roomOf(host.id, key));
      let set = sockets.get(host.id);
      if (!set) sockets.set(host.id, (set = new Set()));
      set.add(socket);
      const view = current(host, session);
      if (view) return void socket.emit('view', view as never);
      // The host is storing a step: the view comes whole with that step's publication.
      socket.data.owed = true;
      pending.set(host.id, host);
    },
    remove(socket) {
      sockets.get(socket.data.host.id)?.delete(socket);
    },
    current,
    connectedSockets: () => [...sockets.values()].reduce((n, s) => n + s.size, 0),
    hasPlayer(drillId) {
      for (const socket of sockets.get(drillId) ?? [])
        if (socket.data.session.seat === 'player') return true;
      return false;
    },
    presence(drillId, to) {
      if (stopped) return;
      const tell = (online: Iterable<string>) => {
        const msg = { online: [...new Set(online)].sort() };
        if (to) to.emit('presence', msg);
        else io.to(roomOf(drillId, 'facilitator')).emit('presence', msg);
      };
      if (!opts.cluster) return tell(onlineHere(drillId));
      io.serverSideEmitWithAck('firedrill:online', drillId).then(
        (answers: unknown[]) => {
          const online = [...onlineHere(drillId)];
          for (const answer of answers)
            if (Array.isArray(answer))
              for (const id of answer) if (typeof id === 'string') online.push(id);
          tell(online);
        },
        (err: unknown) => {
          // A process did not answer in time: tell what is known; the next change corrects it.
          logger.debug({ err, drillId }, 'presence: a process did not answer');
          tell(onlineHere(drillId));
        },
      );
    },
    revoke(drillId, participantId) {
      revokeHere(drillId, participantId);
      if (opts.cluster) io.serverSideEmit('firedrill:revoke', drillId, participantId);
    },
    stop() {
      stopped = true;
    },
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
  };
}
