// Seat reclaim codes: a player who lost their session (a cleared browser, a new laptop)
// takes their own seat back instead of joining as a second "Omar". Only the facilitator
// issues a code, for one participant; it works once, for a few minutes, and is kept only
// in this process's memory (as a hash), so it never reaches the event log, an export or a
// view. A restart forgets the codes: the facilitator issues another.
import { hashToken, mintJoinCode } from './credentials.ts';

export const RECLAIM_SECONDS = 10 * 60;

interface Pending {
  drillId: string;
  participantId: string;
  expiresAt: number;
}

export class ReclaimCodes {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A fresh code for a participant's seat; any earlier code for that seat stops working. */
  issue(drillId: string, participantId: string): { code: string; expiresIn: number } {
    this.sweep();
    for (const [key, p] of this.pending)
      if (p.drillId === drillId && p.participantId === participantId) this.pending.delete(key);
    // Same alphabet and length as join codes: 8.5e11 codes, and redeeming is rate-limited.
    const code = mintJoinCode();
    this.pending.set(hashToken(code), {
      drillId,
      participantId,
      expiresAt: this.now() + RECLAIM_SECONDS * 1000,
    });
    return { code, expiresIn: RECLAIM_SECONDS };
  }

  /** The seat a code opens, once; null for an unknown, used or expired code. */
  redeem(code: string): { drillId: string; participantId: string } | null {
    this.sweep();
    const key = hashToken(code.trim().toUpperCase());
    const p = this.pending.get(key);
    if (!p) return null;
    this.pending.delete(key);
    return { drillId: p.drillId, participantId: p.participantId };
  }

  private sweep() {
    const now = this.now();
    for (const [key, p] of this.pending) if (p.expiresAt <= now) this.pending.delete(key);
  }
}
