// The import worker's thread: turns uploaded incident records into reviewed drafts, so a
// large timeline never stalls the sockets. Plain JavaScript that registers the TypeScript
// loader itself, so it starts the same way whatever runs the server (tsx, vitest).
//   in:  { id, fileName, text }
//   out: { id, ok: true, result } (a JobResult, import-job.ts) or { id, ok: false, error }
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runImportJob } = await import('./import-job.ts');

parentPort.on('message', ({ id, fileName, text }) => {
  try {
    parentPort.postMessage({ id, ok: true, result: runImportJob(fileName, text) });
  } catch (err) {
    parentPort.postMessage({
      id,
      ok: false,
      error: err instanceof Error ? err.message : String(err),
    });
  }
});
parentPort.postMessage({ ready: true });
