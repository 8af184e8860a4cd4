// The coach of a solo drill: what the trainee's screen needs to offer help when they stall.
// Pure: the virtual second the trainee last made a move (an action, a message, a status
// update, a hint), the scenario's stall time and the cost of the next hint. The client
// compares the first with its ticking clock, so the offer appears at the exact minute.
import type { CompiledScenario } from './compile.ts';
import type { DrillState } from './state.ts';

export interface PracticeView {
  /** Offer a hint after this many virtual minutes without a move (null: never). */
  stallMinutes: number | null;
  /** The virtual second of the role's last move, or of the start. */
  lastMoveAt: number;
  /** Points the next hint costs, if one is left. */
  nextHintCost: number | null;
}

export function practiceFor(c: CompiledScenario, s: DrillState, role: string): PracticeView {
  const players = new Set(
    Object.values(s.participants)
      .filter((p) => p.kind === 'player' && p.role === role)
      .map((p) => p.id),
  );
  const spoke = (from: { kind: string; participantId?: string }) =>
    from.kind === 'player' && from.participantId !== undefined && players.has(from.participantId);
  const revealed = new Set(s.hints.map((h) => h.hint));
  const moves = [
    s.startedAt ?? 0,
    ...s.actions.filter((a) => players.has(a.participantId)).map((a) => a.at),
    ...s.channel.filter((m) => spoke(m.from)).map((m) => m.t),
    ...s.statusUpdates.filter((u) => players.has(u.participantId)).map((u) => u.t),
    ...s.hints.map((h) => h.at),
  ];
  return {
    stallMinutes: c.scenario.practice.stallMinutes ?? null,
    lastMoveAt: Math.max(...moves),
    nextHintCost: c.scenario.hints.find((h) => !revealed.has(h.id))?.cost ?? null,
  };
}
