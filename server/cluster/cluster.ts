// Several server processes: what one process opens to work with the others (set REDIS_URL
// with DATABASE_URL). The socket.io Redis adapter carries what goes to sockets anywhere
// (presence for the facilitator, closing a revoked seat's sockets); the drill bus carries
// drills' events and forwarded commands; leases in PostgreSQL say which process hosts a drill.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import { redisBus, type DrillBus } from './bus.ts';
import { clusterHosting } from './cluster-hosting.ts';
import { postgresLeases, type LeaseStore } from './leases.ts';

export interface Cluster {
  node: string;
  bus: DrillBus;
  leases: LeaseStore;
  /** For `new Server(http, { adapter })`. */
  adapter: ReturnType<typeof createAdapter>;
  hosting: ReturnType<typeof clusterHosting>;
  close(): Promise<void>;
}

export interface ClusterConfig {
  redisUrl: string;
  databaseUrl: string;
  leaseSeconds: number;
  node?: string;
  logger: Logger;
}

export async function openCluster(config: ClusterConfig): Promise<Cluster> {
  const { logger } = config;
  const node =
    config.node ??
    `${hostname().replace(/[^A-Za-z0-9._-]/g, '') || 'node'}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const onError = (err: unknown) => logger.warn({ err }, 'redis');
  const pub = createClient({ url: config.redisUrl });
  const sub = pub.duplicate();
  pub.on('error', onError);
  sub.on('error', onError);
  await Promise.all([pub.connect(), sub.connect()]);
  const bus = await redisBus(config.redisUrl, node, onError);
  const leases = postgresLeases(config.databaseUrl, config.leaseSeconds * 1000);
  logger.info({ node }, 'joined the cluster');
  return {
    node,
    bus,
    leases,
    adapter: createAdapter(pub, sub),
    hosting: clusterHosting({ bus, leases, logger }),
    async close() {
      await bus.close();
      await leases.close();
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
