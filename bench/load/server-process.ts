// The Firedrill server under load, in its own process. Prints "READY <url>". Passes on
// DATABASE_URL, REDIS_URL (cluster mode) and IDLE_UNLOAD_SECONDS from its environment;
// BENCH_SERVER_STORE=memory (set by the runner for one diagnostic row) keeps the events in
// memory instead of a durable store.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { openMemoryStore } from '../../server/store/memory.ts';
import { reportMemory } from './memory.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'firedrill-bench-'));
const server = await startServer({
  ...(process.env.BENCH_SERVER_STORE === 'memory' ? { store: openMemoryStore() } : {}),
  config: loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SCENARIOS_DIR: join(import.meta.dirname, 'scenarios'),
    LOG_LEVEL: 'warn',
    COMMANDS_PER_SECOND: '1000',
    JOIN_ATTEMPTS_PER_MINUTE: '100000',
    DRILLS_PER_MINUTE: '100000',
    // Every simulated client comes from 127.0.0.1: lift the per-address limits.
    HANDSHAKES_PER_MINUTE: '100000',
    MAX_SOCKETS_PER_ADDRESS: '100000',
    MAX_DRILLS_PER_ADDRESS: '100000',
    MAX_DRILLS: '100000',
    // The soak unloads ended drills soon after their last player has left.
    ...(process.env.IDLE_UNLOAD_SECONDS
      ? { IDLE_UNLOAD_SECONDS: process.env.IDLE_UNLOAD_SECONDS }
      : {}),
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    // Cluster mode (several processes sharing the database and a Redis) turns on with it.
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  }),
});
console.log(`READY ${server.url}`);
reportMemory();
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    server.close().finally(() => process.exit(0));
  });
}
