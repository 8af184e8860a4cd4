// Load shedding: how many commands may wait for their drill's host, per drill and in the
// whole process. A drill's commands are handled one at a time; when they arrive faster than
// the process can handle them, an unbounded queue turns a burst into seconds of lag for
// everyone. Past the bounds a command is refused at once with BUSY and a retry hint: it was
// not applied, and sending it again (same id) later is safe.
import type { DrillError } from '../shared/index.ts';

export interface LoadSheddingOptions {
  /** Commands admitted and not yet answered, per drill. */
  perDrill: number;
  /** The same, every drill of the process together. */
  perProcess: number;
  /** Seconds to suggest before retrying. */
  retryAfter: number;
}

export interface Admission {
  /** The command is answered: give its slot back (idempotent). */
  release(): void;
}

export class LoadShedder {
  private total = 0;
  private readonly byDrill = new Map<string, number>();

  constructor(private readonly opts: LoadSheddingOptions) {}

  /** A slot for one command of `drillId`, or the refusal to answer it with. */
  admit(drillId: string): Admission | DrillError {
    const mine = this.byDrill.get(drillId) ?? 0;
    if (mine >= this.opts.perDrill)
      return this.busy('This drill has too many commands waiting; retry in a moment.');
    if (this.total >= this.opts.perProcess)
      return this.busy('The server has too many commands waiting; retry in a moment.');
    this.byDrill.set(drillId, mine + 1);
    this.total++;
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.total--;
        const left = (this.byDrill.get(drillId) ?? 1) - 1;
        if (left > 0) this.byDrill.set(drillId, left);
        else this.byDrill.delete(drillId);
      },
    };
  }

  /** Commands waiting now, in the process. */
  get waiting(): number {
    return this.total;
  }

  private busy(message: string): DrillError {
    return { code: 'BUSY', message, retryAfter: this.opts.retryAfter };
  }
}
