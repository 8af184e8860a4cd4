// Load benchmark: the Firedrill server and a bare socket.io broadcast server, each in its
// own process, under the same load from a separate load process; figures and ratios.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { BenchReport } from './report.ts';

const here = join(import.meta.dirname, 'load');
const tsx = ['--import', 'tsx'];

function startProcess(
  file: string,
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...tsx, join(here, file)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) resolve({ child, url: line.slice(6).trim() });
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function rssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

interface LoadResult {
  mode: string;
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
  ack: { p50: number | null; p99: number | null };
  own: { p50: number | null; p99: number | null };
  team: { p50: number | null; p99: number | null };
  rssMb?: number | null;
  /** Server CPU milliseconds per acknowledged command while the load ran. */
  cpuMsPerCommand?: number | null;
}

async function runLoad(
  mode: 'firedrill' | 'bare',
  drills: number,
  players: number,
  seconds: number,
): Promise<LoadResult> {
  const server = await startProcess(mode === 'bare' ? 'bare-server.ts' : 'server-process.ts');
  try {
    const load = spawn(
      process.execPath,
      [
        ...tsx,
        join(here, 'load-gen.ts'),
        '--mode',
        mode,
        '--url',
        server.url,
        '--drills',
        String(drills),
        '--players',
        String(players),
        '--seconds',
        String(seconds),
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssMb(server.child.pid!) ?? 0);
    }, 500);
    let cpuStart: number | null = null;
    let cpuEnd: number | null = null;
    load.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (cpuStart === null && out.includes('LOAD START')) cpuStart = cpuSeconds(server.child.pid!);
      if (cpuEnd === null && out.includes('LOAD END')) cpuEnd = cpuSeconds(server.child.pid!);
    });
    await new Promise((resolve) => load.once('exit', resolve));
    clearInterval(sampler);
    const last = out.trim().split('\n').at(-1) ?? '{}';
    const result = JSON.parse(last) as LoadResult;
    const cpu = cpuStart !== null && cpuEnd !== null ? cpuEnd - cpuStart : null;
    return {
      ...result,
      rssMb: peakRss || null,
      cpuMsPerCommand:
        cpu !== null && result.acked > 0 ? Math.round((cpu * 1e5) / result.acked) / 100 : null,
    };
  } finally {
    server.child.kill('SIGTERM');
  }
}

export async function bench({ quick }: { quick: boolean }): Promise<BenchReport> {
  const drills = Number(process.env.BENCH_DRILLS ?? (quick ? 40 : 200));
  const players = 5;
  const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 8 : 20));
  const ours = await runLoad('firedrill', drills, players, seconds);
  const bare = await runLoad('bare', drills, players, seconds);
  const ms = (x: number | null) => (x === null ? '?' : x.toFixed(1));
  const ratio = (a: number | null, b: number | null) =>
    a !== null && b !== null && b > 0 ? `${(a / b).toFixed(2)}x` : '?';
  const row = (r: LoadResult) => [
    r.mode,
    String(r.sockets),
    String(r.sent),
    String(r.acked),
    String(r.refused),
    String(r.lost),
    String(r.actionsPerSecond),
    `${ms(r.ack.p50)} / ${ms(r.ack.p99)}`,
    `${ms(r.own.p50)} / ${ms(r.own.p99)}`,
    `${ms(r.team.p50)} / ${ms(r.team.p99)}`,
    r.rssMb === null || r.rssMb === undefined ? '?' : `${r.rssMb} MB`,
    r.cpuMsPerCommand === null || r.cpuMsPerCommand === undefined ? '?' : String(r.cpuMsPerCommand),
  ];
  return {
    title: `Server load: ${drills} drills x ${players} players, each acting about once a second for ${seconds} s`,
    tables: [
      {
        title:
          'Firedrill server vs a bare socket.io broadcast server (separate processes; latencies in ms)',
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
          'teammates p50 / p99',
          'peak RSS',
          'server CPU ms/command',
        ],
        rows: [row(ours), row(bare)],
      },
    ],
    notes: [
      `server CPU per command (user + system, while the load ran) is the figure least moved by other work on the machine: load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores at the end of the run`,
      `ratio firedrill / bare: own update p99 ${ratio(ours.own.p99, bare.own.p99)}, teammates p99 ${ratio(ours.team.p99, bare.team.p99)}, own update p50 ${ratio(ours.own.p50, bare.own.p50)} (aim: p99 within 2x)`,
      `latencies exclude the first ${ours.warmupSeconds} s of load (warm-up), for both servers; sent, acked and lost count every action`,
      `lost (never answered): ${ours.lost} of ${ours.sent} (aim: none); refused at once: ${ours.refused}${Object.keys(ours.errors).length ? `, errors ${JSON.stringify(ours.errors)}` : ''}; drill setup took ${ours.setupSeconds} s`,
    ],
    ok: ours.lost === 0,
  };
}
