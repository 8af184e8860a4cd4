// Entry point: parse the configuration, start the server, stop cleanly on a signal.
import { ConfigError, loadConfig } from './config.ts';
import { startServer } from './app.ts';

/** Where the server listens, once it does (bin/start.js prints it). */
export let running: { port: number; host: string } | null = null;

try {
  const config = loadConfig();
  const server = await startServer({ config });
  running = { port: server.port, host: config.HOST };
  const stop = (signal: string) => {
    server.logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // A bug in one drill must not take every other drill down: log it and keep serving.
  process.on('unhandledRejection', (err) => server.logger.error({ err }, 'unhandled rejection'));
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
