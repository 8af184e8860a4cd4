// The runner's side of the load and soak benchmarks: start the servers under test (one or
// several processes, with a fresh PostgreSQL database and Redis when asked), run the load
// generator against them, and read CPU and RSS from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { createClient } from 'redis';

const here = import.meta.dirname;
const tsx = ['--import', 'tsx'];
/** Extra node flags for the Firedrill server processes only (a diagnostic; see load.ts). */
const serverNodeFlags = (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);

/** Where the benchmarks find PostgreSQL (a maintenance database) and Redis. */
export const POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** What is under load: which server, how many processes, on which store. */
export interface Target {
  mode: 'firedrill' | 'bare';
  processes: number;
  /**
   * Firedrill's store; the bare server has none. 'memory' keeps the events in memory only (not
   * durable): a diagnostic that shows what the durable store costs.
   */
  store: 'embedded' | 'postgres' | 'memory' | 'none';
  /** The socket.io Redis adapter (and, for Firedrill, cluster mode). */
  redis: boolean;
}

export function describe(t: Target): string {
  const parts = [t.mode, `${t.processes} proc`];
  if (t.store !== 'none') parts.push(t.store);
  if (t.redis) parts.push('redis');
  return parts.join(', ');
}

/** CPU seconds (user + system) a process has used, from /proc. */
export function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

export function rssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** The last heap figures it printed (with BENCH_MEMORY_EVERY_MS). */
  memory: { heapUsedMb: number; heapTotalMb: number; externalMb: number } | null;
}

function startProcess(file: string, env: Record<string, string>): Promise<ServerProcess> {
  const flags = file === 'server-process.ts' ? serverNodeFlags : [];
  const child = spawn(process.execPath, [...flags, ...tsx, join(here, file)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const server: ServerProcess = { child, url: '', memory: null };
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) {
        server.url = line.slice(6).trim();
        resolve(server);
      } else if (line.startsWith('MEMORY ')) {
        server.memory = JSON.parse(line.slice(7)) as ServerProcess['memory'];
      }
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

/** PostgreSQL and Redis answer? (Else the rows that need them are left out.) */
export async function servicesAvailable(): Promise<{ postgres: boolean; redis: boolean }> {
  const postgres = await (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  const redis = await (async () => {
    const client = createClient({
      url: REDIS_URL,
      socket: { connectTimeout: 3000, reconnectStrategy: false },
    });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      return true;
    } catch {
      return false;
    } finally {
      await client.quit().catch(() => {});
    }
  })();
  return { postgres, redis };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface Cluster {
  target: Target;
  servers: ServerProcess[];
  urls: string[];
  pids: number[];
  stop(): Promise<void>;
}

/**
 * Starts the target's processes: for Firedrill on PostgreSQL, on a database created for the
 * run (and dropped by stop()); the first process alone (it creates the schema), the others
 * then together.
 */
export async function startCluster(
  target: Target,
  extraEnv: Record<string, string> = {},
): Promise<Cluster> {
  const file = target.mode === 'bare' ? 'bare-server.ts' : 'server-process.ts';
  let database: string | null = null;
  const env: Record<string, string> = { ...extraEnv };
  // The runner's own environment must not leak a database or Redis into a run without them.
  env.DATABASE_URL = '';
  env.REDIS_URL = '';
  env.BENCH_SERVER_STORE = target.store === 'memory' ? 'memory' : '';
  if (target.store === 'postgres') {
    database = `firedrill_bench_${randomBytes(6).toString('hex')}`;
    await admin(`CREATE DATABASE ${database}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${database}`;
    env.DATABASE_URL = url.toString();
  }
  if (target.redis) env.REDIS_URL = REDIS_URL;
  const servers: ServerProcess[] = [];
  const stop = async () => {
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
            const timer = setTimeout(() => (s.child.kill('SIGKILL'), resolve()), 5000);
            s.child.once('exit', () => (clearTimeout(timer), resolve()));
          }),
      ),
    );
    if (database) await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  };
  try {
    servers.push(await startProcess(file, env));
    const rest = await Promise.all(
      Array.from({ length: target.processes - 1 }, () => startProcess(file, env)),
    );
    servers.push(...rest);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    target,
    servers,
    urls: servers.map((s) => s.url),
    pids: servers.map((s) => s.child.pid!),
    stop,
  };
}

const sum = (xs: (number | null)[]) =>
  xs.some((x) => x === null) ? null : xs.reduce<number>((s, x) => s + x!, 0);

/** Total CPU seconds and RSS of a cluster's processes (null when one could not be read). */
export const clusterCpu = (c: Cluster) => sum(c.pids.map(cpuSeconds));
export const clusterRss = (c: Cluster) => sum(c.pids.map(rssMb));

/**
 * Runs the load generator against a cluster; `onLine` sees each line it prints. Around each
 * "LOAD START" / "LOAD END" pair it measures the servers' CPU seconds and peak total RSS,
 * passed to `onLine` with the line that follows the pair (the result or STEP line).
 */
export async function runLoadGen(
  cluster: Cluster,
  args: Record<string, string>,
  onLine: (line: string, measured: { cpuSeconds: number | null; peakRssMb: number | null }) => void,
): Promise<void> {
  const load = spawn(
    process.execPath,
    [
      ...tsx,
      join(here, 'load-gen.ts'),
      '--mode',
      cluster.target.mode,
      '--url',
      cluster.urls.join(','),
      ...Object.entries(args).flatMap(([k, v]) => [`--${k}`, v]),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let peak = 0;
  let cpuStart: number | null = null;
  let measured = { cpuSeconds: null as number | null, peakRssMb: null as number | null };
  const sampler = setInterval(() => {
    peak = Math.max(peak, clusterRss(cluster) ?? 0);
  }, 500);
  const lines = createInterface({ input: load.stdout });
  lines.on('line', (line) => {
    if (line === 'LOAD START') {
      peak = clusterRss(cluster) ?? 0;
      cpuStart = clusterCpu(cluster);
    } else if (line === 'LOAD END') {
      const cpuEnd = clusterCpu(cluster);
      peak = Math.max(peak, clusterRss(cluster) ?? 0);
      measured = {
        cpuSeconds: cpuStart !== null && cpuEnd !== null ? cpuEnd - cpuStart : null,
        peakRssMb: peak || null,
      };
    } else {
      onLine(line, measured);
    }
  });
  const [code] = await Promise.all([
    new Promise<number | null>((resolve) => load.once('exit', resolve)),
    new Promise((resolve) => lines.once('close', resolve)),
  ]);
  clearInterval(sampler);
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
}
