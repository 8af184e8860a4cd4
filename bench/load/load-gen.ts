// The load generator, in its own process: D drills x P players, each acting about once a
// second. Prints one JSON line with what it sent, what came back, the latencies and a
// per-second trace.
//   mode firedrill: real drills over the real protocol (join, roles, start, commands).
//   mode bare: the same sockets and rhythm against the bare broadcast server.
// --url takes one or more server URLs (comma-separated): the players of one drill are dealt
// round-robin over them, so with several processes a drill's players sit on different
// ones; a drill's HTTP setup and facilitator go to one of them.
// --ladder N,N,... searches the knee instead: it climbs those player counts (adding drills
// to the same servers), --seconds each, until own-update p99 crosses --limit ms, then
// measures --refine steps between; it prints a "STEP {json}" line per step.
// --window S prints a "WINDOW {json}" line for every S seconds of load as it goes (the soak
// benchmark), and forgets what it has reported, so a long run keeps a flat memory.
// --lifetime S (firedrill mode, with --window) turns over the drills: each lives S seconds
// (the first ones end staggered over the first S seconds), then its players stop, its
// facilitator ends it, its sockets close, and a new drill, set up as at the start, takes its
// place. The setup (joins, roles, first views) is timed apart, not in the latencies.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { CommandAck, CreatedDrill, Credential } from '../../shared/protocol.ts';
import { nextKneeStep, quantile, staggeredEnd, type KneePoint } from './stats.ts';

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'firedrill' },
    url: { type: 'string' },
    drills: { type: 'string', default: '200' },
    players: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    window: { type: 'string' },
    lifetime: { type: 'string' },
    ladder: { type: 'string' },
    limit: { type: 'string', default: '50' },
    refine: { type: 'string', default: '1' },
  },
});
const URLS = values.url!.split(',').filter(Boolean);
const BARE = values.mode === 'bare';
const DRILLS = Number(values.drills);
const PLAYERS = Number(values.players);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const WINDOW = values.window ? Number(values.window) : null;
const LIFETIME = values.lifetime && !BARE ? Number(values.lifetime) : null;
const ROLES = ['ic', 'ops', 'comms', 'support', 'exec'];
const TIMEOUT_MS = 10_000;

interface Arrival {
  seq: number;
  /** Bare mode: the id the sender put in its message. */
  id: number | undefined;
  at: number;
}
interface Player {
  socket: Socket;
  drill: number;
  /** In arrival order, so by time. */
  arrivals: Arrival[];
  /** The players of its drill (itself included). */
  team: Player[];
}
interface Sent {
  player: Player;
  id: number;
  at: number;
  ackAt: number | null;
  seq: number | null;
  error: string | null;
}

async function post<T>(url: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function open(url: string, auth: Record<string, unknown>, drill: number): Promise<Player> {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      transports: ['websocket'],
      auth,
      reconnection: false,
      forceNew: true,
    });
    const player: Player = { socket, drill, arrivals: [], team: [] };
    const record = (msg: { seq: number; msg?: { id?: number } }) =>
      player.arrivals.push({ seq: msg.seq, id: msg.msg?.id, at: performance.now() });
    socket.on('patch', record);
    socket.on('update', record);
    // A socket that never gets its first view must fail the run, not hang it.
    const timer = setTimeout(() => reject(new Error(`no view from ${url} in 30 s`)), 30_000);
    socket.once('connect_error', (e) => (clearTimeout(timer), reject(e)));
    const ready = () => (clearTimeout(timer), resolve(player));
    if (BARE) socket.once('connect', ready);
    else socket.once('view', (msg: { seq: number }) => (record(msg), ready()));
  });
}

/** The server for player p of drill d: round-robin over the players of all drills. */
const urlFor = (d: number, p: number) => URLS[(d * PLAYERS + p) % URLS.length]!;

/** How to act as each drill's facilitator again (to end it). */
const facilitators = new Map<number, { url: string; auth: Record<string, unknown> }>();

function commander(fac: Player) {
  return (command: unknown) =>
    fac.socket
      .timeout(TIMEOUT_MS)
      .emitWithAck('command', { id: crypto.randomUUID(), command }) as Promise<CommandAck>;
}

const withTeam = (players: Player[]) => {
  for (const p of players) p.team = players;
  return players;
};

async function setupFiredrill(d: number): Promise<Player[]> {
  const home = URLS[d % URLS.length]!;
  const drill = await post<CreatedDrill>(home, '/api/drills', { scenarioId: 'load' });
  const creds: Credential[] = [];
  for (let p = 0; p < PLAYERS; p++)
    creds.push(
      await post<Credential>(home, '/api/join', { code: drill.joinCode, name: `p${d}-${p}` }),
    );
  const facAuth = { drillId: drill.drillId, token: drill.facilitator.token };
  facilitators.set(d, { url: home, auth: facAuth });
  const fac = await open(home, facAuth, d);
  const send = commander(fac);
  for (let p = 0; p < PLAYERS; p++)
    await send({
      type: 'assignRole',
      participantId: creds[p]!.participantId,
      role: ROLES[p % ROLES.length],
    });
  const started = await send({ type: 'start' });
  if (!started.ok) throw new Error(`start: ${started.error.code}`);
  fac.socket.close();
  return withTeam(
    await Promise.all(
      creds.map((c, p) => open(urlFor(d, p), { drillId: c.drillId, token: c.token }, d)),
    ),
  );
}

/** The facilitator of drill d ends it; then its players' sockets close. */
async function endFiredrill(d: number, players: Player[]): Promise<void> {
  const { url, auth } = facilitators.get(d)!;
  facilitators.delete(d);
  try {
    const fac = await open(url, auth, d);
    try {
      const ended = await commander(fac)({ type: 'end', reason: 'soak' });
      if (!ended.ok) throw new Error(`end: ${ended.error.code}`);
    } finally {
      fac.socket.close();
    }
  } finally {
    for (const p of players) p.socket.close();
  }
}

async function setupBare(d: number): Promise<Player[]> {
  return withTeam(
    await Promise.all(
      Array.from({ length: PLAYERS }, (_, p) => open(urlFor(d, p), { room: `r${d}` }, d)),
    ),
  );
}

/** Drills set up and connected, by drill number. */
const drills = new Map<number, Player[]>();
let nextDrill = 0;

/** Sets up drills until `count` are connected (or closes the extra ones); seconds taken. */
async function ensureDrills(count: number): Promise<number> {
  const start = performance.now();
  for (const d of [...drills.keys()].sort((a, b) => a - b).slice(count)) {
    for (const p of drills.get(d)!) p.socket.close();
    drills.delete(d);
    facilitators.delete(d);
  }
  while (drills.size < count) {
    const batch = Array.from({ length: Math.min(20, count - drills.size) }, () => nextDrill++);
    const made = await Promise.all(batch.map((d) => (BARE ? setupBare(d) : setupFiredrill(d))));
    batch.forEach((d, k) => drills.set(d, made[k]!));
  }
  return Math.round((performance.now() - start) / 100) / 10;
}

/** The first arrival at `p` that shows `s` (its seq or later; in bare mode, its id). */
function firstAfter(p: Player, s: Sent): number | undefined {
  const a = p.arrivals;
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]!.at < s.at) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < a.length && a[i]!.at <= s.at + TIMEOUT_MS; i++) {
    if (BARE ? a[i]!.id === s.id : a[i]!.seq >= s.seq!) return a[i]!.at;
  }
  return undefined;
}

/** What a stretch of load gave; latencies as plain numbers. */
class Tally {
  sent = 0;
  acked = 0;
  refused = 0;
  errors: Record<string, number> = {};
  own: number[] = [];
  team: number[] = [];
  ack: number[] = [];
  bySecond = new Map<number, { sent: number; acked: number; own: number[]; ack: number[] }>();

  /**
   * Accounts for the sends in `sends` (by time) before `until`, and removes them. Latencies
   * count from `measureFrom` on (after a warm-up: JIT, first views, every socket's first send
   * at once), the same for both servers; sent, acknowledged and lost count every action.
   * The per-second trace counts from `origin`, warm-up included.
   */
  settle(sends: Sent[], origin: number, measureFrom: number, until = Infinity): Tally {
    let n = 0;
    for (const s of sends) {
      if (s.at >= until) break;
      n++;
      this.sent++;
      const second = Math.floor((s.at - origin) / 1000);
      const sec = this.bySecond.get(second) ?? { sent: 0, acked: 0, own: [], ack: [] };
      this.bySecond.set(second, sec);
      sec.sent++;
      if (s.error !== null) this.errors[s.error] = (this.errors[s.error] ?? 0) + 1;
      if (s.seq === null || s.ackAt === null) {
        // Refused: answered in time with an error (BUSY, RATE_LIMITED): the client knows,
        // and retries. Lost: never answered.
        if (s.error !== null && s.error !== 'TIMEOUT') this.refused++;
        continue;
      }
      this.acked++;
      sec.acked++;
      sec.ack.push(s.ackAt - s.at);
      const mine = firstAfter(s.player, s);
      if (mine !== undefined) sec.own.push(mine - s.at);
      if (s.at < measureFrom) continue;
      this.ack.push(s.ackAt - s.at);
      if (mine !== undefined) this.own.push(mine - s.at);
      for (const mate of byDrill(s.player)) {
        if (mate === s.player) continue;
        const t = firstAfter(mate, s);
        if (t !== undefined) this.team.push(t - s.at);
      }
    }
    sends.splice(0, n);
    return this;
  }

  get lost(): number {
    return this.sent - this.acked - this.refused;
  }

  merge(o: Tally): void {
    this.sent += o.sent;
    this.acked += o.acked;
    this.refused += o.refused;
    for (const [k, v] of Object.entries(o.errors)) this.errors[k] = (this.errors[k] ?? 0) + v;
    for (const x of o.own) this.own.push(x);
    for (const x of o.team) this.team.push(x);
    for (const x of o.ack) this.ack.push(x);
    for (const [k, v] of o.bySecond) this.bySecond.set(k, v);
  }

  summary(seconds: number) {
    return {
      sent: this.sent,
      acked: this.acked,
      refused: this.refused,
      lost: this.lost,
      errors: this.errors,
      actionsPerSecond: Math.round(this.acked / seconds),
      ack: { p50: quantile(this.ack, 0.5), p99: quantile(this.ack, 0.99) },
      own: { p50: quantile(this.own, 0.5), p99: quantile(this.own, 0.99) },
      team: { p50: quantile(this.team, 0.5), p99: quantile(this.team, 0.99) },
    };
  }

  /** p50 and p99 by second of the run. */
  trace() {
    return [...this.bySecond.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([second, s]) => ({
        second,
        sent: s.sent,
        acked: s.acked,
        ackP99: quantile(s.ack, 0.99),
        ownP50: quantile(s.own, 0.5),
        ownP99: quantile(s.own, 0.99),
      }));
  }
}

function byDrill(p: Player): Player[] {
  return p.team.length > 0 ? p.team : [p];
}

/** Forgets arrivals before `until` (nothing sent before it is left to match). */
function forgetArrivals(until: number) {
  for (const ps of drills.values()) {
    for (const p of ps) {
      const keep = p.arrivals.findIndex((a) => a.at >= until);
      p.arrivals.splice(0, keep === -1 ? p.arrivals.length : keep);
    }
  }
}

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const loopDelayP99 = () => Math.round(loopDelay.percentile(99) / 1e4) / 100;
let nextId = 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every connected player acts about once a second for `seconds`; then the last answers. */
async function act(sends: Sent[], seconds: number): Promise<void> {
  const end = performance.now() + seconds * 1000;
  const players = [...drills.values()].flat();
  await Promise.all(players.map((player) => play(player, sends, end)));
  // Let the last acks and updates arrive.
  await sleep(3000);
}

/** One player acts about once a second until `end` (performance.now() time). */
async function play(player: Player, sends: Sent[], end: number): Promise<void> {
  await sleep(Math.random() * 1000);
  while (performance.now() < end) {
    const id = ++nextId;
    const record: Sent = {
      player,
      id,
      at: performance.now(),
      ackAt: null,
      seq: null,
      error: null,
    };
    sends.push(record);
    const message = BARE
      ? player.socket.timeout(TIMEOUT_MS).emitWithAck('act', { action: 'probe', id })
      : player.socket.timeout(TIMEOUT_MS).emitWithAck('command', {
          id: crypto.randomUUID(),
          command: { type: 'takeAction', action: 'probe', params: {} },
        });
    void (message as Promise<CommandAck>).then(
      (ack) => {
        record.ackAt = performance.now();
        if (ack.ok) record.seq = ack.seq;
        else record.error = ack.error.code;
      },
      () => {
        record.error = 'TIMEOUT';
      },
    );
    await sleep(800 + Math.random() * 400);
  }
}

/**
 * Drills that live `lifetimeMs` each, until `loadEnd`: the ones set up now end staggered
 * (as if started at even intervals before), each then replaced by a new one; a drill ends
 * once its players have stopped and their last answers have come (its replacement is set up
 * meanwhile, so the number of players acting stays about constant).
 */
async function turnOver(
  sends: Sent[],
  origin: number,
  loadEnd: number,
  lifetimeMs: number,
  churn: { at: number; kind: 'started' | 'ended' | 'failed'; ms: number }[],
): Promise<void> {
  const endings: Promise<void>[] = [];
  const first = [...drills.keys()].sort((a, b) => a - b);
  const slot = async (d: number, endsAt: number) => {
    for (;;) {
      const players = drills.get(d)!;
      await Promise.all(players.map((p) => play(p, sends, Math.min(endsAt, loadEnd))));
      if (endsAt >= loadEnd) return;
      const retiring = d;
      endings.push(
        (async () => {
          await sleep(2000);
          drills.delete(retiring);
          try {
            await endFiredrill(retiring, players);
            churn.push({ at: performance.now(), kind: 'ended', ms: 0 });
          } catch (e) {
            console.error(`ending drill ${retiring}: ${String(e)}`);
            churn.push({ at: performance.now(), kind: 'failed', ms: 0 });
          }
        })(),
      );
      for (;;) {
        if (performance.now() >= loadEnd) return;
        const at = performance.now();
        const next = nextDrill++;
        try {
          drills.set(next, await setupFiredrill(next));
          churn.push({ at: performance.now(), kind: 'started', ms: performance.now() - at });
          d = next;
          endsAt = performance.now() + lifetimeMs;
          break;
        } catch (e) {
          console.error(`setting up drill ${next}: ${String(e)}`);
          churn.push({ at: performance.now(), kind: 'failed', ms: 0 });
          facilitators.delete(next);
          await sleep(1000);
        }
      }
    }
  };
  await Promise.all(
    first.map((d, k) => slot(d, staggeredEnd(origin, k, first.length, lifetimeMs))),
  );
  await sleep(3000);
  await Promise.all(endings);
}

const base = { mode: values.mode, servers: URLS.length };

if (values.ladder) {
  // Knee search: climb the ladder of player counts on the same servers, adding drills as it
  // goes, until p99 crosses the limit; then one step between (closing the extra drills).
  const ladder = values.ladder.split(',').map(Number);
  const limit = Number(values.limit);
  const done: KneePoint[] = [];
  for (
    let n = nextKneeStep(ladder, done, limit, { refinements: Number(values.refine) });
    n !== null;
    n = nextKneeStep(ladder, done, limit, { refinements: Number(values.refine) })
  ) {
    const setupSeconds = await ensureDrills(Math.ceil(n / PLAYERS));
    const players = [...drills.values()].flat().length;
    const sends: Sent[] = [];
    forgetArrivals(performance.now());
    loopDelay.reset();
    console.log('LOAD START');
    const origin = performance.now();
    await act(sends, SECONDS);
    console.log('LOAD END');
    const tally = new Tally().settle(sends, origin, origin + WARMUP * 1000);
    const step = {
      ...base,
      sockets: players,
      setupSeconds,
      warmupSeconds: WARMUP,
      ...tally.summary(SECONDS),
      loadGenLoopDelayP99: loopDelayP99(),
      trace: tally.trace(),
    };
    done.push({ players: n, p99: step.own.p99, sent: step.sent, lost: step.lost });
    console.log(`STEP ${JSON.stringify(step)}`);
  }
  console.log(JSON.stringify({ ...base, steps: done.length }));
} else {
  const setupSeconds = await ensureDrills(DRILLS);
  const sends: Sent[] = [];
  /** Drills set up and ended during the load (by time), with how long each setup took. */
  const churn: { at: number; kind: 'started' | 'ended' | 'failed'; ms: number }[] = [];
  const tally = new Tally();
  loopDelay.reset();
  // Marks for the benchmark runner, which reads the servers' CPU time between them.
  console.log('LOAD START');
  const origin = performance.now();
  let windows: NodeJS.Timeout | undefined;
  let windowsDone: Promise<void> = Promise.resolve();
  if (WINDOW !== null) {
    let done = () => {};
    windowsDone = new Promise((resolve) => (done = resolve));
    // Soak: each window is reported once its last send has had its time to be answered,
    // then forgotten but for the latencies.
    let index = 0;
    windows = setInterval(() => {
      const until = origin + (index + 1) * WINDOW * 1000;
      if (until > origin + SECONDS * 1000) return done();
      if (performance.now() < until + TIMEOUT_MS + 1000) return;
      const w = new Tally().settle(sends, origin, origin + WARMUP * 1000, until);
      tally.merge(w);
      forgetArrivals(until);
      const c = churn.splice(0, churn.filter((e) => e.at < until).length);
      const setupMs = c.filter((e) => e.kind === 'started').map((e) => e.ms);
      console.log(
        `WINDOW ${JSON.stringify({
          index,
          fromSecond: index * WINDOW,
          toSecond: (index + 1) * WINDOW,
          ...w.summary(WINDOW),
          loadGenLoopDelayP99: loopDelayP99(),
          drillsLive: drills.size,
          drillsStarted: setupMs.length,
          drillsEnded: c.filter((e) => e.kind === 'ended').length,
          setupsFailed: c.filter((e) => e.kind === 'failed').length,
          setupMs: { p50: quantile(setupMs, 0.5), p99: quantile(setupMs, 0.99) },
        })}`,
      );
      loopDelay.reset();
      index++;
    }, 1000);
  }
  if (LIFETIME === null) await act(sends, SECONDS);
  else await turnOver(sends, origin, origin + SECONDS * 1000, LIFETIME * 1000, churn);
  // The last windows, once their answers have had their time.
  await windowsDone;
  clearInterval(windows);
  console.log('LOAD END');
  const loadGenLoopDelayP99 = loopDelayP99();
  tally.merge(new Tally().settle(sends, origin, origin + WARMUP * 1000));
  const result = {
    ...base,
    sockets: [...drills.values()].flat().length,
    setupSeconds,
    warmupSeconds: WARMUP,
    ...tally.summary(SECONDS),
    /** The load generator's own event-loop delay: when high, it inflates every latency. */
    loadGenLoopDelayP99,
    /** Per second of the run (from the start of load, warm-up included). */
    trace: tally.trace(),
  };
  console.log(JSON.stringify(result));
}
for (const ps of drills.values()) for (const p of ps) p.socket.close();
process.exit(0);
