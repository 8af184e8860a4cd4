// One Firedrill server process for the multi-process tests: configured from its environment
// like the real one, it prints "READY <url>" once it listens and stops cleanly on SIGTERM.
import pino from 'pino';
import { startServer } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { TEST_SERVER_ENV } from './server.ts';

const server = await startServer({
  config: loadConfig({ ...TEST_SERVER_ENV, ...process.env }),
  logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
});
console.log(`READY ${server.url}`);
process.once('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
