// Limits that hold when one client misbehaves. Each is a config variable (server/config.ts),
// sized so that an office behind one NAT address can still run a 15-person drill:
//
// - handshakes per client address per minute, checked before any store lookup;
// - sockets per client address, and per seat (one credential): over the seat's cap the
//   newest connection wins and the oldest is told `replaced` and closed, so a player who
//   reopens a tab is never locked out by a stale one;
// - running drills (hosted and not ended) per creating address and in total;
// - a bound on what a socket has queued but not yet sent: a client that stops reading is
//   cut off (it catches up with a whole view when it reconnects) instead of holding
//   everyone's messages in memory.
import type { IncomingHttpHeaders } from 'node:http';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { DrillError } from '../shared/index.ts';

/** A refusal by a limit: an HTTP status and a typed error with a retry hint. */
export class LimitError extends Error {
  constructor(
    readonly status: number,
    readonly error: DrillError,
  ) {
    super(error.message);
  }
}

const refusal = (
  status: number,
  code: DrillError['code'],
  message: string,
  retryAfter: number,
): LimitError => new LimitError(status, { code, message, retryAfter: Math.max(1, retryAfter) });

/** The `limit` label of firedrill_limit_refusals_total for a refusal's code. */
export function limitName(code: DrillError['code']): string {
  switch (code) {
    case 'RATE_LIMITED':
      return 'requests';
    case 'TOO_MANY_CONNECTIONS':
      return 'sockets_per_address';
    case 'TOO_MANY_DRILLS':
      return 'drills_per_address';
    case 'SERVER_BUSY':
      return 'drills';
    default:
      return code.toLowerCase();
  }
}

/** The client's address: the first `X-Forwarded-For` hop behind a trusted proxy. */
export function clientAddress(
  headers: IncomingHttpHeaders,
  remoteAddress: string | undefined,
  trustProxy: boolean,
): string {
  const forwarded = trustProxy
    ? String(headers['x-forwarded-for'] ?? '')
        .split(',')[0]
        ?.trim()
    : '';
  return forwarded || remoteAddress || '?';
}

/** Consumes one point; throws a RATE_LIMITED LimitError with the seconds until the next. */
export async function consumeOrRefuse(
  limiter: RateLimiterMemory,
  key: string,
  message: string,
): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (res) {
    const ms = res instanceof RateLimiterRes ? res.msBeforeNext : 1000;
    throw refusal(429, 'RATE_LIMITED', message, Math.ceil(ms / 1000));
  }
}

export interface SocketLimitOptions {
  handshakesPerMinute: number;
  maxSocketsPerAddress: number;
  maxSocketsPerSeat: number;
}

/** Handshakes and connections per address, connections per seat. */
export class SocketLimits<S> {
  private readonly handshakes: RateLimiterMemory | null;
  private readonly perAddress = new Map<string, number>();
  private readonly perSeat = new Map<string, S[]>();

  constructor(private readonly opts: SocketLimitOptions) {
    this.handshakes = Number.isFinite(opts.handshakesPerMinute)
      ? new RateLimiterMemory({ points: opts.handshakesPerMinute, duration: 60 })
      : null;
  }

  /**
   * Admits a handshake from `address` (rate and connection count) and holds a connection
   * slot for it; returns the function that gives the slot back (idempotent).
   */
  async admit(address: string): Promise<() => void> {
    if (this.handshakes)
      await consumeOrRefuse(
        this.handshakes,
        address,
        'Too many connection attempts from your network; retrying shortly.',
      );
    const n = this.perAddress.get(address) ?? 0;
    if (n >= this.opts.maxSocketsPerAddress)
      throw refusal(
        429,
        'TOO_MANY_CONNECTIONS',
        `Your network already has ${n} connections open to this server; close some tabs.`,
        30,
      );
    this.perAddress.set(address, n + 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    };
  }

  /** Seats a connected socket; returns the sockets (oldest first) it replaces. */
  seat(key: string, socket: S): S[] {
    const list = this.perSeat.get(key) ?? [];
    list.push(socket);
    this.perSeat.set(key, list);
    return list.length > this.opts.maxSocketsPerSeat
      ? list.splice(0, list.length - this.opts.maxSocketsPerSeat)
      : [];
  }

  unseat(key: string, socket: S): void {
    const list = this.perSeat.get(key);
    if (!list) return;
    const i = list.indexOf(socket);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.perSeat.delete(key);
  }
}

export interface DrillQuotaOptions {
  maxDrillsPerAddress: number;
  maxDrills: number;
  /** Whether a drill still counts: hosted and not ended. */
  isRunning: (drillId: string) => boolean;
  /** Drills hosted and not ended, every address together. */
  running: () => number;
  /** Seconds to suggest before retrying (a drill frees its slot when it ends or idles out). */
  retryAfter: number;
}

/** Running drills per creating address and in total. */
export class DrillQuota {
  private readonly owned = new Map<string, Set<string>>();
  private reserved = 0;
  private next = 0;

  constructor(private readonly opts: DrillQuotaOptions) {}

  /**
   * Holds a slot for a drill `address` is creating, or throws TOO_MANY_DRILLS (429) or
   * SERVER_BUSY (503). `settle` gives the slot its drill id, or back when creation failed.
   */
  reserve(address: string): { settle(drillId: string | null): void } {
    const mine = this.owned.get(address) ?? new Set<string>();
    for (const id of mine) if (!id.startsWith('?') && !this.opts.isRunning(id)) mine.delete(id);
    if (mine.size >= this.opts.maxDrillsPerAddress)
      throw refusal(
        429,
        'TOO_MANY_DRILLS',
        `Your network already runs ${mine.size} drills on this server; end one first.`,
        this.opts.retryAfter,
      );
    if (this.opts.running() + this.reserved >= this.opts.maxDrills)
      throw refusal(
        503,
        'SERVER_BUSY',
        'This server runs as many drills as it can; try again in a few minutes.',
        this.opts.retryAfter,
      );
    const placeholder = `?${++this.next}`;
    mine.add(placeholder);
    this.owned.set(address, mine);
    this.reserved++;
    let open = true;
    return {
      settle: (drillId) => {
        if (!open) return;
        open = false;
        this.reserved--;
        mine.delete(placeholder);
        if (drillId) mine.add(drillId);
        if (mine.size === 0) this.owned.delete(address);
        else this.owned.set(address, mine);
      },
    };
  }
}

/** The parts of an engine.io connection the send-buffer watch reads. */
interface EngineConnection {
  on(event: 'packetCreate', fn: (packet: { data?: unknown }) => void): unknown;
  on(event: 'flush', fn: () => void): unknown;
  transport?: { name?: string; socket?: { bufferedAmount?: number; terminate?: () => void } };
  close(discard?: boolean): unknown;
}

const sizeOf = (data: unknown): number =>
  typeof data === 'string'
    ? data.length
    : data && typeof (data as { byteLength?: unknown }).byteLength === 'number'
      ? (data as { byteLength: number }).byteLength
      : 0;

/**
 * Calls `onOver` once (on the next turn) when the bytes a connection has queued but not yet
 * written to the network exceed `maxBytes`: packets waiting in engine.io's buffer plus
 * what the WebSocket holds. O(1) per packet.
 */
export function watchSendBuffer(
  conn: EngineConnection,
  maxBytes: number,
  onOver: (bytes: number) => void,
): void {
  let queued = 0;
  let fired = false;
  conn.on('flush', () => {
    queued = 0;
  });
  conn.on('packetCreate', (packet) => {
    if (fired) return;
    queued += sizeOf(packet.data);
    const buffered = conn.transport?.socket?.bufferedAmount ?? 0;
    if (queued + buffered > maxBytes) {
      fired = true;
      const bytes = queued + buffered;
      setImmediate(() => onOver(bytes));
    }
  });
}

/** Closes a connection now, dropping whatever it still has queued. */
export function cutOff(conn: EngineConnection): void {
  conn.close(true);
  // A graceful WebSocket close waits for a reader that is not reading: end the TCP socket.
  if (conn.transport?.name === 'websocket') conn.transport.socket?.terminate?.();
}
