// Builds a realistic, long event log for a scenario: players join and take roles, the clock
// starts, then a seeded mix of actions across roles, chat, status updates, injects, hints,
// late joiners and clock ticks, every command judged by decide() as a live host would.
// The drill is kept running to the last event (an action that would end it within the
// log's time span is replaced by a message), so every event exercises a live drill.
import {
  applyEvent,
  Command,
  createState,
  decide,
  dueTick,
  fold,
  step,
  type Actor,
  type CommandInput,
  type CompiledScenario,
  type DrillEvent,
  type DrillState,
} from '../shared/index.ts';

/** mulberry32: small, fast, seeded. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  return { next, pick };
}

const LINES = [
  'Looking at the dashboards now.',
  'Anyone else seeing timeouts?',
  'I will take the database side.',
  'Customers are reporting errors on checkout.',
  'Rolling back is on the table, not yet.',
  'Can someone own comms?',
  'Latency is still climbing.',
  'Back in five, checking the logs.',
];

export interface DrillLog {
  events: DrillEvent[];
  /** Commands refused by decide along the way (a live drill has those too). */
  refused: number;
  /** The virtual span of the log, in seconds. */
  span: number;
}

export function buildDrillLog(c: CompiledScenario, size: number, seed = 42): DrillLog {
  const random = rng(seed);
  const sc = c.scenario;
  const created: DrillEvent = {
    type: 'created',
    at: 0,
    drillId: `bench-${sc.id}`,
    scenarioId: sc.id,
    scenarioHash: c.hash,
    seed,
    solo: false,
  };
  const state = createState(c, created);
  const events: DrillEvent[] = [created];
  let refused = 0;
  const command = (actor: Actor, input: CommandInput, now: number): boolean => {
    const result = step(c, state, { type: 'command', actor, command: Command.parse(input) }, now);
    events.push(...result.events);
    if (result.error) refused++;
    return result.error === null;
  };
  const join = (participantId: string, name: string, kind: 'player' | 'spectator', now: number) => {
    const result = step(c, state, { type: 'join', participantId, name, kind }, now);
    if (result.error) throw new Error(result.error.message);
    events.push(...result.events);
  };

  // Two players per role and two spectators.
  const players: { id: string; role: string }[] = [];
  sc.roles.forEach((r, i) => {
    for (const n of [1, 2]) {
      const id = `p-${i}-${n}`;
      join(id, `${r.name.slice(0, 30)} ${n}`, 'player', 0);
      command({ kind: 'facilitator' }, { type: 'assignRole', participantId: id, role: r.id }, 0);
      players.push({ id, role: r.id });
    }
  });
  for (const id of ['s-1', 's-2']) join(id, id, 'spectator', 0);
  command({ kind: 'facilitator' }, { type: 'start' }, 0);

  const span = quietSpan(c, events);
  const remaining = size - events.length - 1;
  const every = span / remaining;
  const canPost = (role: string) =>
    !sc.statusUpdates.roles || sc.statusUpdates.roles.includes(role);
  const safe = new Map<string, boolean>();
  let late = 0;

  for (let k = 0; k < remaining; k++) {
    const now = Math.round(k * every * 1000) / 1000;
    // Due timers fire on their own first, as a host's scheduler would make them.
    if (dueTick(state, now)) {
      events.push(...step(c, state, { type: 'time' }, now).events);
      continue;
    }
    const roll = random.next();
    const p = random.pick(players);
    const actor: Actor = { kind: 'player', participantId: p.id };
    const say = () => command(actor, { type: 'postMessage', text: random.pick(LINES) }, now);
    if (roll < 0.2) {
      events.push(...step(c, state, { type: 'time' }, Math.max(now, state.t)).events);
    } else if (roll < 0.42) {
      const mine = sc.actions.filter((a) => a.roles.includes(p.role));
      if (mine.length === 0) {
        say();
        continue;
      }
      const a = random.pick(mine);
      const params = Object.fromEntries(a.params.map((q) => [q.id, random.pick(q.choices).value]));
      const input: CommandInput = { type: 'takeAction', action: a.id, params };
      if (!decide(c, state, actor, Command.parse(input), now).ok) {
        refused++;
        say();
        continue;
      }
      // Whether an action ends the drill depends on the facts guards read; probe once per set.
      const key = JSON.stringify([
        input,
        state.phase,
        state.vars,
        Object.keys(state.findings),
        Object.keys(state.injectsFired),
        [...new Set(state.actions.map((x) => x.action))],
      ]);
      if (!safe.has(key)) safe.set(key, keepsRunning(c, state, actor, input, now, span));
      if (safe.get(key)) command(actor, input, now);
      else say();
    } else if (roll < 0.5 && canPost(p.role)) {
      command(actor, { type: 'postStatusUpdate', text: `Update ${k}: still investigating.` }, now);
    } else if (roll < 0.52) {
      const manual = sc.injects.filter((i) => i.manual && !(i.id in state.injectsFired));
      const inj = manual.length ? random.pick(manual) : undefined;
      const input: CommandInput | undefined = inj && { type: 'fireInject', inject: inj.id };
      if (input && keepsRunning(c, state, { kind: 'facilitator' }, input, now, span))
        command({ kind: 'facilitator' }, input, now);
      else say();
    } else if (roll < 0.53) {
      if (!command({ kind: 'facilitator' }, { type: 'revealHint' }, now)) say();
    } else if (roll < 0.54 && late < 40) {
      late++;
      join(`late-${late}`, `Late ${late}`, late % 4 ? 'player' : 'spectator', now);
    } else {
      say();
    }
  }
  const end: CommandInput = { type: 'end', reason: 'End of the benchmark' };
  command({ kind: 'facilitator' }, end, Math.max(span, state.t));
  return { events, refused, span };
}

/**
 * How long the drill runs by itself before a timer ends it (capped at twice its expected
 * duration), less a minute: the log's events are spread over that span.
 */
function quietSpan(c: CompiledScenario, events: DrillEvent[]): number {
  const state = fold(c, events);
  const cap = c.scenario.duration * 120;
  applyEvent(c, state, { type: 'timeAdvanced', at: cap });
  return state.ended ? Math.max(60, state.ended.at - 60) : cap;
}

/** Would the drill still be running at the end of the span after this command? */
function keepsRunning(
  c: CompiledScenario,
  s: DrillState,
  actor: Actor,
  input: CommandInput,
  now: number,
  span: number,
): boolean {
  const decision = decide(c, s, actor, Command.parse(input), now);
  if (!decision.ok) return true;
  const probe = structuredClone(s);
  for (const e of decision.events) applyEvent(c, probe, e);
  if (probe.status !== 'ended')
    applyEvent(c, probe, { type: 'timeAdvanced', at: Math.max(span, probe.t) });
  return probe.status !== 'ended';
}
