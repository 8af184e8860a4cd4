// `npm run dev`: the API/socket server on PORT (3000) and Vite's dev server with hot reload
// on 5173, which proxies /api and /socket.io to it.
import { createServer } from 'vite';
import { startServer } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';

try {
  const api = await startServer({ config: loadConfig() });
  // Proxy to wherever the API server really listens (PORT may not be the default).
  const target = `http://localhost:${api.port}`;
  const vite = await createServer({
    configFile: 'vite.config.ts',
    server: { port: 5173, proxy: { '/api': target, '/socket.io': { target, ws: true } } },
  });
  await vite.listen();
  vite.printUrls();
  const stop = () => {
    void Promise.all([vite.close(), api.close()]).finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
