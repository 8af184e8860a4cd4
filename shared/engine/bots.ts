// Bots for solo practice: they play the roles no human holds, following the scenario's
// ideal response. A pure function of the state: what each bot would do now. The host turns
// the answer into ordinary commands, so bot moves are events like any other.
import type { Command } from './commands.ts';
import type { CompiledScenario } from './compile.ts';
import { evaluateGuard } from './guard.ts';
import type { DrillState } from './state.ts';

export interface Bot {
  participantId: string;
  role: string;
}

export interface BotMove {
  participantId: string;
  command: Command;
}

/** Seconds a bot waits after the drill starts before its first move: a human pace. */
const REACTION = 60;

export function botMoves(
  c: CompiledScenario,
  s: DrillState,
  bots: readonly Bot[],
  humanRoles: readonly string[],
): BotMove[] {
  if (s.status !== 'running' || s.t < REACTION) return [];
  const moves: BotMove[] = [];
  const rubric = c.scenario.scoring;
  const taken = new Set(s.actions.map((a) => a.action));
  for (const bot of bots) {
    for (const step of [
      ...rubric.expected,
      ...rubric.escalation.map((e) => ({
        ...e,
        by: undefined,
        params: undefined,
        deadline: undefined,
      })),
    ]) {
      const action = c.index.actions.get(step.action);
      if (!action || !action.roles.includes(bot.role)) continue;
      const mine = step.by
        ? step.by.includes(bot.role)
        : !action.roles.some((r) => humanRoles.includes(r));
      if (!mine || (!action.repeatable && taken.has(action.id))) continue;
      if (action.repeatable && s.actions.some((a) => a.action === action.id && a.role === bot.role))
        continue;
      if ('notBefore' in step && step.notBefore !== undefined && s.t < step.notBefore * 60)
        continue;
      const params: Record<string, string> = {};
      for (const p of action.params) params[p.id] = step.params?.[p.id] ?? p.choices[0]!.value;
      const ctx = { role: bot.role, params, participantId: bot.participantId };
      if (action.if && !evaluateGuard(action.if, { state: s, ctx })) continue;
      moves.push({
        participantId: bot.participantId,
        command: { type: 'takeAction', action: action.id, params },
      });
      taken.add(action.id);
      break; // one move per bot per tick: a human pace
    }
  }
  for (const cad of rubric.cadence) {
    if (cad.kind !== 'status-update') continue;
    const bot = bots.find((b) => cad.by === undefined || cad.by.includes(b.role));
    if (!bot || (cad.by ?? []).some((r) => humanRoles.includes(r))) continue;
    const from =
      typeof cad.from === 'number'
        ? cad.from * 60
        : s.phaseHistory.find((p) => p.phase === (cad.from as { phase: string }).phase)?.at;
    if (from === undefined || s.t < from) continue;
    const until =
      cad.until === undefined
        ? Infinity
        : typeof cad.until === 'number'
          ? cad.until * 60
          : (s.phaseHistory.find((p) => p.phase === (cad.until as { phase: string }).phase)?.at ??
            Infinity);
    if (s.t >= until) continue;
    const last = s.statusUpdates.filter((u) => u.role === bot.role).at(-1)?.t ?? -Infinity;
    if (s.t - Math.max(last, from - cad.every * 60) >= (cad.every - 1) * 60) {
      const text = `Update: the team is working on the incident. Next update within ${cad.every} minutes.`;
      moves.push({ participantId: bot.participantId, command: { type: 'postStatusUpdate', text } });
    }
  }
  return moves;
}
