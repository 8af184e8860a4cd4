// Scripted playthroughs: timed actions by roles, run headless through the same decide and
// fold as a live drill. Used by the CLI (`firedrill play`), by tests and by benchmarks.
import { z } from 'zod';
import { createState } from './apply.ts';
import type { Actor, Command, DrillError } from './commands.ts';
import type { CompiledScenario } from './compile.ts';
import { dueTick } from './decide.ts';
import type { DrillEvent } from './events.ts';
import { score, type Score } from './score.ts';
import type { DrillState } from './state.ts';
import { step as takeStep, type StepInput } from './step.ts';

const Step = z.strictObject({
  at: z.number().min(0).describe('Virtual minute'),
  as: z.string().optional().describe('The role acting (its first player)'),
  do: z.string().optional().describe('An action id'),
  params: z.record(z.string(), z.string()).default({}),
  say: z.string().optional().describe('Post in the incident channel'),
  status: z.string().optional().describe('Post a status-page update'),
  inject: z.string().optional().describe('The facilitator fires an inject'),
  hint: z.boolean().optional().describe('The facilitator reveals the next hint'),
  confirm: z
    .string()
    .optional()
    .describe('Confirm the latest request for a second pair of eyes on this action'),
  cancel: z.string().optional().describe('Call off the latest running instance of this action'),
  end: z.boolean().optional(),
  expectError: z.string().optional().describe('The step must be refused with this code'),
});

export const Playthrough = z.strictObject({
  name: z.string().min(1),
  scenario: z.string().min(1),
  description: z.string().optional(),
  seed: z.number().int().default(1),
  players: z.array(z.strictObject({ name: z.string().min(1), role: z.string().min(1) })).optional(),
  expect: z
    .strictObject({
      minPercent: z.number().optional(),
      maxPercent: z.number().optional(),
      penalties: z.array(z.string()).default([]),
      phase: z.string().optional(),
    })
    .default({ penalties: [] }),
  until: z
    .number()
    .positive()
    .optional()
    .describe('End the drill at this minute if it is still running'),
  steps: z.array(Step).min(1),
});
export type Playthrough = z.infer<typeof Playthrough>;

export interface StepFailure {
  step: number;
  at: number;
  error: DrillError | { code: 'UNEXPECTED_SUCCESS' | 'BAD_STEP'; message: string };
}

export interface PlaythroughResult {
  events: DrillEvent[];
  state: DrillState;
  score: Score;
  failures: StepFailure[];
  /** Expectations that did not hold, in words. */
  unmet: string[];
  /**
   * The setup command (a join, a role assignment, the start) that was refused: the drill
   * never started and no step ran. Null when the drill started.
   */
  aborted: StepFailure | null;
}

export function runPlaythrough(c: CompiledScenario, p: Playthrough): PlaythroughResult {
  const created: DrillEvent = {
    type: 'created',
    at: 0,
    drillId: `play-${p.name}`,
    scenarioId: c.scenario.id,
    scenarioHash: c.hash,
    seed: p.seed,
    solo: false,
  };
  const events: DrillEvent[] = [created];
  const state = createState(c, created);
  const failures: StepFailure[] = [];
  const run = (input: StepInput, now: number) => {
    const result = takeStep(c, state, input, now);
    events.push(...result.events);
    return result;
  };
  const facilitator: Actor = { kind: 'facilitator' };

  // The setup stops at the first refusal: every step after it would be refused too.
  const abort = (code: DrillError['code'], message: string): PlaythroughResult => {
    const aborted: StepFailure = { step: -1, at: 0, error: { code, message } };
    return {
      events,
      state,
      score: score(c, state),
      failures: [aborted],
      unmet: [`the drill never started: ${code} ${message}`],
      aborted,
    };
  };
  const players = p.players ?? c.scenario.roles.map((r) => ({ name: r.name, role: r.id }));
  const byRole = new Map<string, string>();
  for (const [i, pl] of players.entries()) {
    const id = `p${i + 1}`;
    const who = `player ${JSON.stringify(pl.name)} (role ${pl.role})`;
    const joined = run({ type: 'join', participantId: id, name: pl.name, kind: 'player' }, 0);
    if (joined.error)
      return abort(joined.error.code, `${who} could not join: ${joined.error.message}`);
    const assignRole: Command = { type: 'assignRole', participantId: id, role: pl.role };
    const assigned = run({ type: 'command', actor: facilitator, command: assignRole }, 0);
    if (assigned.error)
      return abort(
        assigned.error.code,
        `${who} could not take the role: ${assigned.error.message}`,
      );
    if (!byRole.has(pl.role)) byRole.set(pl.role, id);
  }
  const started = run({ type: 'command', actor: facilitator, command: { type: 'start' } }, 0);
  if (started.error)
    return abort(started.error.code, `the drill could not start: ${started.error.message}`);

  const steps = p.steps
    .map((step, index) => ({ step, index }))
    .sort((a, b) => a.step.at - b.step.at || a.index - b.index);
  const isOver = () => state.status === 'ended';
  for (const { step, index } of steps) {
    const now = step.at * 60;
    let actor: Actor = { kind: 'facilitator' };
    let command: Command | null = null;
    if (step.as !== undefined) {
      const id = byRole.get(step.as);
      if (!id) {
        failures.push({
          step: index,
          at: step.at,
          error: { code: 'BAD_STEP', message: `no player has role "${step.as}"` },
        });
        continue;
      }
      actor = { kind: 'player', participantId: id };
    }
    if (step.do !== undefined)
      command = { type: 'takeAction', action: step.do, params: step.params };
    else if (step.say !== undefined) command = { type: 'postMessage', text: step.say };
    else if (step.status !== undefined) command = { type: 'postStatusUpdate', text: step.status };
    else if (step.inject !== undefined) command = { type: 'fireInject', inject: step.inject };
    else if (step.hint) command = { type: 'revealHint' };
    else if (step.end) command = { type: 'end', reason: 'End of the script' };
    const about = step.confirm ?? step.cancel;
    if (!command && about === undefined) {
      failures.push({
        step: index,
        at: step.at,
        error: {
          code: 'BAD_STEP',
          message: 'a step needs do, say, status, inject, hint, confirm, cancel or end',
        },
      });
      continue;
    }
    if (state.status === 'ended') break;
    // Timers due by now fire first (a step would fire them too): confirm and cancel name an
    // action by its latest record as the world stands now, and a timer may end the drill.
    if (dueTick(state, now)) run({ type: 'time' }, now);
    if (isOver()) break;
    const record = state.actions.findLast(
      (r) =>
        r.action === about &&
        r.cancelledAt === null &&
        (step.confirm !== undefined ? r.awaitingConfirmation : r.completedAt === null),
    );
    const sent: Command = command ?? {
      type: step.confirm !== undefined ? 'confirmAction' : 'cancelAction',
      record: record?.seq ?? -1,
    };
    const result = run({ type: 'command', actor, command: sent }, now);
    // A timer that fell due before the step ended the drill: the script is over.
    if (result.ended && result.error) break;
    if (!result.error) {
      if (step.expectError) {
        failures.push({
          step: index,
          at: step.at,
          error: { code: 'UNEXPECTED_SUCCESS', message: `expected ${step.expectError}` },
        });
      }
    } else if (result.error.code !== step.expectError) {
      failures.push({ step: index, at: step.at, error: result.error });
    }
  }
  if (!isOver()) {
    const lastAt = Math.max(...p.steps.map((s) => s.at));
    const until = Math.max(p.until ?? lastAt, lastAt) * 60;
    run({ type: 'time' }, Math.max(until, state.t));
    const end: Command = { type: 'end', reason: 'End of the script' };
    if (!isOver()) run({ type: 'command', actor: facilitator, command: end }, state.t);
  }

  const result = score(c, state);
  const unmet: string[] = [];
  const ex = p.expect;
  if (ex.minPercent !== undefined && result.percent < ex.minPercent)
    unmet.push(`score ${result.percent}% is below ${ex.minPercent}%`);
  if (ex.maxPercent !== undefined && result.percent > ex.maxPercent)
    unmet.push(`score ${result.percent}% is above ${ex.maxPercent}%`);
  for (const id of ex.penalties) {
    if (!result.penaltyItems.some((x) => x.id === id)) unmet.push(`penalty "${id}" was not given`);
  }
  if (ex.phase !== undefined && !state.phaseHistory.some((h) => h.phase === ex.phase))
    unmet.push(`phase "${ex.phase}" was never reached`);
  for (const f of failures)
    unmet.push(`step ${f.step} (minute ${f.at}): ${f.error.code} ${f.error.message}`);
  return { events, state, score: result, failures, unmet, aborted: null };
}
