// The Firedrill server under load, in its own process. Prints "READY <url>". Passes on
// DATABASE_URL, REDIS_URL (cluster mode) and IDLE_UNLOAD_SECONDS from its environment;
// BENCH_SERVER_STORE=memory (set by the runner for one diagnostic row) keeps the events in
// memory instead of a durable store. BENCH_TRACE_GC=1 prints to stderr the GC pauses over
// 4 ms and event-loop stalls over 8 ms as they happen (seconds since the process started),
// and at exit the store's commit count and mean batch size from /metrics.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { openMemoryStore } from '../../server/store/memory.ts';
import { reportMemory } from './memory.ts';
import { storeBatches } from './stats.ts';
import { GC_PAUSE_MS, STALL_MS, traceGcAndStalls } from './trace.ts';

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

const say = (line: string) => process.stderr.write(`server ${process.pid}: ${line}\n`);
// From READY on: the load is what matters, not the store opening. The times count from the
// process start, as the ready line says.
const stopTrace = process.env.BENCH_TRACE_GC === '1' ? traceGcAndStalls(say) : null;
if (stopTrace) say(`ready at ${(performance.now() / 1000).toFixed(1)} s`);

/** The totals of the trace, and the store's group commits while the server still answers. */
async function traceSummary(stop: NonNullable<typeof stopTrace>): Promise<void> {
  const t = stop();
  say(
    `${t.gcPauses} GC pauses over ${GC_PAUSE_MS} ms (${t.gcMs.toFixed(0)} ms in all), ${t.stalls} event-loop stalls over ${STALL_MS} ms (${t.stallMs.toFixed(0)} ms in all)`,
  );
  try {
    const res = await fetch(`${server.url}/metrics`, { signal: AbortSignal.timeout(2000) });
    const { commits, meanBatch } = storeBatches(await res.text());
    say(`store: ${commits ?? '?'} group commits, mean batch ${meanBatch ?? '?'} appends`);
  } catch (e) {
    say(`store: no metrics (${(e as Error).message})`);
  }
}

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    // Ctrl-C reaches this process and the runner, which then sends SIGTERM too.
    if (closing) return;
    closing = true;
    (stopTrace ? traceSummary(stopTrace) : Promise.resolve())
      .then(() => server.close())
      // Each run makes a new database of tens of MB: leave none behind in the temp dir.
      .finally(() => rm(dataDir, { recursive: true, force: true }).catch(() => {}))
      .finally(() => process.exit(0));
  });
}
