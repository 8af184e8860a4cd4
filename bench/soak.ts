// Soak benchmark (run only when named: `npm run bench -- soak`): Firedrill in cluster mode,
// BENCH_SOAK_PROCESSES (2) processes on a PostgreSQL database made for the run and Redis,
// under steady load (BENCH_SOAK_PLAYERS, 400) for BENCH_SOAK_MINUTES (5). The population of
// drills is steady, not the drills: each lives BENCH_SOAK_DRILL_SECONDS (60), then is ended
// by its facilitator, its players leave, and a new drill takes its place; the servers unload
// a drill nobody is connected to after BENCH_SOAK_IDLE_UNLOAD_SECONDS (10). Per window of
// BENCH_SOAK_WINDOW_SECONDS (30): p50/p99 of the players' actions (setup apart), drills
// started and ended, each process's RSS, heap and drills open (hosted + followed, from its
// /metrics); at the end the least-squares trend of RSS and p99 per minute once settled
// (BENCH_SOAK_SETTLE_SECONDS, default two drill lifetimes), and a verdict.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  describe,
  rssMb,
  runLoadGen,
  servicesAvailable,
  startCluster,
  type Target,
} from './load/processes.ts';
import { drillGauges, trendOf, type DrillGauges } from './load/stats.ts';
import type { BenchReport } from './report.ts';

interface Window {
  index: number;
  fromSecond: number;
  toSecond: number;
  sent: number;
  acked: number;
  lost: number;
  own: { p50: number | null; p99: number | null };
  team: { p50: number | null; p99: number | null };
  loadGenLoopDelayP99: number;
  drillsLive?: number;
  drillsStarted?: number;
  drillsEnded?: number;
  setupsFailed?: number;
  setupMs?: { p50: number | null; p99: number | null };
}

interface Measured extends Window {
  /** Peak RSS of each process during the window, MB. */
  rssMb: (number | null)[];
  /** Heap used by each process at the end of the window, MB (as it last printed it). */
  heapMb: (number | null)[];
  /** V8's heap size and the memory outside it (buffers), MB, likewise: what RSS is made of. */
  heapTotalMb: (number | null)[];
  externalMb: (number | null)[];
  /** Drills open in each process (from its /metrics) when the window was reported. */
  open: (DrillGauges | null)[];
}

const openText = (g: DrillGauges | null) =>
  g === null ? '?' : `${g.host ?? '?'}+${g.follower ?? '?'} (${g.running ?? '?'})`;

export async function bench({ quick }: { quick: boolean }): Promise<BenchReport> {
  const minutes = Number(process.env.BENCH_SOAK_MINUTES ?? (quick ? 1 : 5));
  const players = Number(process.env.BENCH_SOAK_PLAYERS ?? (quick ? 100 : 400));
  const processes = Number(process.env.BENCH_SOAK_PROCESSES ?? 2);
  const windowSeconds = Number(process.env.BENCH_SOAK_WINDOW_SECONDS ?? (quick ? 10 : 30));
  const drills = Math.ceil(players / 5);
  const drillSeconds = Number(process.env.BENCH_SOAK_DRILL_SECONDS ?? (quick ? 20 : 60));
  const idleUnloadSeconds = Number(process.env.BENCH_SOAK_IDLE_UNLOAD_SECONDS ?? 10);
  const seconds = Math.round(minutes * 60);
  const title = `Soak: Firedrill, ${processes} processes in cluster mode, ${drills * 5} players (${drills} drills of ${drillSeconds} s, turned over) for ${minutes} min`;

  const services = await servicesAvailable();
  if (!services.postgres || !services.redis) {
    return {
      title,
      tables: [],
      notes: [`not run: it needs PostgreSQL and Redis (answered: ${JSON.stringify(services)})`],
      ok: false,
      notMet: ['not run (it needs PostgreSQL and Redis)'],
    };
  }
  const target: Target = { mode: 'firedrill', processes, store: 'postgres', redis: true };
  const cluster = await startCluster(target, {
    BENCH_MEMORY_EVERY_MS: '2000',
    IDLE_UNLOAD_SECONDS: String(idleUnloadSeconds),
  });
  const windows: Measured[] = [];
  let result: { sent: number; lost: number; own: { p50: number | null; p99: number | null } } = {
    sent: 0,
    lost: 0,
    own: { p50: null, p99: null },
  };
  // Peak RSS of each process since the last window was reported.
  let peaks = cluster.pids.map(() => 0);
  const sampler = setInterval(() => {
    peaks = cluster.pids.map((pid, i) => Math.max(peaks[i]!, rssMb(pid) ?? 0));
  }, 1000);
  // The drills open in each process, as its /metrics last said.
  const open: (DrillGauges | null)[] = cluster.urls.map(() => null);
  const scrape = () =>
    cluster.urls.forEach((url, i) => {
      fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })
        .then((res) => res.text())
        .then((text) => (open[i] = drillGauges(text)))
        .catch(() => (open[i] = null));
    });
  const scraper = setInterval(scrape, 5000);
  const started = performance.now();
  try {
    console.error(`soak: ${describe(target)}, ${drills * 5} players, ${minutes} min`);
    await runLoadGen(
      cluster,
      {
        drills: String(drills),
        seconds: String(seconds),
        window: String(windowSeconds),
        lifetime: String(drillSeconds),
      },
      (line) => {
        if (line.startsWith('WINDOW ')) {
          const w = JSON.parse(line.slice(7)) as Window;
          // The window is reported some seconds after it ends (its answers had to come back),
          // so the RSS peak covers a little of the next one as well.
          const m: Measured = {
            ...w,
            rssMb: peaks.map((p) => p || null),
            heapMb: cluster.servers.map((s) => s.memory?.heapUsedMb ?? null),
            heapTotalMb: cluster.servers.map((s) => s.memory?.heapTotalMb ?? null),
            externalMb: cluster.servers.map((s) => s.memory?.externalMb ?? null),
            open: [...open],
          };
          peaks = cluster.pids.map(() => 0);
          windows.push(m);
          console.error(
            `  ${w.fromSecond}-${w.toSecond} s: own p50 ${w.own.p50} p99 ${w.own.p99} ms, lost ${w.lost}, drills +${w.drillsStarted} -${w.drillsEnded} (setup p99 ${w.setupMs?.p99} ms), open ${m.open.map(openText).join(' / ')}, RSS ${m.rssMb.join(' + ')} MB, heap ${m.heapMb.join(' + ')} MB (${Math.round((performance.now() - started) / 1000)} s)`,
          );
        } else if (line.startsWith('{')) {
          result = JSON.parse(line) as typeof result;
        }
      },
    );
  } finally {
    clearInterval(sampler);
    clearInterval(scraper);
    await cluster.stop();
  }

  // The population of drills and V8's heap take a while to settle (the first drills have to
  // end and be replaced, the heap grows to what the allocation rate needs): the verdict is
  // the trend after that; the trend over every window but the first is printed beside it.
  const settleSeconds = Number(
    process.env.BENCH_SOAK_SETTLE_SECONDS ?? Math.max(windowSeconds, 2 * drillSeconds),
  );
  const total = (xs: (number | null)[]) => xs.reduce<number>((s, x) => s + (x ?? 0), 0);
  const points = (ws: Measured[]) =>
    ws.map((w) => ({
      minute: (w.fromSecond + w.toSecond) / 120,
      rssMb: total(w.rssMb),
      p99: w.own.p99,
    }));
  const trend = trendOf(points(windows.filter((w) => w.fromSecond >= settleSeconds)));
  const whole = trendOf(points(windows.slice(1)));
  const resultsDir = join(import.meta.dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify({ target, players, minutes, settleSeconds, windows, trend, whole }, null, 1),
  );

  const notMet = [
    ...(trend.growth ? [`${trend.verdict} once settled`] : []),
    ...(result.lost > 0 ? [`lost ${result.lost} of ${result.sent} actions (aim: none)`] : []),
  ];
  const n = (x: number | null) => (x === null ? '?' : String(Math.round(x * 10) / 10));
  const perProcess = (xs: (number | null)[]) => xs.map(n).join(' / ');
  const slope = (x: number | null, unit: string) =>
    x === null ? '?' : `${x >= 0 ? '+' : ''}${x.toFixed(2)} ${unit}/min`;
  return {
    title,
    tables: [
      {
        title: `Per ${windowSeconds} s window (latencies in ms; RSS peak and heap used in MB, per process)`,
        columns: [
          'window',
          'sent',
          'lost',
          'own p50 / p99',
          'teammates p99',
          'drills +/- (setup p99)',
          'open: host+follower (running)',
          'RSS',
          'heap used',
          'heap total',
          'external',
          'load-gen lag p99',
        ],
        rows: windows.map((w) => [
          `${w.fromSecond}-${w.toSecond} s`,
          String(w.sent),
          String(w.lost),
          `${n(w.own.p50)} / ${n(w.own.p99)}`,
          n(w.team.p99),
          `+${w.drillsStarted ?? '?'} -${w.drillsEnded ?? '?'} (${n(w.setupMs?.p99 ?? null)})`,
          w.open.map(openText).join(' / '),
          perProcess(w.rssMb),
          perProcess(w.heapMb),
          perProcess(w.heapTotalMb),
          perProcess(w.externalMb),
          n(w.loadGenLoopDelayP99),
        ]),
      },
    ],
    notes: [
      `trend (least squares over the windows from ${settleSeconds} s, once settled; BENCH_SOAK_SETTLE_SECONDS): RSS (all processes) ${slope(trend.rssMbPerMinute, 'MB')}, own-update p99 ${slope(trend.p99MsPerMinute, 'ms')}: ${trend.verdict}`,
      `trend over every window but the first, settling included: RSS ${slope(whole.rssMbPerMinute, 'MB')}, p99 ${slope(whole.p99MsPerMinute, 'ms')}: ${whole.verdict}`,
      'a growth trend is a slope above both 2 MB/min and 1% of the mean RSS a minute, or above both 1 ms/min and 5% of the mean p99 a minute',
      `whole run: own update p50 ${n(result.own.p50)} / p99 ${n(result.own.p99)} ms, lost ${result.lost} of ${result.sent}`,
      `each drill lives ${drillSeconds} s (the first ones end staggered), then its facilitator ends it, its players leave and a new drill takes its place; the servers unload a drill nobody is connected to after ${idleUnloadSeconds} s. Latencies are the players' actions only: setup (create, joins, roles, start, first views) is timed apart, per drill`,
      'drills open per process: hosted + followed (running: hosted and not ended), from its /metrics when the window was reported',
      `the players of each drill are dealt round-robin over the ${processes} processes; per-window figures: ${join('bench', 'results', file.split('/').at(-1)!)}`,
    ],
    ok: notMet.length === 0,
    notMet,
  };
}
