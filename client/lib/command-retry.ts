// When a command is sent again, and how long to wait first. The server applies a command id
// once, so sending the same id again is always safe; the question is only whether it can
// help. A lost answer (timeout, drop) may be retried at once. A refusal is retried only when
// the server says the command was not applied for a passing reason: BUSY (its queues are
// full; it hints how long to wait) and INTERNAL (the drill is being moved, or a write
// failed). Every other refusal is about the command itself and would be refused again.
// Pure: the caller passes the clock, the sleep and the randomness.
import type { DrillError } from '../../shared/protocol.ts';

export type Refusal = DrillError | { code: string; message: string; retryAfter?: number };

export type CommandResult = { ok: true; seq: number } | { ok: false; error: Refusal };

/** Refusals that say "not now", not "not this". */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set(['BUSY', 'INTERNAL']);

/** Without a hint: the first wait, doubled on each further refusal. */
export const DEFAULT_WAIT_MS = 500;
/** A hint is honoured within these bounds (a hostile or broken hint must not stall us). */
export const MIN_WAIT_MS = 100;
export const MAX_WAIT_MS = 10_000;
/** Up to this fraction is added, so that clients refused together do not return together. */
export const JITTER = 0.2;
/** Refusals retried per command, and the time they may take from the first send. */
export const MAX_RETRIES = 8;
export const RETRY_BUDGET_MS = 30_000;
/** Attempts that got no answer (ack timeout, or not connected in time). */
export const LOST_ATTEMPTS = 4;

/**
 * Milliseconds to wait before sending again after `error`, or null when it must not be sent
 * again. `retry` counts the refusals already retried (0 for the first). The server's hint
 * (`retryAfter`, seconds) is a floor: jitter only ever adds to it.
 */
export function retryDelay(
  error: Refusal,
  retry: number,
  random: () => number = Math.random,
): number | null {
  if (!RETRYABLE_CODES.has(error.code)) return null;
  const hint = error.retryAfter;
  const base =
    typeof hint === 'number' && Number.isFinite(hint) && hint > 0
      ? hint * 1000
      : DEFAULT_WAIT_MS * 2 ** Math.max(0, retry);
  const bounded = Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, base));
  return Math.round(bounded * (1 + JITTER * Math.min(1, Math.max(0, random()))));
}

/** One send of the command: the server's answer, 'lost' without one, 'cancelled' to stop. */
export type Attempt = CommandResult | 'lost' | 'cancelled';

export interface RetryLoop {
  attempt: () => Promise<Attempt>;
  /** Waits `ms` before sending again after `error` (the caller may show that it waits). */
  wait: (error: Refusal, ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

const timedOut: CommandResult = {
  ok: false,
  error: {
    code: 'TIMEOUT',
    message: 'Check your connection; the command may not have reached the drill.',
  },
};

/**
 * Sends one command (the caller's `attempt` always uses the same id) until the server
 * answers with something final, or the attempts or the time budget run out. A refusal still
 * retryable when the budget runs out is returned as it is.
 */
export async function sendWithRetry(loop: RetryLoop): Promise<CommandResult> {
  const now = loop.now ?? Date.now;
  const started = now();
  let lost = 0;
  let retries = 0;
  while (lost < LOST_ATTEMPTS) {
    const res = await loop.attempt();
    if (res === 'cancelled') break;
    if (res === 'lost') {
      lost++;
      continue;
    }
    if (res.ok) return res;
    const ms = retries < MAX_RETRIES ? retryDelay(res.error, retries, loop.random) : null;
    if (ms === null || now() - started + ms > RETRY_BUDGET_MS) return res;
    retries++;
    await loop.wait(res.error, ms);
  }
  return timedOut;
}
