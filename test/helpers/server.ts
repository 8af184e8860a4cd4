// Boots a real Firedrill server on an ephemeral port for integration tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startServer, type RunningServer } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { EventStore } from '../../server/store/event-store.ts';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** Stops the server; keeps the data dir unless `wipe`. */
  stop(wipe?: boolean): Promise<void>;
}

/** How every test server is configured, in this process or in its own (cluster-node.ts). */
export const TEST_SERVER_ENV: Record<string, string> = {
  PORT: '0',
  HOST: '127.0.0.1',
  SCENARIOS_DIR: 'test/fixtures',
  CLIENT_DIR: 'dist',
  LOG_LEVEL: 'silent',
  TICK_SECONDS: '0.2',
  // Every test client comes from 127.0.0.1: per-address limits are tested where they matter.
  HANDSHAKES_PER_MINUTE: '100000',
  MAX_SOCKETS_PER_ADDRESS: '100000',
  MAX_DRILLS_PER_ADDRESS: '100000',
};

export async function bootServer(
  env: Record<string, string> = {},
  store?: EventStore,
): Promise<TestServer> {
  const dataDir = env.DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'firedrill-test-')));
  const config = loadConfig({ ...TEST_SERVER_ENV, DATA_DIR: dataDir, ...env });
  const server = await startServer({
    config,
    ...(store ? { store } : {}),
    logger: pino({ level: 'silent' }),
  });
  return Object.assign(server, {
    dataDir,
    async stop(wipe = true) {
      await server.close();
      if (wipe) await rm(dataDir, { recursive: true, force: true });
    },
  });
}

export async function post<T>(
  base: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}
