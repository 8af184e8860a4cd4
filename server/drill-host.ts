// The drill host: the authoritative home of one running drill. Commands are handled one at
// a time, in order: decide (pure core) -> append to the store (durable, group-committed)
// -> fold into the state -> acknowledge -> publish. It also runs the drill's real-time
// scheduler, which turns due virtual deadlines into events through the same path.
import {
  applyEvent,
  botMoves,
  decide,
  decideJoin,
  dueTick,
  fold,
  type Actor,
  type Bot,
  type Command,
  type CompiledScenario,
  type Decision,
  type DrillError,
  type DrillEvent,
  type DrillState,
} from '../shared/index.ts';
import type { StoredEvent } from './store/event-store.ts';
import type { GroupCommitter } from './store/group-commit.ts';

export type HostResult =
  | { ok: true; seq: number; duplicate?: boolean; events: DrillEvent[] }
  | { ok: false; error: DrillError };

export interface HostOptions {
  committer: GroupCommitter;
  /** Called after events are durable and folded; the realtime layer publishes views. */
  onChange: (host: DrillHost, events: DrillEvent[]) => void;
  /** Wall clock in milliseconds (injectable for tests). */
  now?: () => number;
  /** Real seconds between scheduler ticks while the clock runs. */
  tickSeconds?: number;
  onError?: (err: unknown) => void;
}

const notRunning = (message: string): Decision => ({
  ok: false,
  error: { code: 'DRILL_NOT_RUNNING', message },
});

export class DrillHost {
  readonly id: string;
  readonly compiled: CompiledScenario;
  readonly state: DrillState;
  private readonly opts: HostOptions;
  private readonly commandSeqs = new Map<string, number>();
  private chain: Promise<unknown> = Promise.resolve();
  private anchor = { real: 0, virtual: 0 };
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly wall: () => number;

  constructor(compiled: CompiledScenario, stored: readonly StoredEvent[], opts: HostOptions) {
    this.compiled = compiled;
    this.opts = opts;
    this.wall = opts.now ?? Date.now;
    this.state = fold(
      compiled,
      stored.map((e) => e.event),
    );
    this.id = this.state.drillId;
    for (const e of stored) if (e.commandId) this.commandSeqs.set(e.commandId, e.seq);
    // Virtual time does not pass while no server hosts the drill.
    this.anchor = { real: this.wall(), virtual: this.state.t };
    this.schedule();
  }

  get seq(): number {
    return this.state.seq;
  }

  /** The virtual second the drill's clock reads now. */
  virtualNow(): number {
    if (this.state.status !== 'running') return this.state.t;
    return Math.max(
      this.state.t,
      this.anchor.virtual + ((this.wall() - this.anchor.real) / 1000) * this.state.speed,
    );
  }

  /** Handles a participant's command; `commandId` makes retries idempotent. */
  submit(actor: Actor, command: Command, commandId: string | null): Promise<HostResult> {
    return this.enqueue(async () => {
      if (commandId !== null) {
        const seq = this.commandSeqs.get(commandId);
        if (seq !== undefined) return { ok: true, seq, duplicate: true, events: [] };
      }
      return this.commit(commandId, (state, now) =>
        decide(this.compiled, state, actor, command, now),
      );
    });
  }

  join(
    participantId: string,
    name: string,
    kind: 'player' | 'spectator' | 'bot',
  ): Promise<HostResult> {
    return this.enqueue(() =>
      this.commit(null, (state, now) => decideJoin(state, { participantId, name, kind }, now)),
    );
  }

  /**
   * Solo practice: its only player left, so the clock stops (a real \`clockPaused\`, marked
   * 'away'). Nothing happens unless the clock runs.
   */
  away(): Promise<HostResult> {
    return this.enqueue(() =>
      this.commit(null, (state, now) =>
        state.status === 'running'
          ? { ok: true, events: [{ type: 'clockPaused', at: now, reason: 'away' }] }
          : notRunning('The clock is not running.'),
      ),
    );
  }

  /** The player is back: the clock starts again, if it stopped because they left. */
  back(): Promise<HostResult> {
    return this.enqueue(() =>
      this.commit(null, (state, now) =>
        state.status === 'paused' && state.pausedAway
          ? { ok: true, events: [{ type: 'clockResumed', at: now }] }
          : notRunning('The clock was not stopped by the player leaving.'),
      ),
    );
  }

  /** Bots of a solo drill: the participants the engine plays. */
  bots(): Bot[] {
    return Object.values(this.state.participants)
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
      if (this.state.status === 'running' && now > this.state.t)
        await this.persist([{ type: 'timeAdvanced', at: now }], null);
      this.close();
    });
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Waits until every queued command has been handled. */
  idle(): Promise<unknown> {
    return this.chain;
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => {});
    return next;
  }

  private async commit(
    commandId: string | null,
    decision: (state: DrillState, now: number) => Decision,
  ): Promise<HostResult> {
    if (this.closed)
      return {
        ok: false,
        error: { code: 'INTERNAL', message: 'This drill is being moved; retry.' },
      };
    const now = this.virtualNow();
    // Judge the command against the world as it is now: what is due fires first.
    const tick = dueTick(this.state, now);
    if (tick) await this.persist([tick], null);
    const decided = decision(this.state, now);
    if (!decided.ok) return decided;
    const seq = await this.persist(decided.events, commandId);
    return { ok: true, seq, events: decided.events };
  }

  private async persist(events: DrillEvent[], commandId: string | null): Promise<number> {
    const fromSeq = this.state.seq + 1;
    const ended = events.some((e) => e.type === 'ended');
    await this.opts.committer.append({ drillId: this.id, fromSeq, events, commandId, ended });
    const wasEnded = this.state.status === 'ended';
    for (const e of events) {
      applyEvent(this.compiled, this.state, e);
      if (
        e.type === 'clockStarted' ||
        e.type === 'clockResumed' ||
        e.type === 'speedChanged' ||
        e.type === 'clockPaused'
      ) {
        this.anchor = { real: this.wall(), virtual: this.state.t };
      }
    }
    if (!wasEnded && this.state.status === 'ended' && !ended) {
      // The drill ended by itself (a terminal phase): mark it finished in the store too.
      await this.opts.committer.append({
        drillId: this.id,
        fromSeq: this.state.seq + 1,
        events: [],
        commandId: null,
        ended: true,
      });
    }
    if (commandId !== null) this.commandSeqs.set(commandId, this.state.seq);
    this.opts.onChange(this, events);
    this.schedule();
    return this.state.seq;
  }

  /** Arms the real-time timer for the next due virtual deadline or tick. */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.closed || this.state.status !== 'running') return;
    const now = this.virtualNow();
    const tickEvery = (this.opts.tickSeconds ?? 1) * this.state.speed;
    const sample = this.compiled.scenario.clock.sampleSeconds;
    // The next metric sample boundary, so charts move; never more often than tickSeconds.
    let due = Math.max(Math.ceil((now + 1e-6) / sample) * sample, now + tickEvery);
    const next = this.state.timers[0];
    if (next && next.at < due) due = next.at;
    const delay = Math.max(0, ((due - now) / this.state.speed) * 1000);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.enqueue(() => this.onTimer(due)).catch((err) => this.opts.onError?.(err));
    }, delay);
    this.timer.unref?.();
  }

  private async onTimer(due: number): Promise<void> {
    if (this.closed || this.state.status !== 'running') return;
    // Exact: a timed inject due at minute 12 happens at virtual second 720, not a bit later.
    // setTimeout fired, so real time has reached `due`; the anchor may lag by a few ms.
    const at = Math.max(this.state.t, due);
    const next = this.state.timers[0];
    const events: DrillEvent[] = [
      { type: 'timeAdvanced', at: next && next.at <= at ? next.at : at },
    ];
    await this.persist(events, null);
    await this.runBots();
  }

  private async runBots(): Promise<void> {
    const bots = this.bots();
    if (bots.length === 0 || this.state.status !== 'running') return;
    const humans = Object.values(this.state.participants)
      .filter((p) => p.kind === 'player' && !p.removed && p.role !== null)
      .map((p) => p.role!);
    for (const move of botMoves(this.compiled, this.state, bots, humans)) {
      await this.commit(null, (state, now) =>
        decide(
          this.compiled,
          state,
          { kind: 'player', participantId: move.participantId },
          move.command,
          now,
        ),
      );
    }
  }
}
