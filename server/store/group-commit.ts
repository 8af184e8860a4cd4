// Group commit: appends that arrive while a commit is in flight are written together in
// the next transaction (across drills), and each caller resumes when its batch is durable.
// Latency stays about one commit; throughput grows with the batch.
import type { AppendRequest, EventStore } from './event-store.ts';

interface Pending {
  req: AppendRequest;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface GroupCommitter {
  append(req: AppendRequest): Promise<void>;
  /** Commits, and their sizes: for metrics and benchmarks. */
  stats(): { commits: number; events: number; maxBatch: number };
  drain(): Promise<void>;
}

export function groupCommitter(
  store: EventStore,
  observe: (seconds: number, size: number) => void = () => {},
  maxBatch = 500,
): GroupCommitter {
  let queue: Pending[] = [];
  let inFlight: Promise<void> | null = null;
  const stats = { commits: 0, events: 0, maxBatch: 0 };

  const flush = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      const started = performance.now();
      try {
        await store.appendBatch(batch.map((p) => p.req));
        observe((performance.now() - started) / 1000, batch.length);
        stats.commits++;
        stats.events += batch.reduce((n, p) => n + p.req.events.length, 0);
        stats.maxBatch = Math.max(stats.maxBatch, batch.length);
        batch.forEach((p) => p.resolve());
      } catch (err) {
        if (batch.length === 1) {
          batch[0]!.reject(err);
        } else {
          // One bad request must not fail its neighbours: retry them one by one.
          for (const p of batch) {
            try {
              await store.appendBatch([p.req]);
              p.resolve();
            } catch (e) {
              p.reject(e);
            }
          }
        }
      }
    }
  };

  const start = () => {
    if (inFlight || queue.length === 0) return;
    // Start on the next turn of the event loop: every command that arrived in the same
    // I/O phase joins this commit instead of waiting for the next one.
    inFlight = new Promise<void>((r) => setImmediate(r)).then(flush).finally(() => {
      inFlight = null;
      // An append can land after flush saw an empty queue but before this ran (a caller
      // appending again as soon as its last append resolved): it must not wait forever.
      start();
    });
  };

  return {
    append(req) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ req, resolve, reject });
        start();
      });
    },
    stats: () => ({ ...stats }),
    async drain() {
      while (inFlight) await inFlight;
    },
  };
}
