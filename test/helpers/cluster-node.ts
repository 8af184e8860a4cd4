// One Firedrill server process for the multi-process tests: configured from its environment
// like the real one, it prints "READY <url>" once it listens and stops cleanly on SIGTERM.
import pino from 'pino';
import { startServer } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';

const server = await startServer({
  config: loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SCENARIOS_DIR: 'test/fixtures',
    CLIENT_DIR: 'dist',
    LOG_LEVEL: 'silent',
    TICK_SECONDS: '0.2',
    HANDSHAKES_PER_MINUTE: '100000',
    MAX_SOCKETS_PER_ADDRESS: '100000',
    MAX_DRILLS_PER_ADDRESS: '100000',
    ...process.env,
  }),
  logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
});
console.log(`READY ${server.url}`);
process.once('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
