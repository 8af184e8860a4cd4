// The drill host: the authoritative home of one running drill. Inputs are handled one at a
// time, in order: one pure step of the core (due timers, decide, fold) -> one append to the
// store (durable) -> acknowledge -> publish. It also runs the drill's real-time scheduler,
// which turns due virtual deadlines into steps through the same path. It talks to the world
// only through its ports (store, publisher, clock), so it is tested without a network.
import {
  botMoves,
  fold,
  participantOf,
  step,
  type Actor,
  type Bot,
  type Command,
  type CompiledScenario,
  type DrillError,
  type DrillEvent,
  type DrillState,
  type StepInput,
} from '../shared/index.ts';
import type { Drill, HostPorts, Hosting } from './ports.ts';
import type { StoredEvent } from './store/event-store.ts';

export type HostResult =
  /** `events`: everything the step stored, a due tick first. */
  | { ok: true; seq: number; duplicate?: boolean; events: DrillEvent[] }
  | { ok: false; error: DrillError };

export interface HostOptions {
  /** Real seconds between scheduler ticks while the clock runs. */
  tickSeconds?: number;
  /**
   * Real milliseconds the drill went on running after its last stored step, before this host
   * took it (a dead host's drill, taken over): that much virtual time has passed. Without it,
   * virtual time resumes from the last stored second.
   */
  resumeLagMs?: number | null;
  onError?: (err: unknown) => void;
  /** Called once, when the host closes. */
  onClosed?: () => void;
}

const CLOCK_EVENTS = new Set<DrillEvent['type']>([
  'clockStarted',
  'clockResumed',
  'speedChanged',
  'clockPaused',
]);

export class DrillHost implements Drill {
  readonly id: string;
  readonly compiled: CompiledScenario;
  private current: DrillState;
  private readonly ports: HostPorts;
  private readonly opts: HostOptions;
  private readonly commandSeqs = new Map<string, number>();
  private chain: Promise<unknown> = Promise.resolve();
  private anchor = { real: 0, virtual: 0 };
  private cancelTimer: (() => void) | null = null;
  private closed = false;
  private writing = false;
  private published: void | Promise<void> = undefined;

  constructor(
    compiled: CompiledScenario,
    stored: readonly StoredEvent[],
    ports: HostPorts,
    opts: HostOptions = {},
  ) {
    this.compiled = compiled;
    this.ports = ports;
    this.opts = opts;
    this.current = fold(
      compiled,
      stored.map((e) => e.event),
    );
    this.id = this.current.drillId;
    for (const e of stored) if (e.commandId) this.commandSeqs.set(e.commandId, e.seq);
    // Virtual time does not pass while no server hosts the drill.
    this.anchor = { real: ports.clock.now() - (opts.resumeLagMs ?? 0), virtual: this.current.t };
    this.schedule();
  }

  get state(): DrillState {
    return this.current;
  }

  get seq(): number {
    return this.current.seq;
  }

  get stable(): boolean {
    return !this.writing;
  }

  /** The virtual second the drill's clock reads now. */
  virtualNow(): number {
    const state = this.current;
    if (state.status !== 'running') return state.t;
    return Math.max(
      state.t,
      this.anchor.virtual + ((this.ports.clock.now() - this.anchor.real) / 1000) * state.speed,
    );
  }

  /** Handles a participant's command; `commandId` makes retries idempotent. */
  submit(actor: Actor, command: Command, commandId: string | null): Promise<HostResult> {
    return this.enqueue(async () => {
      if (commandId !== null) {
        const seq = this.commandSeqs.get(commandId);
        if (seq !== undefined) return { ok: true, seq, duplicate: true, events: [] };
      }
      return this.take({ type: 'command', actor, command }, commandId);
    });
  }

  join(
    participantId: string,
    name: string,
    kind: 'player' | 'spectator' | 'bot',
  ): Promise<HostResult> {
    return this.enqueue(() => {
      // The shell mints participant ids, so one already seated under the same name and kind
      // is this very join, retried after its answer was lost (forwarded between processes).
      const seated = participantOf(this.current, participantId);
      if (seated && !seated.removed && seated.name === name.trim() && seated.kind === kind)
        return Promise.resolve<HostResult>({ ok: true, seq: this.current.seq, events: [] });
      return this.take({ type: 'join', participantId, name, kind }, null);
    });
  }

  /**
   * Solo practice: its only player left, so the clock stops (a real \`clockPaused\`, marked
   * 'away'). Nothing happens unless the clock runs.
   */
  away(): Promise<HostResult> {
    return this.enqueue(() => this.take({ type: 'away' }, null));
  }

  /** The player is back: the clock starts again, if it stopped because they left. */
  back(): Promise<HostResult> {
    return this.enqueue(() => this.take({ type: 'back' }, null));
  }

  /** Bots of a solo drill: the participants the engine plays. */
  bots(): Bot[] {
    return Object.values(this.current.participants)
      .filter((p) => p.kind === 'bot' && !p.removed && p.role !== null)
      .map((p) => ({ participantId: p.id, role: p.role! }));
  }

  /**
   * Stops hosting: once queued commands are handled, the clock is brought to the virtual
   * second it reads now (due timers fire) and stopped there, so a host loaded later resumes
   * from exactly that second. Commands after this are refused with a retry hint.
   */
  unload(): Promise<void> {
    return this.enqueue(async () => {
      if (this.closed) return;
      const now = this.virtualNow();
      if (this.current.status === 'running' && now > this.current.t)
        await this.take({ type: 'time' }, null, now);
      this.close();
    });
  }

  /** Stops at once: the clock stays at the last stored second (a later host resumes there). */
  async stop(): Promise<void> {
    this.close();
    await this.idle();
  }

  /** Closed: it takes no more steps (commands are refused with a retry hint). */
  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (!this.closed) this.opts.onClosed?.();
    this.closed = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  /** Waits until every queued command has been handled. */
  idle(): Promise<unknown> {
    return this.chain;
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    // The caller hears the answer as soon as the step is durable; the next step waits until
    // the publisher has sent this one's views.
    this.chain = next.catch(() => {}).then(() => this.published);
    return next;
  }

  /**
   * One step, persisted once. The state runs ahead of the store only while the append is in
   * flight (`stable` is false then); a failed append rebuilds the state from the store.
   */
  private async take(
    input: StepInput,
    commandId: string | null,
    now = this.virtualNow(),
  ): Promise<HostResult> {
    if (this.closed)
      return {
        ok: false,
        error: { code: 'INTERNAL', message: 'This drill is being moved; retry.' },
      };
    const fromSeq = this.current.seq + 1;
    const result = step(this.compiled, this.current, input, now);
    if (result.events.length > 0) {
      this.writing = true;
      try {
        await this.ports.store.append({
          drillId: this.id,
          fromSeq,
          events: result.events,
          commandId: result.error ? null : commandId,
          ended: result.ended,
        });
      } catch (err) {
        await this.rebuild();
        throw err;
      } finally {
        this.writing = false;
      }
      if (result.events.some((e) => CLOCK_EVENTS.has(e.type)))
        this.anchor = { real: this.ports.clock.now(), virtual: this.current.t };
      if (commandId !== null && !result.error) this.commandSeqs.set(commandId, this.current.seq);
      this.published = this.ports.publisher.publish(this, result.events);
      this.schedule();
    }
    if (result.error) return { ok: false, error: result.error };
    return { ok: true, seq: this.current.seq, events: result.events };
  }

  /** The store refused a step: take the state back to what is durable. */
  private async rebuild(): Promise<void> {
    const stored = await this.ports.store.load(this.id);
    this.current = fold(
      this.compiled,
      stored.map((e) => e.event),
    );
    this.anchor = { real: this.ports.clock.now(), virtual: this.current.t };
    this.ports.publisher.publish(this, []);
    this.schedule();
  }

  /** Arms the real-time timer for the next due virtual deadline or tick. */
  private schedule(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    const state = this.current;
    if (this.closed || state.status !== 'running') return;
    const now = this.virtualNow();
    const tickEvery = (this.opts.tickSeconds ?? 1) * state.speed;
    const sample = this.compiled.scenario.clock.sampleSeconds;
    // The next metric sample boundary, so charts move; never more often than tickSeconds.
    let due = Math.max(Math.ceil((now + 1e-6) / sample) * sample, now + tickEvery);
    const next = state.timers[0];
    if (next && next.at < due) due = next.at;
    const delay = Math.max(0, ((due - now) / state.speed) * 1000);
    this.cancelTimer = this.ports.clock.after(delay, () => {
      this.cancelTimer = null;
      void this.enqueue(() => this.onTimer(due)).catch((err) => this.opts.onError?.(err));
    });
  }

  private async onTimer(due: number): Promise<void> {
    if (this.closed || this.current.status !== 'running') return;
    // Exact: a timed inject due at minute 12 happens at virtual second 720, not a bit later.
    // The timer fired, so real time has reached `due`; the anchor may lag by a few ms.
    const at = Math.max(this.current.t, due);
    const next = this.current.timers[0];
    await this.take({ type: 'time' }, null, next && next.at <= at ? next.at : at);
    await this.runBots();
  }

  private async runBots(): Promise<void> {
    const bots = this.bots();
    if (bots.length === 0 || this.current.status !== 'running') return;
    const humans = Object.values(this.current.participants)
      .filter((p) => p.kind === 'player' && !p.removed && p.role !== null)
      .map((p) => p.role!);
    // Bots act at the virtual second of the tick that woke them, not a few real milliseconds
    // later: what they do does not depend on how busy the process is.
    const at = this.current.t;
    for (const move of botMoves(this.compiled, this.current, bots, humans)) {
      const actor: Actor = { kind: 'player', participantId: move.participantId };
      await this.take({ type: 'command', actor, command: move.command }, null, at);
    }
  }
}

/** One process alone: every drill it loads, it hosts. */
export function localHosting(ports: HostPorts, options: HostOptions): Hosting {
  let open = 0;
  const host = async (compiled: CompiledScenario, stored: readonly StoredEvent[]) => {
    open++;
    return new DrillHost(compiled, stored, ports, { ...options, onClosed: () => open-- });
  };
  return {
    created: host,
    loaded: host,
    counts: () => ({ open, hosted: open }),
    close: async () => {},
  };
}
