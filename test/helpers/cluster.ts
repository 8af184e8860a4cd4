// Several real server processes on one PostgreSQL and one Redis, and a round-robin TCP load
// balancer in front of them that skips a dead process, as a real one would.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { createClient } from 'redis';

export const DATABASE_URL =
  process.env.DATABASE_TEST_URL ??
  process.env.DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

/** Why PostgreSQL or Redis cannot be used, or null when both answer. */
export async function clusterUnavailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    return `PostgreSQL at ${DATABASE_URL.replace(/\/\/[^@]*@/, '//')}: ${(err as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
  const redis = createClient({
    url: REDIS_URL,
    socket: { connectTimeout: 3000, reconnectStrategy: false },
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    return `Redis at ${REDIS_URL}: ${(err as Error).message}`;
  } finally {
    await redis.quit().catch(() => {});
  }
  return null;
}

/** A schema of its own for one test file: a database URL whose search_path is that schema. */
export async function freshSchema(): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `cluster_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: DATABASE_URL });
    await c.connect();
    try {
      return await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  const sep = DATABASE_URL.includes('?') ? '&' : '?';
  return {
    url: `${DATABASE_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    drop: async () => void (await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)),
  };
}

export interface NodeProcess {
  node: string;
  url: string;
  port: number;
  child: ChildProcess;
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>;
}

export function startNode(node: string, env: Record<string, string>): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/cluster-node.ts'], {
    env: { ...process.env, ...env, NODE_ID: node, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.startsWith('READY ')) return;
      const url = line.slice(6).trim();
      resolve({ node, url, port: Number(new URL(url).port), child, exited });
    });
    void exited.then((code) => reject(new Error(`${node} exited with ${code} before it listened`)));
  });
}

export interface Balancer {
  url: string;
  /** Which backend each accepted connection went to, in order. */
  routed: number[];
  close(): Promise<void>;
}

/** Round-robin over the ports; a backend that refuses the connection is skipped. */
export async function balancer(ports: () => number[]): Promise<Balancer> {
  let next = 0;
  const routed: number[] = [];
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.pause();
    const candidates = ports();
    const tryAt = (attempt: number) => {
      if (attempt >= candidates.length) return client.destroy();
      const port = candidates[next++ % candidates.length]!;
      const upstream = createConnection({ host: '127.0.0.1', port });
      upstream.once('error', () => {
        upstream.destroy();
        tryAt(attempt + 1);
      });
      upstream.once('connect', () => {
        routed.push(port);
        open.add(upstream);
        upstream.on('close', () => {
          open.delete(upstream);
          client.destroy();
        });
        upstream.removeAllListeners('error');
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryAt(0);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    routed,
    close: () =>
      new Promise<void>((r) => {
        for (const s of open) s.destroy();
        server.close(() => r());
      }),
  };
}
