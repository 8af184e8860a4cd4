// Load benchmark: the Firedrill server and a bare socket.io broadcast server, each in its
// own process, under the same load from a separate load process; figures and ratios.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

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
  lost: number;
  errors: Record<string, number>;
  actionsPerSecond: number;
  ack: { p50: number | null; p99: number | null };
  own: { p50: number | null; p99: number | null };
  team: { p50: number | null; p99: number | null };
  rssMb?: number | null;
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
    load.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((resolve) => load.once('exit', resolve));
    clearInterval(sampler);
    const last = out.trim().split('\n').at(-1) ?? '{}';
    return { ...(JSON.parse(last) as LoadResult), rssMb: peakRss || null };
  } finally {
    server.child.kill('SIGTERM');
  }
}

export async function loadBench(
  opts: { drills?: number; players?: number; seconds?: number } = {},
): Promise<void> {
  const drills = opts.drills ?? Number(process.env.BENCH_DRILLS ?? 200);
  const players = opts.players ?? 5;
  const seconds = opts.seconds ?? Number(process.env.BENCH_SECONDS ?? 20);
  console.log(
    `\n## Server load: ${drills} drills x ${players} players, each acting about once a second for ${seconds} s`,
  );
  console.log('(server and load generator in separate processes; latencies in ms)\n');
  const ours = await runLoad('firedrill', drills, players, seconds);
  const bare = await runLoad('bare', drills, players, seconds);
  const row = (r: LoadResult) =>
    `| ${r.mode.padEnd(9)} | ${String(r.sockets).padStart(7)} | ${String(r.sent).padStart(6)} | ${String(r.acked).padStart(6)} | ${String(r.lost).padStart(4)} | ${String(r.actionsPerSecond).padStart(5)} | ${r.ack.p50} / ${r.ack.p99} | ${r.own.p50} / ${r.own.p99} | ${r.team.p50} / ${r.team.p99} | ${r.rssMb ?? '?'} MB |`;
  console.log(
    '| server    | sockets |   sent |  acked | lost | act/s | ack p50 / p99 | own update p50 / p99 | teammates p50 / p99 | server RSS |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  console.log(row(ours));
  console.log(row(bare));
  const ratio = (a: number | null, b: number | null) =>
    a !== null && b !== null && b > 0 ? (a / b).toFixed(2) : '?';
  console.log(
    `\nratio firedrill / bare: own p99 ${ratio(ours.own.p99, bare.own.p99)}x, teammates p99 ${ratio(ours.team.p99, bare.team.p99)}x, p50 ${ratio(ours.own.p50, bare.own.p50)}x (aim: p99 within 2x)`,
  );
  console.log(
    `lost: ${ours.lost} of ${ours.sent} (${((100 * ours.lost) / Math.max(1, ours.sent)).toFixed(2)}%)${Object.keys(ours.errors).length ? `, errors ${JSON.stringify(ours.errors)}` : ''}; setup ${ours.setupSeconds} s`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await loadBench();
}
