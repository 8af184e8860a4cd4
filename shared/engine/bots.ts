// Bots for solo practice: they play the roles no human holds the way a decent colleague
// would. They follow the scenario's ideal response at the pace and with the care of the
// scenario's `practice.bots` skill (delay, mistakes, chattiness), and they talk: a bot
// incident commander opens the incident, assigns each teammate its next task and asks the
// trainee for updates; every bot answers questions put to it from what its role can see,
// does what it is told when its role can, and says when it starts, finishes, is busy or is
// done. A pure function of the state: the host turns the moves into ordinary commands, so a
// bot's words and deeds are events like any other. Seeded: the same drill gives the same
// bots; no clock, no unseeded randomness.
import type { BotSkill } from '../scenario/schema.ts';
import {
  answerFor,
  doingLine,
  instructionFor,
  type Instruction,
  isQuestion,
  mentions,
  roleName,
} from './bot-talk.ts';
import type { Command } from './commands.ts';
import type { CompiledScenario } from './compile.ts';
import { FACILITATOR_ID } from './decide.ts';
import { evaluateGuard, paramsMatch } from './guard.ts';
import { hashString, noise } from './random.ts';
import type { ActionRecord, ChannelMessage, DrillState } from './state.ts';

export interface Bot {
  participantId: string;
  role: string;
}

export interface BotMove {
  participantId: string;
  command: Command;
}

/** No bot moves in the first virtual minute: a human pace, whatever the skill. */
const REACTION = 60;
/** Questions older than this (virtual seconds) are left alone: the moment has passed. */
const QUESTION_WINDOW = 10 * 60;
/** How long a bot commander lets the trainee stay silent before asking for an update. */
const UPDATE_EVERY = 5 * 60;

/** The role that coordinates: the scenario's `practice.commander`, or an "ic"/"commander". */
export function commanderRole(c: CompiledScenario): string | undefined {
  return (
    c.scenario.practice.commander ??
    c.scenario.roles.find((r) => r.id === 'ic' || /\bcommander\b/i.test(r.name))?.id
  );
}

interface Plan {
  c: CompiledScenario;
  s: DrillState;
  skill: BotSkill;
  bots: readonly Bot[];
  humanRoles: readonly string[];
  commander: Bot | undefined;
}

export function botMoves(
  c: CompiledScenario,
  s: DrillState,
  bots: readonly Bot[],
  humanRoles: readonly string[],
): BotMove[] {
  if (s.status !== 'running' || s.startedAt === null || s.t - s.startedAt < REACTION) return [];
  const commanderId = commanderRole(c);
  const plan: Plan = {
    c,
    s,
    skill: c.scenario.practice.bots,
    bots,
    humanRoles,
    commander: bots.find((b) => b.role === commanderId),
  };
  const moves: BotMove[] = [];
  for (const bot of bots) moves.push(...movesOf(plan, bot));
  moves.push(...statusUpdates(plan));
  return moves;
}

/** One bot's moves this tick: at most one thing said and one thing done. */
function movesOf(plan: Plan, bot: Bot): BotMove[] {
  const { c, s } = plan;
  const say = (text: string): BotMove => ({
    participantId: bot.participantId,
    command: { type: 'postMessage', text: text.slice(0, 2000) },
  });
  const act = (action: string, params: Record<string, string>): BotMove => ({
    participantId: bot.participantId,
    command: { type: 'takeAction', action, params },
  });
  const busy = running(s, bot).length > 0;

  // 1. Someone spoke to this bot: answer, or do what it was told.
  const asked = unansweredMessage(plan, bot);
  if (asked) {
    const to = `@${asked.from.name}`;
    const told = isQuestion(asked.text) ? null : instructionFor(c, bot.role, asked.text);
    if (told && busy && !told.unclear)
      return [
        say(`${to} ${doingLine(c, s, bot.participantId)} ${NEXT}${lowerFirst(told.action.label)}.`),
      ];
    if (isQuestion(asked.text) || busy) {
      return [say(`${to} ${answerFor(c, s, bot, asked.text)}`)];
    }
    if (!told) return [say(`${to} Noted. ${doingLine(c, s, bot.participantId)}`)];
    if (told.unclear)
      return [say(`${to} ${told.unclear.label}: ${told.unclear.choices.join(' or ')}?`)];
    const why = unavailable(plan, bot, told.action.id, told.params);
    if (why) return [say(`${to} I can't ${lowerFirst(told.action.label)} yet: ${why}`)];
    return [
      say(`${to} On it: ${lowerFirst(told.action.label)}.`),
      act(told.action.id, told.params),
    ];
  }

  const moves: BotMove[] = [];
  // 2. What it finished since it last spoke.
  const finished = justFinished(plan, bot);
  if (finished) moves.push(say(finished));
  // 3. The commander's coordination.
  else if (plan.commander === bot) {
    const line = commanderLine(plan, bot);
    if (line) moves.push(say(line));
  }

  if (busy) return moves;
  // 4. What it was told while it was busy.
  const later = queued(plan, bot);
  if (later) {
    const why = unavailable(plan, bot, later.action.id, later.params);
    if (!why) return [...moves, act(later.action.id, later.params)];
  }
  // 5. A slip, if the skill allows one.
  const slip = mistake(plan, bot);
  if (slip) {
    if (chance(plan, `say-slip:${bot.role}`) && moves.length === 0)
      moves.push(say(`Trying ${lowerFirst(c.index.actions.get(slip.action)!.label)}.`));
    return [...moves, act(slip.action, slip.params)];
  }
  // 6. The next step of the ideal response that falls to it.
  const step = nextStep(plan, bot);
  if (step && s.t >= readyAt(plan, bot, step.key)) {
    const action = c.index.actions.get(step.action)!;
    // An assignment is always acknowledged; work it took up itself, as chatty as it is.
    const assigned = plan.commander !== undefined && plan.commander !== bot;
    if (moves.length === 0 && (assigned || chance(plan, `say-start:${bot.role}:${step.key}`))) {
      const long = action.duration ? ` (about ${Math.round(action.duration)} min)` : '';
      moves.push(say(`On it: ${lowerFirst(action.label)}${long}.`));
    }
    moves.push(act(step.action, step.params));
    return moves;
  }
  // 7. Nothing left for it: say so, once.
  const steps = ownSteps(plan, bot);
  if (
    plan.commander !== bot &&
    !step &&
    moves.length === 0 &&
    steps.length > 0 &&
    steps.every((x) => isDone(plan, bot, x))
  ) {
    const wrapped = "That's everything on my list. Shout if you need me.";
    if (!said(s, bot, (m) => m.text === wrapped)) moves.push(say(wrapped));
  }
  return moves;
}

// ------------------------------------------------------------------ listening

/** The latest message from a person that speaks to this bot and that it has not answered. */
function unansweredMessage(plan: Plan, bot: Bot): ChannelMessage | null {
  const { c, s } = plan;
  const me = s.participants[bot.participantId];
  const names = [bot.role, roleName(c, bot.role), (me?.name ?? '').replace(/\s*\(bot\)$/, '')];
  for (let i = s.channel.length - 1; i >= 0; i--) {
    const m = s.channel[i]!;
    if (s.t - m.t > QUESTION_WINDOW) return null;
    if (m.from.kind !== 'player' || !isPerson(s, m.from.participantId)) continue;
    const addressed =
      mentions(m.text, names) ||
      // A question to nobody in particular is the commander's to answer (or the first bot's).
      (isQuestion(m.text) &&
        !plan.bots.some((b) => mentions(m.text, [b.role, roleName(c, b.role)])) &&
        !plan.humanRoles.some((r) => mentions(m.text, [r, roleName(c, r)])) &&
        (plan.commander ?? plan.bots[0]) === bot);
    if (!addressed) continue;
    const replied = s.channel
      .slice(i + 1)
      .some(
        (later) =>
          later.from.kind === 'player' &&
          later.from.participantId === bot.participantId &&
          later.text.startsWith(`@${m.from.name}`),
      );
    return replied ? null : m;
  }
  return null;
}

/** Said after what a busy bot will do next. */
const NEXT = 'Next: ';

/**
 * An instruction the bot took while busy ("... Next: check the disks.") and has not done
 * since: the person's message it answered, read again.
 */
function queued(plan: Plan, bot: Bot): Instruction | null {
  const { c, s } = plan;
  for (let j = 0; j < s.channel.length; j++) {
    const reply = s.channel[j]!;
    if (!fromBot(reply, bot) || !reply.text.includes(NEXT)) continue;
    const asked = s.channel
      .slice(0, j)
      .reverse()
      .find(
        (m) =>
          m.from.kind === 'player' &&
          isPerson(s, m.from.participantId) &&
          reply.text.startsWith(`@${m.from.name} `),
      );
    if (!asked) continue;
    const told = instructionFor(c, bot.role, asked.text);
    if (!told || told.unclear) continue;
    const done = s.actions.some(
      (a) =>
        a.participantId === bot.participantId && a.action === told.action.id && a.at >= reply.t,
    );
    if (!done) return told;
  }
  return null;
}

function isPerson(s: DrillState, participantId: string): boolean {
  if (participantId === FACILITATOR_ID) return true;
  return s.participants[participantId]?.kind === 'player';
}

// ------------------------------------------------------------------ the commander

function commanderLine(plan: Plan, bot: Bot): string | null {
  const { c, s } = plan;
  const trainees = Object.values(s.participants).filter(
    (p) => p.kind === 'player' && !p.removed && p.role !== null,
  );
  const opening = 'I am taking incident command.';
  if (!said(s, bot, (m) => m.text.startsWith(opening))) {
    if (s.t < (s.startedAt ?? 0) + delay(plan, `${bot.role}:open`)) return null;
    const people = trainees.map((p) => `${p.name}, you have ${roleName(c, p.role!)}`);
    return `${opening} ${people.join('; ')}: tell me what you see as soon as you see it.`;
  }
  // Assign each teammate its next step, one assignment per tick.
  for (const mate of plan.bots) {
    if (mate === bot) continue;
    const step = nextStep(plan, mate);
    if (!step || assignedAt(plan, mate, step.key) !== null) continue;
    if (running(s, mate).length > 0) continue;
    return assignment(plan, mate, step.key);
  }
  // Ask a silent trainee for an update.
  for (const p of trainees) {
    const lastWord = Math.max(
      s.startedAt ?? 0,
      ...s.channel
        .filter((m) => m.from.kind === 'player' && m.from.participantId === p.id)
        .map((m) => m.t),
      ...s.statusUpdates.filter((u) => u.participantId === p.id).map((u) => u.t),
    );
    const lastAsk = Math.max(
      -Infinity,
      ...s.channel
        .filter((m) => fromBot(m, bot) && m.text.startsWith(`@${p.name} where are we`))
        .map((m) => m.t),
    );
    if (s.t - lastWord >= UPDATE_EVERY && s.t - lastAsk >= UPDATE_EVERY)
      return `@${p.name} where are we on ${roleName(c, p.role!)}? Give me a short update: what you see, what you are doing next.`;
  }
  return null;
}

function assignment(plan: Plan, mate: Bot, stepKey: string): string {
  const action = plan.c.index.actions.get(stepAction(plan, stepKey))!;
  const name = plan.s.participants[mate.participantId]?.name ?? roleName(plan.c, mate.role);
  return `${name}: please ${lowerFirst(action.label)}.`;
}

/** When the commander bot assigned this step to the teammate, if it did. */
function assignedAt(plan: Plan, mate: Bot, stepKey: string): number | null {
  const { commander, s } = plan;
  if (!commander) return null;
  const text = assignment(plan, mate, stepKey);
  return s.channel.find((m) => fromBot(m, commander) && m.text === text)?.t ?? null;
}

// ------------------------------------------------------------------ the ideal response

interface Step {
  key: string;
  action: string;
  params: Record<string, string>;
  /** Minutes after the start before which the step would be early. */
  notBefore?: number | undefined;
}

/** The ideal steps of the scenario this bot owns, in rubric order. */
function ownSteps(plan: Plan, bot: Bot): Step[] {
  const { c, bots, humanRoles } = plan;
  const rubric = c.scenario.scoring;
  const steps = [
    ...rubric.expected.map((e) => ({
      key: e.id,
      action: e.action,
      by: e.by,
      params: e.params,
      notBefore: undefined as number | undefined,
    })),
    ...rubric.escalation.map((e) => ({
      key: e.id,
      action: e.action,
      by: undefined,
      params: undefined,
      notBefore: e.notBefore,
    })),
  ];
  const out: Step[] = [];
  for (const step of steps) {
    const action = c.index.actions.get(step.action);
    if (!action || !action.roles.includes(bot.role)) continue;
    // A step falls to a person when one of its roles is human (the trainee learns by doing
    // it), else to one bot: the first of its named roles, or the first that may take it.
    const roles = step.by ?? action.roles;
    const mine =
      !roles.some((r) => humanRoles.includes(r)) &&
      roles.map((r) => bots.find((b) => b.role === r)).find((b) => b !== undefined) === bot;
    if (!mine) continue;
    const params: Record<string, string> = {};
    for (const p of action.params) params[p.id] = step.params?.[p.id] ?? p.choices[0]!.value;
    out.push({ key: step.key, action: action.id, params, notBefore: step.notBefore });
  }
  return out;
}

/** The first of its steps not yet done and possible now. */
function nextStep(plan: Plan, bot: Bot): Step | null {
  const { s } = plan;
  for (const step of ownSteps(plan, bot)) {
    if (isDone(plan, bot, step)) continue;
    if (step.notBefore !== undefined && s.t < (s.startedAt ?? 0) + step.notBefore * 60) continue;
    if (unavailable(plan, bot, step.action, step.params) !== null) continue;
    return step;
  }
  return null;
}

function isDone(plan: Plan, bot: Bot, step: Step): boolean {
  const action = plan.c.index.actions.get(step.action)!;
  const taken = plan.s.actions.filter((a) => a.action === action.id && a.cancelledAt === null);
  return action.repeatable ? taken.some((a) => a.role === bot.role) : taken.length > 0;
}

function stepAction(plan: Plan, key: string): string {
  const { scoring } = plan.c.scenario;
  return (
    scoring.expected.find((e) => e.id === key)?.action ??
    scoring.escalation.find((e) => e.id === key)!.action
  );
}

/** Why the bot's role cannot take the action now, or null when it can. */
function unavailable(
  plan: Plan,
  bot: Bot,
  actionId: string,
  params: Record<string, string>,
): string | null {
  const { c, s } = plan;
  const action = c.index.actions.get(actionId);
  if (!action) return 'no such action.';
  if (!action.repeatable && s.actions.some((a) => a.action === actionId && a.cancelledAt === null))
    return 'it has already been done.';
  const facts = { state: s, ctx: { role: bot.role, params, participantId: bot.participantId } };
  if (action.visibleIf && !evaluateGuard(action.visibleIf, facts)) return 'not possible right now.';
  if (action.if && !evaluateGuard(action.if, facts))
    return action.unavailable ?? 'not possible right now.';
  return null;
}

/**
 * When the bot is ready for a step: its reaction time after the start, its last move, and
 * (with a bot commander) the moment the step was assigned to it.
 */
function readyAt(plan: Plan, bot: Bot, stepKey: string): number {
  const { s } = plan;
  const wait = delay(plan, `${bot.role}:${stepKey}`);
  let from = Math.max(s.startedAt ?? 0, lastMove(s, bot)?.at ?? -Infinity);
  if (plan.commander && plan.commander !== bot) {
    const assigned = assignedAt(plan, bot, stepKey);
    if (assigned === null) return Infinity;
    from = Math.max(from, assigned);
  }
  return from + wait;
}

/** At most one harmful move per bot, if the skill's `mistakes` chance says so. */
function mistake(plan: Plan, bot: Bot): Step | null {
  const { c, s, skill } = plan;
  if (skill.mistakes <= 0 || !roll(plan, `mistake:${bot.role}`, skill.mistakes)) return null;
  const options = c.scenario.scoring.harmful.filter((h) => {
    const action = c.index.actions.get(h.action);
    return (
      action?.roles.includes(bot.role) && !action.roles.some((r) => plan.humanRoles.includes(r))
    );
  });
  if (options.length === 0) return null;
  const pick = options[Math.floor(unit(plan, `mistake-pick:${bot.role}`) * options.length)]!;
  const action = c.index.actions.get(pick.action)!;
  if (s.actions.some((a) => a.participantId === bot.participantId && a.action === pick.action))
    return null;
  // In the heat of the first minutes: a reaction time after its first move.
  const first = s.actions.find((a) => a.participantId === bot.participantId);
  if (!first) return null;
  const at = first.at + delay(plan, `${bot.role}:slip`);
  if (s.t < at) return null;
  const params: Record<string, string> = {};
  for (const p of action.params) params[p.id] = pick.params?.[p.id] ?? p.choices[0]!.value;
  if (pick.params && !paramsMatch(pick.params, params)) return null;
  if (unavailable(plan, bot, action.id, params) !== null) return null;
  return { key: pick.id, action: action.id, params };
}

// ------------------------------------------------------------------ status updates

function statusUpdates(plan: Plan): BotMove[] {
  const { c, s, bots, humanRoles } = plan;
  const moves: BotMove[] = [];
  for (const cad of c.scenario.scoring.cadence) {
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
      moves.push({
        participantId: bot.participantId,
        command: { type: 'postStatusUpdate', text: statusText(c, s, cad.every) },
      });
    }
  }
  return moves;
}

/** A status update from what every role can see: the services in trouble, what was done. */
function statusText(c: CompiledScenario, s: DrillState, every: number): string {
  const sick = c.scenario.services
    .filter((svc) => svc.visibleTo === 'all')
    .filter((svc) => !['ok', 'unknown'].includes(s.health[svc.id] ?? svc.health))
    .map((svc) => svc.name);
  const mitigated = s.actions.some(
    (a) => a.completedAt !== null && c.index.actions.get(a.action)?.category === 'mitigate',
  );
  const what = sick.length > 0 ? `problems with ${sick.join(', ')}` : 'degraded service';
  const doing = mitigated
    ? 'A fix is being applied and we are watching the results.'
    : 'Our engineers are investigating.';
  return `We are aware of ${what}. ${doing} Next update within ${every} minutes.`;
}

// ------------------------------------------------------------------ small helpers

function justFinished(plan: Plan, bot: Bot): string | null {
  const { c, s } = plan;
  const mine = s.actions.filter(
    (a) =>
      a.participantId === bot.participantId && a.completedAt !== null && a.cancelledAt === null,
  );
  for (const record of mine) {
    // Only work that takes time is worth a word when it ends.
    if (!c.index.actions.get(record.action)?.duration) continue;
    const label = c.index.actions.get(record.action)?.label ?? record.action;
    const done = `Done: ${lowerFirst(label)}.`;
    if (said(s, bot, (m) => m.t >= record.at && m.text.startsWith(done))) continue;
    if (!chance(plan, `say-done:${bot.role}:${record.seq}`) && !hasFindings(plan, bot, record))
      continue;
    const found = findingsOf(plan, bot, record);
    return found.length > 0 ? `${done} I found: ${found.join('; ')}.` : done;
  }
  return null;
}

/** Titles of the findings the record revealed to the bot's role. */
function findingsOf(plan: Plan, bot: Bot, record: ActionRecord): string[] {
  const { c, s } = plan;
  const at = record.completedAt;
  return Object.entries(s.findings)
    .filter(([, f]) => f.at === at && (f.to === 'all' || f.to.includes(bot.role)))
    .map(([id]) => c.index.findings.get(id)?.title ?? id);
}

function hasFindings(plan: Plan, bot: Bot, record: ActionRecord): boolean {
  return findingsOf(plan, bot, record).length > 0;
}

function running(s: DrillState, bot: Bot): ActionRecord[] {
  return s.actions.filter(
    (a) =>
      a.participantId === bot.participantId && a.completedAt === null && a.cancelledAt === null,
  );
}

function lastMove(s: DrillState, bot: Bot): ActionRecord | undefined {
  return s.actions.filter((a) => a.participantId === bot.participantId).at(-1);
}

function fromBot(m: ChannelMessage, bot: Bot): boolean {
  return m.from.kind === 'player' && m.from.participantId === bot.participantId;
}

function said(s: DrillState, bot: Bot, test: (m: ChannelMessage) => boolean): boolean {
  return s.channel.some((m) => fromBot(m, bot) && test(m));
}

/** A seeded number in [0, 1) for this drill and key. */
function unit(plan: Plan, key: string): number {
  return (noise(plan.s.seed, hashString(key), 0) + 1) / 2;
}

function roll(plan: Plan, key: string, p: number): boolean {
  return unit(plan, key) < p;
}

function chance(plan: Plan, key: string): boolean {
  return roll(plan, key, plan.skill.chattiness);
}

/** The skill's reaction delay in seconds, with seeded jitter of +-50%. */
function delay(plan: Plan, key: string): number {
  return plan.skill.delay * 60 * (0.5 + unit(plan, `delay:${key}`));
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
