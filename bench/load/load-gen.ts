// The load generator, in its own process: D drills x P players, each acting about once a
// second. Prints one JSON line with what it sent, what came back and the latencies.
//   mode firedrill: real drills over the real protocol (join, roles, start, commands).
//   mode bare: the same sockets and rhythm against the bare broadcast server.
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { CommandAck, CreatedDrill, Credential } from '../../shared/protocol.ts';

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'firedrill' },
    url: { type: 'string' },
    drills: { type: 'string', default: '200' },
    players: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
  },
});
const url = values.url!;
const DRILLS = Number(values.drills);
const PLAYERS = Number(values.players);
const SECONDS = Number(values.seconds);
const ROLES = ['ic', 'ops', 'comms', 'support', 'exec'];

interface Player {
  socket: Socket;
  drill: number;
  arrivals: { seq: number; at: number }[];
}
interface Sent {
  player: Player;
  at: number;
  ackAt: number | null;
  seq: number | null;
  error: string | null;
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function open(auth: Record<string, unknown>, drill: number): Promise<Player> {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      transports: ['websocket'],
      auth,
      reconnection: false,
      forceNew: true,
    });
    const player: Player = { socket, drill, arrivals: [] };
    const record = (msg: { seq: number }) =>
      player.arrivals.push({ seq: msg.seq, at: performance.now() });
    socket.on('patch', record);
    socket.on('update', record);
    socket.once('connect_error', reject);
    if (values.mode === 'bare') socket.once('connect', () => resolve(player));
    else socket.once('view', (msg: { seq: number }) => (record(msg), resolve(player)));
  });
}

async function setupFiredrill(d: number): Promise<Player[]> {
  const drill = await post<CreatedDrill>('/api/drills', { scenarioId: 'load' });
  const creds: Credential[] = [];
  for (let p = 0; p < PLAYERS; p++)
    creds.push(await post<Credential>('/api/join', { code: drill.joinCode, name: `p${d}-${p}` }));
  const fac = await open({ drillId: drill.drillId, token: drill.facilitator.token }, d);
  const send = (command: unknown) =>
    fac.socket
      .timeout(10_000)
      .emitWithAck('command', { id: crypto.randomUUID(), command }) as Promise<CommandAck>;
  for (let p = 0; p < PLAYERS; p++)
    await send({
      type: 'assignRole',
      participantId: creds[p]!.participantId,
      role: ROLES[p % ROLES.length],
    });
  const started = await send({ type: 'start' });
  if (!started.ok) throw new Error(`start: ${started.error.code}`);
  fac.socket.close();
  return Promise.all(creds.map((c) => open({ drillId: c.drillId, token: c.token }, d)));
}

async function setupBare(d: number): Promise<Player[]> {
  return Promise.all(Array.from({ length: PLAYERS }, () => open({ room: `r${d}` }, d)));
}

const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]! * 100) / 100;
};

const setupStart = performance.now();
const players: Player[] = [];
for (let i = 0; i < DRILLS; i += 20) {
  const batch = await Promise.all(
    Array.from({ length: Math.min(20, DRILLS - i) }, (_, k) =>
      values.mode === 'bare' ? setupBare(i + k) : setupFiredrill(i + k),
    ),
  );
  players.push(...batch.flat());
}
const setupSeconds = (performance.now() - setupStart) / 1000;

const sent: Sent[] = [];
// Marks for the benchmark runner, which reads the server's CPU time between them.
console.log('LOAD START');
const loadStart = performance.now();
const end = loadStart + SECONDS * 1000;
await Promise.all(
  players.map(async (player) => {
    await new Promise((r) => setTimeout(r, Math.random() * 1000));
    while (performance.now() < end) {
      const record: Sent = { player, at: performance.now(), ackAt: null, seq: null, error: null };
      sent.push(record);
      const message =
        values.mode === 'bare'
          ? player.socket.timeout(10_000).emitWithAck('act', { action: 'probe' })
          : player.socket.timeout(10_000).emitWithAck('command', {
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
      await new Promise((r) => setTimeout(r, 800 + Math.random() * 400));
    }
  }),
);
// Let the last acks and updates arrive.
await new Promise((r) => setTimeout(r, 3000));
console.log('LOAD END');

const byDrill = new Map<number, Player[]>();
for (const p of players) byDrill.set(p.drill, [...(byDrill.get(p.drill) ?? []), p]);
const own: number[] = [];
const team: number[] = [];
const ack: number[] = [];
// Latency over time, by second of the run: where the slow ones happen.
const bySecond = new Map<number, number[]>();
// Latencies are taken after a warm-up (JIT, first views, every socket's first send at once),
// the same for both servers; sent, acknowledged and lost count every action.
const measureFrom = loadStart + Number(values.warmup) * 1000;
for (const s of sent) {
  if (s.seq === null || s.ackAt === null) continue;
  const second = Math.floor((s.at - loadStart) / 1000);
  bySecond.set(second, [...(bySecond.get(second) ?? []), s.ackAt - s.at]);
  if (s.at < measureFrom) continue;
  ack.push(s.ackAt - s.at);
  const firstAfter = (p: Player) => p.arrivals.find((a) => a.seq >= s.seq! && a.at >= s.at)?.at;
  const mine = firstAfter(s.player);
  if (mine !== undefined) own.push(mine - s.at);
  for (const mate of byDrill.get(s.player.drill)!) {
    if (mate === s.player) continue;
    const t = firstAfter(mate);
    if (t !== undefined) team.push(t - s.at);
  }
}
const acked = sent.filter((s) => s.seq !== null).length;
// Refused: answered in time with an error (BUSY, RATE_LIMITED): the client knows, and retries.
// Lost: never answered.
const refused = sent.filter((s) => s.seq === null && s.error !== null && s.error !== 'TIMEOUT');
const result = {
  mode: values.mode,
  sockets: players.length,
  setupSeconds: Math.round(setupSeconds * 10) / 10,
  sent: sent.length,
  acked,
  refused: refused.length,
  lost: sent.length - acked - refused.length,
  errors: Object.fromEntries(
    [...new Set(sent.map((s) => s.error).filter(Boolean))].map((e) => [
      e,
      sent.filter((s) => s.error === e).length,
    ]),
  ),
  actionsPerSecond: Math.round(acked / SECONDS),
  warmupSeconds: Number(values.warmup),
  ack: { p50: quantile(ack, 0.5), p99: quantile(ack, 0.99) },
  own: { p50: quantile(own, 0.5), p99: quantile(own, 0.99) },
  team: { p50: quantile(team, 0.5), p99: quantile(team, 0.99) },
};
for (const p of players) p.socket.close();
if (process.env.BENCH_TRACE) {
  for (const [sec, xs] of [...bySecond.entries()].sort((a, b) => a[0] - b[0])) {
    console.error(
      `second ${sec}: ack p50 ${quantile(xs, 0.5)} p99 ${quantile(xs, 0.99)} max ${quantile(xs, 1)}`,
    );
  }
}
console.log(JSON.stringify(result));
process.exit(0);
