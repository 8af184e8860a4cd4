// Runs imports in a worker thread, one at a time, each within a time limit: the conversion
// is CPU work on a file anyone may upload, and on the server's thread a large one would
// stall every drill. A job over its limit ends the worker (the next job starts a new one)
// and is answered as a record too long to import.
import { Worker } from 'node:worker_threads';
import type { JobResult } from './import-job.ts';

export interface ImportRunner {
  /** `timeoutMs` overrides the runner's limit for this job. */
  run(fileName: string, text: string, timeoutMs?: number): Promise<JobResult>;
  close(): Promise<void>;
}

type Reply = { id: number; ok: true; result: JobResult } | { id: number; ok: false; error: string };

export function importRunner(opts: { timeoutMs: number }): ImportRunner {
  let worker: Promise<Worker> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let nextId = 1;

  const start = () =>
    new Promise<Worker>((ready, broken) => {
      const w = new Worker(new URL('./import-worker.js', import.meta.url));
      w.once('message', () => ready(w));
      w.once('error', broken);
      // It holds nothing worth keeping the process alive for.
      w.unref();
    });

  const once = async (fileName: string, text: string, limit: number): Promise<JobResult> => {
    worker ??= start();
    const w = await worker;
    const id = nextId++;
    return new Promise<JobResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        worker = null;
        void w.terminate();
        resolve({
          ok: false,
          problem: {
            message: `the file took longer than ${limit / 1000} s to import; import a shorter record`,
          },
        });
      }, limit);
      const onMessage = (msg: Reply) => {
        if (msg.id !== id) return;
        cleanup();
        if (msg.ok) resolve(msg.result);
        else reject(new Error(msg.error));
      };
      const onExit = () => {
        cleanup();
        worker = null;
        reject(new Error('the import worker stopped'));
      };
      const cleanup = () => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('exit', onExit);
      };
      w.on('message', onMessage);
      w.once('exit', onExit);
      w.postMessage({ id, fileName, text });
    });
  };

  return {
    run(fileName, text, timeoutMs = opts.timeoutMs) {
      const job = queue.then(() => once(fileName, text, timeoutMs));
      queue = job.catch(() => undefined);
      return job;
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) await (await w.catch(() => null))?.terminate();
    },
  };
}
