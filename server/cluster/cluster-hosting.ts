// Hosting across several processes on one PostgreSQL. Every process that has a drill's
// players connected keeps that drill open; exactly one of them hosts it (holds its lease,
// runs its steps, timers and bots: a DrillHost) and the others follow it:
// - the host publishes each durable step's events on the drill bus; followers fold them into
//   their copy of the state, and their seat views publish to their own sockets, so each
//   process sends the views of its own players and nothing is sent twice;
// - a follower forwards its players' commands to the host and answers them with the host's
//   answer, once its copy has the step;
// - when the host gives the drill up (shutdown, idle) a follower takes it at once; when it
//   dies, its lease expires and a follower's watchdog takes it within about a lease.
// A follower that misses events (a gap in sequence numbers) reloads the log from the store.
import type { Logger } from 'pino';
import {
  applyEvent,
  fold,
  type Actor,
  type Command,
  type CompiledScenario,
  type DrillEvent,
  type DrillState,
} from '../../shared/index.ts';
import { DrillHost, type HostOptions, type HostResult } from '../drill-host.ts';
import type { Drill, HostPorts, Hosting, Publisher } from '../ports.ts';
import { SeqConflictError, type StoredEvent } from '../store/event-store.ts';
import { BusTimeout, type DrillBus, type DrillMessage, type DrillRequest } from './bus.ts';
import type { LeaseStore } from './leases.ts';

export interface ClusterOptions {
  bus: DrillBus;
  leases: LeaseStore;
  logger: Logger;
  /** How long a forwarded request waits for the host's answer (default 2 s). */
  forwardTimeoutMs?: number;
  /** How long a request waits for a drill to find a new host before `retry` (default 8 s). */
  moveTimeoutMs?: number;
  /** Requests from other processes waiting for one hosted drill before BUSY (default 64). */
  maxForwardedPerDrill?: number;
}

const MOVING = {
  ok: false as const,
  error: { code: 'INTERNAL' as const, message: 'This drill is moving to another server; retry.' },
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ClusterHosting extends Hosting {
  /** Drills open in this process, and whether it hosts them: for tests and metrics. */
  open(): { drillId: string; hosting: boolean }[];
}

export function clusterHosting(
  cluster: ClusterOptions,
): (ports: HostPorts, options: HostOptions) => ClusterHosting {
  return (ports, options) => {
    const { bus, leases, logger } = cluster;
    const drills = new Map<string, ClusterDrill>();
    const ctx: Context = {
      bus,
      leases,
      logger,
      ports,
      options,
      forwardTimeoutMs: cluster.forwardTimeoutMs ?? 2000,
      moveTimeoutMs: cluster.moveTimeoutMs ?? 8000,
      maxForwarded: cluster.maxForwardedPerDrill ?? 64,
      forget: (d) => {
        if (drills.get(d.id) === d) drills.delete(d.id);
      },
    };

    bus.serve(async (drillId, request) => {
      const drill = drills.get(drillId);
      return drill ? drill.serve(request) : { notHost: true };
    });
    // Messages may have been lost while the bus was away: every followed drill reloads.
    bus.onReconnect(() => {
      for (const d of drills.values()) d.resync();
    });

    // Renew what this process hosts; hand back what it lost (it was paused past its lease).
    const renewEvery = Math.max(100, leases.ttlMs / 3);
    let renewing = false;
    const renew = setInterval(() => {
      if (renewing) return;
      renewing = true;
      const hosted = [...drills.values()].filter((d) => d.hosting);
      leases
        .renew(
          bus.node,
          hosted.map((d) => d.id),
        )
        .then((held) => {
          for (const d of hosted) if (!held.has(d.id)) d.demote('its lease was lost');
        })
        .catch((err: unknown) => logger.warn({ err }, 'could not renew drill leases'))
        .finally(() => (renewing = false));
    }, renewEvery);
    renew.unref();

    // Followed drills whose host is gone (its lease expired): take them.
    let watching = false;
    const watchdog = setInterval(
      () => {
        if (watching) return;
        watching = true;
        const followed = [...drills.values()].filter((d) => !d.hosting);
        leases
          .holders(followed.map((d) => d.id))
          .then(async (holders) => {
            for (const d of followed) {
              const holder = holders.get(d.id) ?? null;
              d.hint(holder);
              if (holder === null) await d.tryHost();
            }
          })
          .catch((err: unknown) => logger.warn({ err }, 'could not check drill leases'))
          .finally(() => (watching = false));
      },
      Math.max(100, leases.ttlMs / 2),
    );
    watchdog.unref();

    const open = async (
      compiled: CompiledScenario,
      stored: readonly StoredEvent[],
      fresh: boolean,
    ) => {
      const drill = new ClusterDrill(ctx, compiled, stored);
      drills.get(drill.id)?.dispose();
      drills.set(drill.id, drill);
      await drill.start(fresh);
      return drill;
    };

    return {
      created: (compiled, stored) => open(compiled, stored, true),
      loaded: (compiled, stored) => open(compiled, stored, false),
      async close() {
        clearInterval(renew);
        clearInterval(watchdog);
        await Promise.all([...drills.values()].map((d) => d.unload()));
        drills.clear();
      },
      open: () => [...drills.values()].map((d) => ({ drillId: d.id, hosting: d.hosting })),
      counts: () => ({
        open: drills.size,
        hosted: [...drills.values()].filter((d) => d.hosting).length,
      }),
    };
  };
}

interface Context {
  bus: DrillBus;
  leases: LeaseStore;
  logger: Logger;
  ports: HostPorts;
  options: HostOptions;
  forwardTimeoutMs: number;
  moveTimeoutMs: number;
  maxForwarded: number;
  forget(drill: ClusterDrill): void;
}

class ClusterDrill implements Drill {
  readonly id: string;
  readonly compiled: CompiledScenario;
  private host: DrillHost | null = null;
  private replica: DrillState;
  /** The process believed to host the drill (from its lease), if not this one. */
  private hostNode: string | null = null;
  private unfollow: (() => void) | null = null;
  /** Follower work (folding messages, reloading) runs one at a time, in arrival order. */
  private chain: Promise<void> = Promise.resolve();
  private taking: Promise<boolean> | null = null;
  private readonly waiters = new Set<{ seq: number; done: () => void }>();
  private closed = false;
  /** Requests forwarded by other processes, not answered yet. */
  private serving = 0;
  /** The host of this drill publishes here: the bus for other processes, views for this one. */
  private readonly publisher: Publisher;

  constructor(
    private readonly ctx: Context,
    compiled: CompiledScenario,
    stored: readonly StoredEvent[],
  ) {
    this.compiled = compiled;
    this.replica = fold(
      compiled,
      stored.map((e) => e.event),
    );
    this.id = this.replica.drillId;
    this.publisher = {
      publish: (inner, events) => {
        ctx.bus.publish(
          this.id,
          events.length > 0
            ? { kind: 'events', fromSeq: inner.seq - events.length + 1, events: [...events] }
            : { kind: 'reload' },
        );
        return ctx.ports.publisher.publish(this, events);
      },
      forget: () => {},
    };
  }

  get hosting(): boolean {
    return this.host !== null;
  }
  get state(): DrillState {
    return this.host ? this.host.state : this.replica;
  }
  get seq(): number {
    return this.state.seq;
  }
  get stable(): boolean {
    return this.host ? this.host.stable : true;
  }
  virtualNow(): number {
    return this.host ? this.host.virtualNow() : this.replica.t;
  }

  /** Follows the drill's channel, then hosts it if nobody does (a new drill: always). */
  async start(fresh: boolean): Promise<void> {
    this.unfollow = await this.ctx.bus.follow(this.id, (m) => this.receive(m));
    // Events published between the load and the subscription are a gap: reload once.
    if (!fresh) this.enqueue(() => this.reload());
    await this.tryHost();
  }

  /** Messages may have been lost: a follower reloads what is stored. */
  resync(): void {
    if (!this.host) this.enqueue(() => this.reload());
  }

  hint(node: string | null): void {
    if (!this.host) this.hostNode = node;
  }

  /** Takes the drill's lease if nobody live holds it, and hosts it from the stored log. */
  tryHost(): Promise<boolean> {
    if (this.host) return Promise.resolve(true);
    if (this.closed) return Promise.resolve(false);
    this.taking ??= (async () => {
      try {
        const lease = await this.ctx.leases.acquire(this.id, this.ctx.bus.node);
        if (!lease.ok) {
          this.hostNode = lease.holder;
          return false;
        }
        if (this.closed) {
          await this.ctx.leases.release(this.ctx.bus.node, this.id);
          return false;
        }
        const stored = await this.ctx.ports.store.load(this.id);
        this.host = new DrillHost(
          this.compiled,
          stored,
          { ...this.ctx.ports, publisher: this.publisher },
          {
            ...this.ctx.options,
            resumeLagMs: lease.lagMs,
            onError: (err) => {
              if (err instanceof SeqConflictError) this.demote('another process wrote first');
              else this.ctx.options.onError?.(err);
            },
          },
        );
        this.hostNode = null;
        if (lease.lagMs !== null)
          this.ctx.logger.info({ drillId: this.id, lagMs: lease.lagMs }, 'took over a drill');
        // Local sockets may have a stale copy: bring them to the stored state.
        void this.ctx.ports.publisher.publish(this, []);
        this.settleWaiters();
        return true;
      } catch (err) {
        this.ctx.logger.warn({ err, drillId: this.id }, 'could not take a drill');
        return false;
      } finally {
        this.taking = null;
      }
    })();
    return this.taking;
  }

  /** Stops hosting (the lease is gone): follow again from what is stored. */
  demote(why: string): void {
    const host = this.host;
    if (!host) return;
    this.ctx.logger.warn({ drillId: this.id, why }, 'no longer hosting a drill');
    this.host = null;
    this.replica = host.state;
    host.close();
    this.enqueue(() => this.reload());
  }

  // --- Commands: run here when hosting, forwarded to the host otherwise.

  submit(actor: Actor, command: Command, commandId: string | null): Promise<HostResult> {
    return this.call({ op: 'submit', actor, command, commandId });
  }
  join(
    participantId: string,
    name: string,
    kind: 'player' | 'spectator' | 'bot',
  ): Promise<HostResult> {
    return this.call({ op: 'join', participantId, name, kind });
  }
  away(): Promise<HostResult> {
    return this.call({ op: 'away' });
  }
  back(): Promise<HostResult> {
    return this.call({ op: 'back' });
  }

  idle(): Promise<unknown> {
    return this.host ? this.host.idle() : this.chain;
  }

  /** Answers a request another process forwarded to this one. */
  async serve(request: DrillRequest): Promise<{ result: HostResult } | { notHost: true }> {
    const host = this.host;
    if (!host) return { notHost: true };
    // The forwarding process bounds its own queue; this bounds what all of them together
    // may pile on one host, as the socket layer does for local commands.
    if (this.serving >= this.ctx.maxForwarded)
      return {
        result: {
          ok: false,
          error: { code: 'BUSY', message: 'This drill is busy; retry in a moment.', retryAfter: 1 },
        },
      };
    this.serving++;
    let result: HostResult;
    try {
      result = await this.local(host, request);
    } catch (err) {
      if (err instanceof SeqConflictError) {
        this.demote('another process wrote first');
        return { notHost: true };
      }
      throw err;
    } finally {
      this.serving--;
    }
    // Closed while it waited in the queue: whoever hosts it next answers.
    if (!result.ok && host.isClosed) return { notHost: true };
    // The events reach the follower on the drill's channel, before this reply.
    return { result: result.ok ? { ...result, events: [] } : result };
  }

  private local(host: DrillHost, r: DrillRequest): Promise<HostResult> {
    switch (r.op) {
      case 'submit':
        return host.submit(r.actor, r.command, r.commandId);
      case 'join':
        return host.join(r.participantId, r.name, r.kind);
      case 'away':
        return host.away();
      case 'back':
        return host.back();
    }
  }

  private async call(request: DrillRequest): Promise<HostResult> {
    const deadline = this.ctx.ports.clock.now() + this.ctx.moveTimeoutMs;
    for (;;) {
      if (this.closed) return MOVING;
      const host = this.host;
      if (host) {
        try {
          const result = await this.local(host, request);
          if (!result.ok && host.isClosed && !this.closed) continue;
          return result;
        } catch (err) {
          if (!(err instanceof SeqConflictError)) throw err;
          this.demote('another process wrote first');
          continue;
        }
      }
      const to = this.hostNode;
      if (to === null || to === this.ctx.bus.node) {
        if (await this.tryHost()) continue;
      } else {
        try {
          const reply = await this.ctx.bus.request(to, this.id, request, this.ctx.forwardTimeoutMs);
          if ('result' in reply) {
            if (reply.result.ok) await this.caughtUp(reply.result.seq);
            return reply.result;
          }
          this.hostNode = null;
        } catch (err) {
          if (!(err instanceof BusTimeout)) throw err;
          // The host may have died: ask the lease again (the command id makes a retry safe).
          this.hostNode = null;
        }
      }
      if (this.ctx.ports.clock.now() > deadline) return MOVING;
      await sleep(150);
      if (this.hostNode === null && !this.host) {
        const holders = await this.ctx.leases.holders([this.id]).catch(() => new Map());
        this.hostNode = holders.get(this.id) ?? null;
      }
    }
  }

  /** Waits (a little) until this process's copy has reached `seq`, reloading if it does not. */
  private async caughtUp(seq: number): Promise<void> {
    if (this.state.seq >= seq) return;
    const reached = new Promise<void>((resolve) => {
      const w = { seq, done: resolve };
      this.waiters.add(w);
      setTimeout(() => {
        if (this.waiters.delete(w)) {
          this.enqueue(() => this.reload());
          resolve();
        }
      }, 1000).unref();
    });
    await reached;
  }

  private settleWaiters(): void {
    for (const w of this.waiters) {
      if (this.state.seq >= w.seq) {
        this.waiters.delete(w);
        w.done();
      }
    }
  }

  // --- Following: the host's messages.

  private receive(message: DrillMessage): void {
    this.enqueue(async () => {
      if (this.closed) return;
      if (message.kind === 'released') {
        this.hostNode = null;
        await this.tryHost();
        return;
      }
      // While hosting, the store is the truth: a stale host's words are ignored.
      if (this.host) return;
      if (message.kind === 'reload') return this.reload();
      const { fromSeq, events } = message;
      const last = fromSeq + events.length - 1;
      if (last <= this.replica.seq) return;
      if (fromSeq > this.replica.seq + 1) return this.reload();
      let state = this.replica;
      for (const event of events.slice(this.replica.seq + 1 - fromSeq))
        state = applyEvent(this.compiled, state, event as DrillEvent);
      this.replica = state;
      this.settleWaiters();
      void this.ctx.ports.publisher.publish(this, events);
    });
  }

  private async reload(): Promise<void> {
    if (this.host || this.closed) return;
    const stored = await this.ctx.ports.store.load(this.id);
    if (this.host || this.closed) return;
    if (stored.length > 0 && stored.at(-1)!.seq !== this.replica.seq) {
      this.replica = fold(
        this.compiled,
        stored.map((e) => e.event),
      );
      void this.ctx.ports.publisher.publish(this, []);
    }
    this.settleWaiters();
  }

  private enqueue(work: () => Promise<void> | void): void {
    this.chain = this.chain
      .then(work)
      .catch((err: unknown) =>
        this.ctx.logger.warn({ err, drillId: this.id }, 'following a drill failed'),
      );
  }

  // --- Leaving.

  /** Stops here: a host brings the clock to now, gives the lease back and says so. */
  async unload(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const host = this.host;
    if (host) {
      try {
        await host.unload();
      } finally {
        this.host = null;
        this.replica = host.state;
        await this.ctx.leases
          .release(this.ctx.bus.node, this.id)
          .catch((err: unknown) =>
            this.ctx.logger.warn({ err, drillId: this.id }, 'could not release a drill lease'),
          );
        this.ctx.bus.publish(this.id, { kind: 'released' });
      }
    }
    this.dispose();
  }

  stop(): Promise<void> {
    return this.unload();
  }

  /** Drops the subscription and wakes anyone waiting (the drill is no longer open here). */
  dispose(): void {
    this.closed = true;
    this.unfollow?.();
    this.unfollow = null;
    for (const w of this.waiters) w.done();
    this.waiters.clear();
    this.ctx.forget(this);
  }
}
