// The ports a drill host owns, as boardgame.io's master owns its storage and transport: the
// host is handed them and knows nothing behind them. One process plugs in the group-committed
// event store, the seat views and the real clock; a test plugs in memory and a hand-turned
// clock; a cross-process deployment can plug in a store with a lease and a publisher that
// forwards to other processes, without touching the host.
import type { CompiledScenario, DrillEvent, DrillState } from '../shared/index.ts';
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
