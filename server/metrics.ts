// Prometheus metrics: one registry per server instance (tests run several in a process).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'firedrill_process_' });
  const drillsRunning = new Gauge({
    name: 'firedrill_drills_running',
    help: 'Drills open in this process (hosted or followed) and not ended',
    registers: [registry],
  });
  const drillsOpen = new Gauge({
    name: 'firedrill_drills_open',
    help: 'Drills open in this process: hosted here, or followed from the process hosting them',
    labelNames: ['as'],
    registers: [registry],
  });
  const playersConnected = new Gauge({
    name: 'firedrill_sockets_connected',
    help: 'Connected sockets',
    labelNames: ['seat'],
    registers: [registry],
  });
  const commands = new Counter({
    name: 'firedrill_commands_total',
    help: 'Commands handled',
    labelNames: ['type', 'result'],
    registers: [registry],
  });
  const commandLatency = new Histogram({
    name: 'firedrill_command_latency_seconds',
    help: 'From a command received to its acknowledgement',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const storeLatency = new Histogram({
    name: 'firedrill_store_commit_seconds',
    help: 'Duration of one group commit',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5],
    registers: [registry],
  });
  const batchSize = new Histogram({
    name: 'firedrill_store_batch_size',
    help: 'Appends per group commit',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
    registers: [registry],
  });
  const limited = new Counter({
    name: 'firedrill_limit_refusals_total',
    help: 'Handshakes, sockets and drills refused, replaced or cut off by a limit',
    labelNames: ['limit'],
    registers: [registry],
  });
  return {
    registry,
    drillsRunning,
    drillsOpen,
    playersConnected,
    commands,
    commandLatency,
    storeLatency,
    batchSize,
    limited,
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
