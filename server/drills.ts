// The drill registry: creates drills, seats participants, authenticates credentials and
// keeps one live Drill per drill in use (a DrillHost, or a followed drill with several
// processes). Drills are hosted lazily: a drill is loaded from the
// store when someone connects to it (after a restart too) and unloaded when nobody has been
// connected for `idleSeconds`, its virtual clock stopped exactly where it was.
import { type CompiledScenario, type DrillEvent, type DrillError } from '../shared/index.ts';
import type { CreatedDrill, Credential } from '../shared/protocol.ts';
import type { Catalogue } from './catalogue.ts';
import { hashToken, mintId, mintJoinCode, mintToken } from './credentials.ts';
import { localHosting, type HostOptions } from './drill-host.ts';
import {
  systemClock,
  type Clock,
  type Drill,
  type HostPorts,
  type Hosting,
  type Publisher,
} from './ports.ts';
import type { CredentialRecord, EventStore } from './store/event-store.ts';
import type { GroupCommitter } from './store/group-commit.ts';

export class RegistryError extends Error {
  constructor(readonly error: DrillError) {
    super(error.message);
  }
}
const refuse = (code: DrillError['code'], message: string) => new RegistryError({ code, message });

/** How long a seat reclaim code works. */
export const RECLAIM_SECONDS = 10 * 60;

export interface Session {
  drillId: string;
  participantId: string | null;
  seat: CredentialRecord['seat'];
}

export interface RegistryOptions {
  store: EventStore;
  /** Where hosts append (group-committed over `store`). */
  committer: GroupCommitter;
  catalogue: Catalogue;
  /** Where hosts publish durable changes; told when a drill stops being hosted. */
  publisher: Publisher;
  /** Real time (default: the system clock). */
  clock?: Clock;
  tickSeconds?: number;
  onError?: (err: unknown) => void;
  /** Real seconds a drill stays hosted with no connection (default: for ever). */
  idleSeconds?: number;
  /** A participant's earlier credentials were revoked (their seat was taken back). */
  onSeatRevoked?: (drillId: string, participantId: string) => void;
  /** How drills are hosted (default: all in this process; see cluster/ for several). */
  hosting?: (ports: HostPorts, options: HostOptions) => Hosting;
}

export class DrillRegistry {
  private readonly hosts = new Map<string, Drill>();
  private readonly loading = new Map<string, Promise<Drill | null>>();
  private readonly unloading = new Map<string, Promise<void>>();
  /** Connections holding each hosted drill, and the idle timers of those nobody holds. */
  private readonly users = new Map<string, number>();
  private readonly idleTimers = new Map<string, () => void>();

  private readonly ports: HostPorts;
  private readonly hosting: Hosting;

  constructor(private readonly opts: RegistryOptions) {
    this.ports = {
      store: {
        append: (request) => opts.committer.append(request),
        load: (drillId) => opts.store.loadEvents(drillId),
      },
      publisher: opts.publisher,
      clock: opts.clock ?? systemClock,
    };
    const options: HostOptions = { tickSeconds: opts.tickSeconds ?? 1, onError: opts.onError };
    this.hosting = (opts.hosting ?? localHosting)(this.ports, options);
  }

  get size(): number {
    return [...this.hosts.values()].filter((h) => h.state.status !== 'ended').length;
  }

  /** Whether a drill is hosted here and has not ended. */
  isRunning(drillId: string): boolean {
    const host = this.hosts.get(drillId);
    return host !== undefined && host.state.status !== 'ended';
  }

  /**
   * The live host of a drill for a connection: loads it if needed and keeps it hosted until
   * `release`. Never returns a host that is being unloaded.
   */
  async acquire(drillId: string): Promise<Drill | null> {
    for (;;) {
      await this.unloading.get(drillId);
      const host = await this.get(drillId);
      if (!host) return null;
      if (this.hosts.get(drillId) !== host || this.unloading.has(drillId)) continue;
      this.users.set(drillId, (this.users.get(drillId) ?? 0) + 1);
      this.disarm(drillId);
      return host;
    }
  }

  release(drillId: string): void {
    const n = (this.users.get(drillId) ?? 1) - 1;
    if (n > 0) return void this.users.set(drillId, n);
    this.users.delete(drillId);
    if (this.hosts.has(drillId)) this.arm(drillId);
  }

  async create(
    scenarioId: string,
    facilitatorName: string | undefined,
    seed: number,
    solo = false,
  ): Promise<CreatedDrill> {
    const compiled = this.scenario(scenarioId);
    const drillId = mintId('d');
    const token = mintToken();
    const createdEvent = (joinCode: string): DrillEvent => ({
      type: 'created',
      at: 0,
      drillId,
      joinCode,
      scenarioId,
      scenarioHash: compiled.hash,
      seed,
      solo,
      ...(facilitatorName ? { facilitator: facilitatorName } : {}),
    });
    // A join-code collision is astronomically rare; the unique index still guards it.
    for (let attempt = 0; ; attempt++) {
      const joinCode = mintJoinCode();
      const created = createdEvent(joinCode);
      try {
        await this.opts.store.createDrill(
          {
            id: drillId,
            scenarioId,
            scenarioHash: compiled.hash,
            joinCode,
            createdAt: '',
            endedAt: null,
          },
          created,
          [{ tokenHash: hashToken(token), drillId, participantId: null, seat: 'facilitator' }],
        );
        const host = await this.hosting.created(compiled, [
          { seq: 1, event: created, commandId: null },
        ]);
        this.hosts.set(drillId, host);
        this.arm(drillId);
        return {
          drillId,
          joinCode,
          facilitator: { drillId, token, participantId: null, seat: 'facilitator' },
        };
      } catch (err) {
        if (attempt >= 3 || (err as { code?: string }).code !== '23505') throw err;
      }
    }
  }

  async join(code: string, name: string, spectator: boolean): Promise<Credential> {
    const drill = await this.opts.store.findDrillByJoinCode(code);
    if (!drill) throw refuse('NOT_FOUND', 'No drill has that join code.');
    const host = await this.get(drill.id);
    if (!host) throw refuse('NOT_FOUND', 'No drill has that join code.');
    return this.seat(host, name, spectator ? 'spectator' : 'player');
  }

  /** A read-only credential for the room screen: no participant, no commands, no secrets. */
  async issueRoomSeat(drillId: string): Promise<Credential> {
    const token = mintToken();
    await this.opts.store.addCredential({
      tokenHash: hashToken(token),
      drillId,
      participantId: null,
      seat: 'room',
    });
    return { drillId, token, participantId: null, seat: 'room' };
  }

  /**
   * A one-time code that gives a participant's seat to whoever the facilitator hands it. The
   * store keeps only its hash, so it never reaches the event log, an export or a view, and any
   * server process sharing the store redeems it; a newer code for the seat replaces this one.
   */
  async issueReclaim(
    drillId: string,
    participantId: string,
  ): Promise<{ code: string; expiresIn: number }> {
    const host = await this.get(drillId);
    if (!host) throw refuse('NOT_FOUND', 'No such drill.');
    this.reclaimable(host, participantId);
    // Same alphabet and length as join codes: 8.5e11 codes, and redeeming is rate-limited.
    // A clash with another seat's live code is astronomically rare; the store still refuses it.
    for (let attempt = 0; ; attempt++) {
      const code = mintJoinCode();
      try {
        await this.opts.store.storeReclaimCode(
          { codeHash: reclaimHash(code), drillId, participantId },
          RECLAIM_SECONDS,
        );
        return { code, expiresIn: RECLAIM_SECONDS };
      } catch (err) {
        if (attempt >= 3 || (err as { code?: string }).code !== '23505') throw err;
      }
    }
  }

  /** A new credential for the seat a reclaim code opens; the code is spent. */
  async reclaim(code: string): Promise<Credential> {
    const seat = await this.opts.store.redeemReclaimCode(reclaimHash(code));
    const host = seat && (await this.get(seat.drillId));
    if (!seat || !host)
      throw refuse(
        'NOT_FOUND',
        `No seat waits for that code: a code works once, for ${RECLAIM_SECONDS / 60} minutes.`,
      );
    const participant = this.reclaimable(host, seat.participantId);
    const token = mintToken();
    // The old credential stops working: whoever still holds it (a lost laptop, a stale
    // tab) loses the seat, and their open sockets are closed.
    await this.opts.store.replaceCredentials({
      tokenHash: hashToken(token),
      drillId: host.id,
      participantId: participant.id,
      seat: participant.kind,
    });
    this.opts.onSeatRevoked?.(host.id, participant.id);
    return { drillId: host.id, token, participantId: participant.id, seat: participant.kind };
  }

  private reclaimable(host: Drill, participantId: string) {
    const p = Object.hasOwn(host.state.participants, participantId)
      ? host.state.participants[participantId]
      : undefined;
    if (!p || p.removed || p.kind === 'bot')
      throw refuse('UNKNOWN_PARTICIPANT', 'No such person in this drill, or removed.');
    return { id: p.id, kind: p.kind };
  }

  /** Solo practice: the human's seat, bots in every other role, and the clock started. */
  async practise(scenarioId: string, name: string, role: string, seed: number) {
    const compiled = this.scenario(scenarioId);
    if (!compiled.index.roles.has(role))
      throw refuse('UNKNOWN_ROLE', `The scenario has no role "${role}".`);
    const created = await this.create(scenarioId, undefined, seed, true);
    const host = this.hosts.get(created.drillId)!;
    const player = await this.seat(host, name, 'player');
    await this.must(
      host.submit(
        { kind: 'system' },
        { type: 'assignRole', participantId: player.participantId!, role },
        null,
      ),
    );
    const botRoles = compiled.scenario.bots;
    for (const r of compiled.scenario.roles) {
      if (r.id === role) continue;
      // A variant may leave some roles empty: harder practice.
      if (botRoles && !botRoles.includes(r.id)) continue;
      const botId = mintId('bot');
      await this.must(host.join(botId, botName(r.name), 'bot'));
      await this.must(
        host.submit(
          { kind: 'system' },
          { type: 'assignRole', participantId: botId, role: r.id },
          null,
        ),
      );
    }
    await this.must(host.submit({ kind: 'system' }, { type: 'start' }, null));
    return { drillId: created.drillId, player, facilitator: created.facilitator };
  }

  async authenticate(drillId: string, token: string): Promise<Session | null> {
    const cred = await this.opts.store.findCredential(hashToken(token));
    if (!cred || cred.drillId !== drillId) return null;
    return { drillId, participantId: cred.participantId, seat: cred.seat };
  }

  /** The live host of a drill, loading it from the store if needed. */
  async get(drillId: string): Promise<Drill | null> {
    await this.unloading.get(drillId);
    const live = this.hosts.get(drillId);
    if (live) {
      if (!this.users.get(drillId)) this.arm(drillId);
      return live;
    }
    const pending = this.loading.get(drillId);
    if (pending) return pending;
    const load = (async () => {
      const record = await this.opts.store.getDrill(drillId);
      if (!record) return null;
      const compiled = this.opts.catalogue.get(record.scenarioId);
      if (!compiled) return null;
      const events = await this.opts.store.loadEvents(drillId);
      const host = await this.hosting.loaded(compiled, events);
      this.hosts.set(drillId, host);
      if (!this.users.get(drillId)) this.arm(drillId);
      return host;
    })();
    this.loading.set(drillId, load);
    try {
      return await load;
    } finally {
      this.loading.delete(drillId);
    }
  }

  async close(): Promise<void> {
    for (const cancel of this.idleTimers.values()) cancel();
    this.idleTimers.clear();
    await Promise.all(this.unloading.values());
    await Promise.all(
      [...this.hosts.values()].map((h) =>
        h.stop().catch((err: unknown) => this.opts.onError?.(err)),
      ),
    );
    this.hosts.clear();
    await this.hosting.close();
  }

  /** (Re)starts the countdown after which a drill nobody is connected to is unloaded. */
  private arm(drillId: string): void {
    const seconds = this.opts.idleSeconds;
    if (seconds === undefined || !Number.isFinite(seconds)) return;
    this.disarm(drillId);
    const cancel = this.ports.clock.after(seconds * 1000, () => {
      this.idleTimers.delete(drillId);
      void this.unload(drillId);
    });
    this.idleTimers.set(drillId, cancel);
  }

  private disarm(drillId: string): void {
    this.idleTimers.get(drillId)?.();
    this.idleTimers.delete(drillId);
  }

  /** Stops hosting a drill nobody holds; the next acquire or get loads it again. */
  private async unload(drillId: string): Promise<void> {
    const host = this.hosts.get(drillId);
    if (!host || this.users.get(drillId) || this.unloading.has(drillId)) return;
    const done = (async () => {
      try {
        await host.unload();
      } catch (err) {
        // The final tick could not be stored: the clock resumes from the last stored second.
        await host.stop().catch(() => {});
        this.opts.onError?.(err);
      }
      this.hosts.delete(drillId);
      this.opts.publisher.forget(drillId);
    })();
    this.unloading.set(drillId, done);
    try {
      await done;
    } finally {
      this.unloading.delete(drillId);
    }
  }

  /** How many drills are hosted in memory (ended ones included). */
  get hosted(): number {
    return this.hosts.size;
  }

  private scenario(id: string): CompiledScenario {
    const compiled = this.opts.catalogue.get(id);
    if (!compiled) throw refuse('NOT_FOUND', `No scenario "${id}".`);
    return compiled;
  }

  private async seat(host: Drill, name: string, seat: 'player' | 'spectator'): Promise<Credential> {
    const participantId = mintId('p');
    await this.must(host.join(participantId, name, seat));
    const token = mintToken();
    await this.opts.store.addCredential({
      tokenHash: hashToken(token),
      drillId: host.id,
      participantId,
      seat,
    });
    return { drillId: host.id, token, participantId, seat };
  }

  private async must(
    result: Promise<{ ok: true } | { ok: false; error: DrillError }>,
  ): Promise<void> {
    const r = await result;
    if (!r.ok) throw new RegistryError(r.error);
  }
}

/** A reclaim code's hash as stored: codes are read case-insensitively. */
const reclaimHash = (code: string) => hashToken(code.trim().toUpperCase());

/** A bot's display name: its role's, marked, within the 40 characters a name may have. */
export function botName(roleName: string): string {
  const full = `${roleName} (bot)`;
  return full.length <= 40 ? full : `${roleName.slice(0, 33).trimEnd()}… (bot)`;
}
