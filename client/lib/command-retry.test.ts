import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WAIT_MS,
  JITTER,
  LOST_ATTEMPTS,
  MAX_RETRIES,
  MAX_WAIT_MS,
  MIN_WAIT_MS,
  RETRY_BUDGET_MS,
  retryDelay,
  sendWithRetry,
  type Attempt,
  type Refusal,
} from './command-retry.ts';

const busy = (retryAfter?: number): Refusal => ({
  code: 'BUSY',
  message: 'The drill has too many commands waiting; retry in a moment.',
  ...(retryAfter !== undefined ? { retryAfter } : {}),
});
const noJitter = () => 0;
const fullJitter = () => 1;

describe('retryDelay: which refusals are sent again, and when', () => {
  it('retries BUSY and INTERNAL, nothing that is about the command or the player', () => {
    expect(retryDelay(busy(1), 0, noJitter)).not.toBeNull();
    expect(retryDelay({ code: 'INTERNAL', message: 'being moved; retry.' }, 0)).not.toBeNull();
    for (const code of [
      'INVALID_PAYLOAD',
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'NOT_YOUR_ROLE',
      'ACTION_UNAVAILABLE',
      'ACTION_ALREADY_TAKEN',
      'DRILL_NOT_RUNNING',
      'DRILL_ENDED',
      'RATE_LIMITED',
      'TIMEOUT',
    ])
      expect(retryDelay({ code, message: 'no' }, 0), code).toBeNull();
  });

  it("waits the server's hint, never less, with at most a little jitter on top", () => {
    expect(retryDelay(busy(1), 0, noJitter)).toBe(1000);
    expect(retryDelay(busy(2), 5, noJitter)).toBe(2000);
    expect(retryDelay(busy(1), 0, fullJitter)).toBe(1000 * (1 + JITTER));
    for (let i = 0; i < 50; i++) {
      const ms = retryDelay(busy(1), 0)!;
      expect(ms).toBeGreaterThanOrEqual(1000);
      expect(ms).toBeLessThanOrEqual(1000 * (1 + JITTER));
    }
  });

  it('bounds a hint that is too long or too short', () => {
    expect(retryDelay(busy(3600), 0, noJitter)).toBe(MAX_WAIT_MS);
    expect(retryDelay(busy(0.001), 0, noJitter)).toBe(MIN_WAIT_MS);
  });

  it('backs off from a default when there is no usable hint', () => {
    expect(retryDelay(busy(), 0, noJitter)).toBe(DEFAULT_WAIT_MS);
    expect(retryDelay(busy(), 1, noJitter)).toBe(DEFAULT_WAIT_MS * 2);
    expect(retryDelay(busy(-5), 2, noJitter)).toBe(DEFAULT_WAIT_MS * 4);
    expect(retryDelay({ ...busy(), retryAfter: NaN }, 0, noJitter)).toBe(DEFAULT_WAIT_MS);
    expect(retryDelay({ code: 'INTERNAL', message: 'x' }, 30, noJitter)).toBe(MAX_WAIT_MS);
  });
});

/** A scripted server: each attempt takes the next answer; the clock moves only by waits. */
function scripted(answers: Attempt[]) {
  let t = 0;
  const waits: { code: string; ms: number }[] = [];
  let attempts = 0;
  const loop = {
    attempt: async (): Promise<Attempt> => answers[Math.min(attempts++, answers.length - 1)]!,
    wait: async (error: Refusal, ms: number) => {
      waits.push({ code: error.code, ms });
      t += ms;
    },
    now: () => t,
    random: noJitter,
  };
  return { loop, waits, attempts: () => attempts };
}

describe('sendWithRetry', () => {
  it('sends a BUSY command again after the hint until it is applied', async () => {
    const s = scripted([
      { ok: false, error: busy(1) },
      { ok: false, error: busy(1) },
      { ok: true, seq: 7 },
    ]);
    expect(await sendWithRetry(s.loop)).toEqual({ ok: true, seq: 7 });
    expect(s.attempts()).toBe(3);
    expect(s.waits).toEqual([
      { code: 'BUSY', ms: 1000 },
      { code: 'BUSY', ms: 1000 },
    ]);
  });

  it('sends an INTERNAL command again, backing off', async () => {
    const internal = { ok: false as const, error: { code: 'INTERNAL', message: 'retry.' } };
    const s = scripted([internal, internal, { ok: true, seq: 1 }]);
    expect(await sendWithRetry(s.loop)).toEqual({ ok: true, seq: 1 });
    expect(s.waits.map((w) => w.ms)).toEqual([DEFAULT_WAIT_MS, DEFAULT_WAIT_MS * 2]);
  });

  it("answers a refusal that is the player's at once, without sending again", async () => {
    for (const code of ['INVALID_PAYLOAD', 'FORBIDDEN', 'ACTION_UNAVAILABLE']) {
      const refusal = { ok: false as const, error: { code, message: 'no' } };
      const s = scripted([refusal, { ok: true, seq: 1 }]);
      expect(await sendWithRetry(s.loop)).toEqual(refusal);
      expect(s.attempts()).toBe(1);
      expect(s.waits).toEqual([]);
    }
  });

  it('gives up on a server that stays busy, within the retries and the time budget', async () => {
    const stuck = { ok: false as const, error: busy(1) };
    const s = scripted([stuck]);
    expect(await sendWithRetry(s.loop)).toEqual(stuck);
    expect(s.attempts()).toBe(MAX_RETRIES + 1);

    const slow = { ok: false as const, error: busy(10) };
    const t = scripted([slow]);
    expect(await sendWithRetry(t.loop)).toEqual(slow);
    const waited = t.waits.reduce((sum, w) => sum + w.ms, 0);
    expect(waited).toBeLessThanOrEqual(RETRY_BUDGET_MS);
    expect(t.attempts()).toBe(t.waits.length + 1);
    expect(t.attempts()).toBeLessThan(MAX_RETRIES + 1);
  });

  it('still retries lost answers at once, and reports a timeout after the last', async () => {
    const s = scripted(['lost', 'lost', { ok: true, seq: 3 }]);
    expect(await sendWithRetry(s.loop)).toEqual({ ok: true, seq: 3 });
    expect(s.waits).toEqual([]);

    const gone = scripted(['lost']);
    expect(await sendWithRetry(gone.loop)).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
    expect(gone.attempts()).toBe(LOST_ATTEMPTS);

    const closed = scripted(['cancelled']);
    expect(await sendWithRetry(closed.loop)).toMatchObject({
      ok: false,
      error: { code: 'TIMEOUT' },
    });
    expect(closed.attempts()).toBe(1);
  });
});
