// The ports a drill host owns, as boardgame.io's master owns its storage and transport: the
// host is handed them and knows nothing behind them. One process plugs in the group-committed
// event store, the seat views and the real clock; a test plugs in memory and a hand-turned
// clock; a cross-process deployment can plug in a store with a lease and a publisher that
// forwards to other processes, without touching the host.
import type { Actor, Command, CompiledScenario, DrillEvent, DrillState } from '../shared/index.ts';
import type { HostResult } from './drill-host.ts';
import type { AppendRequest, StoredEvent } from './store/event-store.ts';

/** What a publisher may read of a hosted drill: its durable state. */
export interface HostedDrill {
  readonly id: string;
  readonly compiled: CompiledScenario;
  readonly state: DrillState;
  readonly seq: number;
  /**
   * False while a step's events are being written: the state is then ahead of the store, and
   * nothing of it may leave the process (the step publishes once it is durable).
   */
  readonly stable: boolean;
}

/** The host's view of the event store: one drill's log. */
export interface HostStore {
  /** Resolves once the events are durable; rejects (and stores nothing) otherwise. */
  append(request: AppendRequest): Promise<void>;
  /** The drill's whole log, to rebuild the state when a write failed. */
  load(drillId: string): Promise<StoredEvent[]>;
}

/** Where durable changes go: the seat views of the connected clients. */
export interface Publisher {
  /**
   * A step is durable. May return a promise: the host takes no further step until it settles,
   * so the state stays as published until the views are out (and acknowledging the command
   * need not wait for them).
   */
  publish(drill: HostedDrill, events: readonly DrillEvent[]): void | Promise<void>;
  /** The drill stopped being hosted here: drop what was kept for it. */
  forget(drillId: string): void;
}

/** Real time, for the host's scheduler and its virtual clock. */
export interface Clock {
  /** Milliseconds. */
  now(): number;
  /** Calls `fire` after `ms` milliseconds, unless cancelled; never keeps the process alive. */
  after(ms: number, fire: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fire) {
    const timer = setTimeout(fire, ms);
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

export interface HostPorts {
  store: HostStore;
  publisher: Publisher;
  clock: Clock;
}

/**
 * A live drill as the registry, the sockets and the HTTP API use it: hosted in this process
 * (a DrillHost), or, with several processes, possibly hosted by another one and followed
 * here (cluster/cluster-hosting.ts). Either way its state is the fold of the stored log.
 */
export interface Drill extends HostedDrill {
  /** A participant's command; `commandId` makes retries idempotent. */
  submit(actor: Actor, command: Command, commandId: string | null): Promise<HostResult>;
  join(
    participantId: string,
    name: string,
    kind: 'player' | 'spectator' | 'bot',
  ): Promise<HostResult>;
  /** Solo practice: the only player left (the clock stops) or came back (it starts again). */
  away(): Promise<HostResult>;
  back(): Promise<HostResult>;
  /** The virtual second the drill's clock reads now (as far as this process knows). */
  virtualNow(): number;
  /** Settles once the commands queued here are handled. */
  idle(): Promise<unknown>;
  /** Stops hosting (or following) it here once queued work is done; it can be loaded again. */
  unload(): Promise<void>;
  /** The server is stopping: what `unload` does, or, for one process alone, just stop. */
  stop(): Promise<void>;
}

/** How a registry turns a drill's stored log into a live drill. */
export interface Hosting {
  /** A drill this process has just created. */
  created(compiled: CompiledScenario, stored: readonly StoredEvent[]): Promise<Drill>;
  /** A drill loaded from the store because someone here wants it. */
  loaded(compiled: CompiledScenario, stored: readonly StoredEvent[]): Promise<Drill>;
  close(): Promise<void>;
}
