// Load benchmark: the Firedrill server and a bare socket.io broadcast server, each in its
// own process(es), under the same load from a separate load process; figures and ratios.
//   1. At 1,000 players (BENCH_DRILLS x 5), one process: Firedrill (embedded store, and on
//      PostgreSQL) against the bare server: lost, latencies, RSS, CPU per command. A
//      diagnostic row runs Firedrill on an in-memory store (not durable), which splits its
//      latency into the durable store's share and the engine's; it counts for no aim.
//   2. The knee: the player count at which own-update p99 crosses BENCH_KNEE_LIMIT_MS, for
//      the bare server and for Firedrill with 1, 2 (, 3) processes; with several processes
//      the bare server uses the socket.io Redis adapter and Firedrill runs in cluster mode
//      (PostgreSQL on a database made for the run, and Redis). A drill's players are dealt
//      over the processes.
// Per-second traces of every run go to a JSON file under bench/results/ (not committed).
// Settings (environment): BENCH_DRILLS, BENCH_SECONDS (the 1,000-player table);
// BENCH_KNEE=0 leaves the knee out; BENCH_KNEE_PROCESSES (1,2), BENCH_KNEE_LADDER (players,
// comma-separated), BENCH_KNEE_STEP_SECONDS, BENCH_KNEE_LIMIT_MS, BENCH_KNEE_REFINE;
// BENCH_LOAD_POSTGRES=0 leaves the one-process PostgreSQL row out, BENCH_LOAD_MEMORY=0 the
// in-memory store row. BENCH_REPEAT (1) runs every row of the table that many times, the
// rows taking turns, and prints the median with the spread of p99: single runs vary about
// 2x in p99, so 3 gives a median worth comparing.
// Diagnostics: BENCH_SERVER_NODE_FLAGS adds node flags to the Firedrill server processes only
// (for a CPU profile of each: --cpu-prof --cpu-prof-dir=DIR, written when the process exits);
// BENCH_TRACE_GC=1 has them print to stderr the GC pauses over 4 ms and event-loop stalls
// over 8 ms as they happen (seconds since the process started), and at exit their store's
// group-commit count and mean batch size.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  describe,
  runLoadGen,
  servicesAvailable,
  startCluster,
  type Target,
} from './load/processes.ts';
import { formatKnee, kneeOf, kneeRatio, medianOf, overKnee, type Knee } from './load/stats.ts';
import type { BenchReport } from './report.ts';

interface Latency {
  p50: number | null;
  p99: number | null;
}

/** What the load generator prints for a run or a knee step. */
interface LoadResult {
  mode: string;
  servers: number;
  sockets: number;
  setupSeconds: number;
  sent: number;
  acked: number;
  /** Answered with an error (BUSY, RATE_LIMITED): the client knows and may retry. */
  refused: number;
  lost: number;
  errors: Record<string, number>;
  actionsPerSecond: number;
  warmupSeconds: number;
  ack: Latency;
  own: Latency;
  team: Latency;
  loadGenLoopDelayP99: number;
  trace: { second: number; ownP50: number | null; ownP99: number | null }[];
  /** Added by the runner: peak RSS summed over the processes, CPU per command. */
  rssMb?: number | null;
  cpuMsPerCommand?: number | null;
}

function withMeasures(
  r: LoadResult,
  m: { cpuSeconds: number | null; peakRssMb: number | null },
): LoadResult {
  return {
    ...r,
    rssMb: m.peakRssMb,
    cpuMsPerCommand:
      m.cpuSeconds !== null && r.acked > 0
        ? Math.round((m.cpuSeconds * 1e5) / r.acked) / 100
        : null,
  };
}

/** A row of the table from its runs, with the min and max of the runs' own-update p99. */
type Row = LoadResult & { ownP99Range: { min: number | null; max: number | null } };

/**
 * Latencies, actions a second, CPU per command and setup time are the medians of the runs;
 * the counts are totals (so one lost action in any run shows); RSS is the highest.
 */
function combine(runs: readonly LoadResult[]): Row {
  const first = runs[0]!;
  const p99s = runs.map((r) => r.own.p99).filter((x): x is number => x !== null);
  const range = {
    min: p99s.length ? Math.min(...p99s) : null,
    max: p99s.length ? Math.max(...p99s) : null,
  };
  if (runs.length === 1) return { ...first, ownP99Range: range };
  const med = (f: (r: LoadResult) => number | null | undefined) => medianOf(runs.map(f));
  const total = (f: (r: LoadResult) => number) => runs.reduce((n, r) => n + f(r), 0);
  const latency = (f: (r: LoadResult) => Latency): Latency => ({
    p50: med((r) => f(r).p50),
    p99: med((r) => f(r).p99),
  });
  const errors: Record<string, number> = {};
  for (const r of runs)
    for (const [code, n] of Object.entries(r.errors)) errors[code] = (errors[code] ?? 0) + n;
  const rss = runs.map((r) => r.rssMb).filter((x): x is number => typeof x === 'number');
  return {
    ...first,
    setupSeconds: med((r) => r.setupSeconds)!,
    sent: total((r) => r.sent),
    acked: total((r) => r.acked),
    refused: total((r) => r.refused),
    lost: total((r) => r.lost),
    errors,
    actionsPerSecond: med((r) => r.actionsPerSecond)!,
    ack: latency((r) => r.ack),
    own: latency((r) => r.own),
    team: latency((r) => r.team),
    loadGenLoopDelayP99: med((r) => r.loadGenLoopDelayP99)!,
    trace: [],
    rssMb: rss.length ? Math.max(...rss) : null,
    cpuMsPerCommand: med((r) => r.cpuMsPerCommand),
    ownP99Range: range,
  };
}

async function runLoad(target: Target, drills: number, seconds: number): Promise<LoadResult> {
  const cluster = await startCluster(target);
  try {
    let result: LoadResult | null = null;
    await runLoadGen(
      cluster,
      { drills: String(drills), seconds: String(seconds) },
      (line, measured) => {
        if (line.startsWith('{')) result = withMeasures(JSON.parse(line) as LoadResult, measured);
      },
    );
    if (result === null) throw new Error('the load generator printed no result');
    return result;
  } finally {
    await cluster.stop();
  }
}

interface KneeRun {
  target: Target;
  steps: (LoadResult & { players: number })[];
  knee: Knee | null;
  error?: string;
}

async function runKnee(
  target: Target,
  settings: { ladder: number[]; seconds: number; limit: number; refine: number },
): Promise<KneeRun> {
  const steps: KneeRun['steps'] = [];
  const knee = () =>
    kneeOf(
      steps.map((s) => ({ players: s.players, p99: s.own.p99, sent: s.sent, lost: s.lost })),
      settings.limit,
    );
  let cluster;
  try {
    cluster = await startCluster(target);
    await runLoadGen(
      cluster,
      {
        ladder: settings.ladder.join(','),
        seconds: String(settings.seconds),
        warmup: '2',
        limit: String(settings.limit),
        refine: String(settings.refine),
      },
      (line, measured) => {
        if (!line.startsWith('STEP ')) return;
        const step = withMeasures(JSON.parse(line.slice(5)) as LoadResult, measured);
        steps.push({ ...step, players: step.sockets });
        const over = overKnee(
          { players: step.sockets, p99: step.own.p99, sent: step.sent, lost: step.lost },
          settings.limit,
        );
        console.error(
          `  knee ${describe(target)}: ${step.sockets} players, own p99 ${step.own.p99} ms, lost ${step.lost}/${step.sent}${over ? ' (over)' : ''}`,
        );
      },
    );
    return { target, steps, knee: knee() };
  } catch (e) {
    return { target, steps, knee: knee(), error: (e as Error).message };
  } finally {
    await cluster?.stop();
  }
}

const envList = (name: string, fallback: string) =>
  (process.env[name] ?? fallback)
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0);

/** From this many players the load generator itself competes with the servers for the cores. */
const CROWDED_PLAYERS = 4000;

/** The diagnostic row: the same server without a durable store. */
const MEMORY_ROW = 'firedrill (in-memory store, not durable)';

export async function bench({ quick }: { quick: boolean }): Promise<BenchReport> {
  const drills = Number(process.env.BENCH_DRILLS ?? (quick ? 40 : 200));
  const players = 5;
  const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 8 : 15));
  const repeat = Math.max(1, Math.floor(Number(process.env.BENCH_REPEAT ?? 1)) || 1);
  const knee = {
    on: process.env.BENCH_KNEE !== '0',
    processes: envList('BENCH_KNEE_PROCESSES', '1,2'),
    ladder: envList(
      'BENCH_KNEE_LADDER',
      // Up to 5000 so that the bare server crosses the limit too and its knee is bounded.
      quick ? '50,100,200,400' : '50,100,250,500,1000,2000,3000,4000,5000',
    ),
    seconds: Number(process.env.BENCH_KNEE_STEP_SECONDS ?? (quick ? 5 : 8)),
    limit: Number(process.env.BENCH_KNEE_LIMIT_MS ?? 50),
    refine: Number(process.env.BENCH_KNEE_REFINE ?? 1),
  };
  const services = await servicesAvailable();
  const notes: string[] = [];
  const started = performance.now();
  const progress = (what: string) =>
    console.error(`load: ${what} (${Math.round((performance.now() - started) / 1000)} s)`);

  // 1. One process, 1,000 players.
  const fixed: [string, Target][] = [
    ['firedrill', { mode: 'firedrill', processes: 1, store: 'embedded', redis: false }],
    [MEMORY_ROW, { mode: 'firedrill', processes: 1, store: 'memory', redis: false }],
    ['firedrill (postgres)', { mode: 'firedrill', processes: 1, store: 'postgres', redis: false }],
    ['bare', { mode: 'bare', processes: 1, store: 'none', redis: false }],
  ];
  const chosen = fixed.filter(([, target]) => {
    if (target.store === 'memory') return process.env.BENCH_LOAD_MEMORY !== '0';
    if (target.store !== 'postgres') return true;
    if (process.env.BENCH_LOAD_POSTGRES === '0') return false;
    if (!services.postgres) notes.push('PostgreSQL did not answer: its row is left out');
    return services.postgres;
  });
  // Row after row, then again: drift on the machine falls on every row alike.
  const runs = new Map<string, LoadResult[]>(chosen.map(([label]) => [label, []]));
  for (let round = 1; round <= repeat; round++) {
    for (const [label, target] of chosen) {
      progress(
        `${label}, ${drills * players} players${repeat > 1 ? `, run ${round} of ${repeat}` : ''}`,
      );
      runs.get(label)!.push(await runLoad(target, drills, seconds));
    }
  }
  const one = chosen.map(([label]) => ({
    label,
    runs: runs.get(label)!,
    result: combine(runs.get(label)!),
  }));

  // 2. The knee, bare and Firedrill with the same process count and adapter.
  const knees: { processes: number; bare: KneeRun; firedrill: KneeRun }[] = [];
  if (knee.on) {
    for (const n of knee.processes) {
      if (n > 1 && !(services.redis && services.postgres)) {
        notes.push(`${n} processes left out: they need PostgreSQL and Redis, which did not answer`);
        continue;
      }
      const bare: Target = { mode: 'bare', processes: n, store: 'none', redis: n > 1 };
      const ours: Target =
        n > 1
          ? { mode: 'firedrill', processes: n, store: 'postgres', redis: true }
          : { mode: 'firedrill', processes: 1, store: 'embedded', redis: false };
      progress(`knee, ${describe(bare)}`);
      const b = await runKnee(bare, knee);
      progress(`knee, ${describe(ours)}`);
      const f = await runKnee(ours, knee);
      knees.push({ processes: n, bare: b, firedrill: f });
    }
  }
  progress('done');

  // Every run with its per-second trace, for a look afterwards.
  const resultsDir = join(import.meta.dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `load-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        drills,
        players,
        seconds,
        repeat,
        knee,
        oneProcess: one.map((o) => ({ label: o.label, runs: o.runs })),
        knees,
      },
      null,
      1,
    ),
  );

  const ms = (x: number | null) => (x === null ? '?' : x.toFixed(1));
  const ratio = (a: number | null, b: number | null) =>
    a !== null && b !== null && b > 0 ? `${(a / b).toFixed(2)}x` : '?';
  const mb = (x: number | null | undefined) => (x === null || x === undefined ? '?' : `${x} MB`);
  const row = (label: string, r: Row) => [
    label,
    String(r.sockets),
    String(r.sent),
    String(r.acked),
    String(r.refused),
    String(r.lost),
    String(r.actionsPerSecond),
    `${ms(r.ack.p50)} / ${ms(r.ack.p99)}`,
    `${ms(r.own.p50)} / ${ms(r.own.p99)}`,
    ...(repeat > 1 ? [`${ms(r.ownP99Range.min)}–${ms(r.ownP99Range.max)}`] : []),
    `${ms(r.team.p50)} / ${ms(r.team.p99)}`,
    mb(r.rssMb),
    r.cpuMsPerCommand === null || r.cpuMsPerCommand === undefined ? '?' : String(r.cpuMsPerCommand),
    ms(r.loadGenLoopDelayP99),
  ];
  const ours = one.find((o) => o.label === 'firedrill')?.result;
  const inMemory = one.find((o) => o.label === MEMORY_ROW)?.result;
  const bare = one.find((o) => o.label === 'bare')?.result;
  const stepsText = (k: KneeRun) =>
    k.steps
      .map((s) => `${s.players}:${s.own.p99 === null ? '?' : Math.round(s.own.p99)}`)
      .join(' ') + (k.error ? ` (stopped: ${k.error})` : '');
  const peakRss = (k: KneeRun) => Math.max(0, ...k.steps.map((s) => s.rssMb ?? 0)) || null;

  const tables: BenchReport['tables'] = [
    {
      title: `One process, ${drills * players} players: Firedrill vs a bare socket.io broadcast server (separate processes; latencies in ms${repeat > 1 ? `; median of ${repeat} runs` : ''})`,
      columns: [
        'server',
        'sockets',
        'sent',
        'acked',
        'refused',
        'lost',
        'act/s',
        'ack p50 / p99',
        'own update p50 / p99',
        ...(repeat > 1 ? ['own p99 min–max'] : []),
        'teammates p50 / p99',
        'peak RSS',
        'server CPU ms/command',
        'load-gen lag p99',
      ],
      rows: one.map((o) => row(o.label, o.result)),
    },
  ];
  if (knees.length > 0) {
    tables.push({
      title: `Knee: players at which own-update p99 crosses ${knee.limit} ms (bare and Firedrill with the same processes and adapter)`,
      columns: [
        'processes',
        'bare server',
        'bare knee',
        'Firedrill',
        'Firedrill knee',
        'knee ratio',
        'peak RSS bare / Firedrill',
      ],
      rows: knees.map((k) => [
        String(k.processes),
        k.processes > 1 ? 'redis adapter' : 'in-process',
        formatKnee(k.bare.knee),
        k.firedrill.target.store + (k.firedrill.target.redis ? ' + redis' : ''),
        formatKnee(k.firedrill.knee),
        kneeRatio(k.firedrill.knee, k.bare.knee),
        `${mb(peakRss(k.bare))} / ${mb(peakRss(k.firedrill))}`,
      ]),
      left: [1, 3],
    });
    tables.push({
      title: 'Knee steps (players:own p99 ms, in the order measured)',
      columns: ['run', 'steps'],
      rows: knees.flatMap((k) => [
        [describe(k.bare.target), stepsText(k.bare)],
        [describe(k.firedrill.target), stepsText(k.firedrill)],
      ]),
      left: [0, 1],
    });
  }

  notes.push(
    repeat > 1
      ? `each row is the median of ${repeat} runs (the rows took turns, so drift on the machine fell on all alike), the min–max of own-update p99 beside it; sent, acked, refused and lost are totals over the runs, peak RSS the highest`
      : 'each row is one run; single runs vary about 2x in p99 (BENCH_REPEAT=3 gives the median of 3)',
    `server CPU per command (user + system, while the load ran) is the figure least moved by other work on the machine: load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores at the end of the run`,
  );
  if (ours && bare)
    notes.push(
      `ratio firedrill / bare: own update p99 ${ratio(ours.own.p99, bare.own.p99)}, teammates p99 ${ratio(ours.team.p99, bare.team.p99)}, own update p50 ${ratio(ours.own.p50, bare.own.p50)} (aim: p99 within 2x)`,
    );
  if (inMemory)
    notes.push(
      `${MEMORY_ROW}: a diagnostic, for no aim; the same server keeping its events in memory only, so from bare to it is the engine's share of the latency (validation, state, views, patches) and from it to the embedded row the durable store's` +
        (ours && bare
          ? ` (own update p99: bare ${ms(bare.own.p99)}, in-memory ${ms(inMemory.own.p99)}, embedded ${ms(ours.own.p99)} ms)`
          : ''),
    );
  if (knees.length > 0)
    notes.push(
      `knee ratio = knee(Firedrill) / knee(bare) (aim: 0.7 or more); ladder ${knee.ladder.join(', ')} players, ${knee.seconds} s a step (the first 2 s not measured), climbing on the same servers, then ${knee.refine} step between the last under and the first over (the extra drills closed, so they are fewer sockets but their drills still exist); a step that loses over 1% counts as over`,
      'with several processes the players of one drill are dealt round-robin over them; RSS is summed over the processes; Firedrill on several processes runs on a PostgreSQL database made for the run and dropped after it',
    );
  const crowded = knee.ladder.filter((n) => n >= CROWDED_PLAYERS);
  if (knees.length > 0 && crowded.length > 0)
    notes.push(
      `at ${crowded.join(', ')} players the load generator shares the machine's ${availableParallelism()} cores with the servers and is near its own limit, so a knee found there (the bare server's) is a lower bound set by the machine, not the server's own`,
    );
  notes.push(
    "load-gen lag p99: the load generator's own event-loop delay; where it is high the load generator, not the server, sets the latencies",
  );
  if (ours)
    notes.push(
      `latencies exclude the first ${ours.warmupSeconds} s of load (warm-up), for both servers; sent, acked and lost count every action`,
      `lost (never answered): ${ours.lost} of ${ours.sent} (aim: none; of the aims here, the only one that sets the exit code); refused at once: ${ours.refused}${Object.keys(ours.errors).length ? `, errors ${JSON.stringify(ours.errors)}` : ''}; drill setup took ${ours.setupSeconds} s`,
    );
  notes.push(`per-second traces: ${join('bench', 'results', file.split('/').at(-1)!)}`);
  // The one aim that decides the exit code; the ratios above are aims to read, not to fail on.
  const notMet =
    ours && ours.lost > 0
      ? [
          `firedrill lost ${ours.lost} of ${ours.sent} actions at ${ours.sockets} players (aim: none)`,
        ]
      : [];
  return {
    title: `Server load: drills of ${players} players, each acting about once a second (${seconds} s at ${drills * players} players; knee steps ${knee.seconds} s)`,
    tables,
    notes,
    ok: notMet.length === 0,
    notMet,
  };
}
