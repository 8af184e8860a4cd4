// Engine figures: how fast the pure core folds a long drill, builds each seat's view,
// scores and compiles, on the mini fixture and on every scenario in scenarios/.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applyEvent,
  compile,
  evaluateModel,
  fold,
  parseScenarioYaml,
  score,
  viewFor,
  type CompiledScenario,
  type Scenario,
  type Seat,
} from '../shared/index.ts';
import { diffView } from '../server/view-diff.ts';
import { buildDrillLog } from './drill-log.ts';
import { count, measure, median, ms } from './measure.ts';
import type { BenchReport } from './report.ts';

const EVENTS = 10_000;
/** Events replayed one at a time, with every seat's view and diff after each. */
const LIVE = 2_000;
/** Folding must comfortably beat this (see the performance budget). */
const TARGET_EVENTS_PER_SECOND = 100_000;

const root = fileURLToPath(new URL('..', import.meta.url));

function scenarioFiles(): string[] {
  const dir = join(root, 'scenarios');
  let names: string[] = [];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.yaml'))
      .sort();
  } catch {
    // No scenarios yet: the fixture alone.
  }
  return [
    join(root, 'test/fixtures/mini.yaml'),
    join(root, 'test/fixtures/model.yaml'),
    ...names.map((n) => join(dir, n)),
  ];
}

function load(file: string): Scenario {
  const parsed = parseScenarioYaml(readFileSync(file, 'utf8'));
  if (!parsed.ok)
    throw new Error(`${file} is not a valid scenario; run "firedrill validate ${file}"`);
  return parsed.scenario;
}

export function bench({ quick }: { quick: boolean }): BenchReport {
  const runs = quick ? 3 : 9;
  const warmup = quick ? 1 : 3;
  const foldRows: string[][] = [];
  const viewRows: string[][] = [];
  const liveRows: string[][] = [];
  const notMet: string[] = [];

  for (const file of scenarioFiles()) {
    const scenario = load(file);
    const name = basename(file, '.yaml');
    const compileTime = measure(() => compile(scenario), { warmup, runs });
    const c: CompiledScenario = compile(scenario);
    const log = buildDrillLog(c, EVENTS);
    const events = log.events;

    const foldTime = measure(() => fold(c, events), { warmup, runs });
    const perSecond = events.length / (foldTime.median / 1000);
    if (perSecond < TARGET_EVENTS_PER_SECOND)
      notMet.push(
        `fold ${name} at ${count(perSecond)} events/s, under the ${count(TARGET_EVENTS_PER_SECOND)} target`,
      );
    // Views and score of the drill as it runs (before the last event ends it).
    const live = fold(c, events.slice(0, -1));
    const ended = fold(c, events);
    const scoreTime = measure(() => score(c, live), { warmup, runs });
    // One evaluation of the model on the running drill (no time passes, nothing to apply).
    const probe = structuredClone(live);
    const hooks = {
      applyEffects: () => {},
      fireAlert: () => {},
      resolveAlert: () => {},
      setHealth: () => {},
      note: () => {},
    };
    const modelTime = measure(
      () => {
        for (let i = 0; i < 100; i++) evaluateModel(c, probe, hooks, false);
      },
      { warmup, runs },
    );
    const kinds = countKinds(events);

    foldRows.push([
      name,
      count(events.length),
      ms(foldTime.median),
      count(perSecond),
      `${(perSecond / TARGET_EVENTS_PER_SECOND).toFixed(2)}x`,
      ms(scoreTime.median),
      ms(compileTime.median),
      c.hasModel ? `${((modelTime.median / 100) * 1000).toFixed(1)} µs` : '–',
      `${kinds.actionTaken ?? 0}/${kinds.messagePosted ?? 0}/${kinds.statusUpdatePosted ?? 0}/${kinds.timeAdvanced ?? 0}`,
      `${Math.round(log.span / 60)} min`,
    ]);

    const seats: [string, Seat][] = [
      ['facilitator', { kind: 'facilitator' }],
      ...scenario.roles.map((r): [string, Seat] => [
        `player ${r.id}`,
        { kind: 'player', role: r.id },
      ]),
      ['spectator', { kind: 'spectator' }],
    ];
    for (const [label, seat] of seats) {
      // A shallow copy is a state viewFor has not seen: its parts are built from scratch,
      // as for the first view of a new connection (a repeat would reuse the last view's).
      const t = measure(() => viewFor(c, { ...live }, seat), { warmup, runs });
      viewRows.push([
        name,
        label,
        ms(t.median),
        count(JSON.stringify(viewFor(c, live, seat)).length),
      ]);
    }
    // What the server does after each event: every seat's view again, and its diff against
    // the last one sent. Over the last LIVE events of the log, on a state folded up to them.
    const from = Math.max(1, events.length - 1 - LIVE);
    const replay = () => {
      const state = fold(c, events.slice(0, from));
      let last = seats.map(([, seat]) => viewFor(c, state, seat));
      const started = performance.now();
      for (const event of events.slice(from, -1)) {
        applyEvent(c, state, event);
        const next = seats.map(([, seat]) => viewFor(c, state, seat));
        next.forEach((view, i) => diffView(last[i], view));
        last = next;
      }
      return performance.now() - started;
    };
    replay();
    const liveTime = {
      median: median(Array.from({ length: quick ? 1 : 3 }, replay).sort((a, b) => a - b)),
    };
    liveRows.push([
      name,
      String(seats.length),
      `${((liveTime.median / (events.length - 1 - from)) * 1000).toFixed(0)} µs`,
      `${((liveTime.median / (events.length - 1 - from) / seats.length) * 1000).toFixed(0)} µs`,
    ]);
    const debriefTime = measure(() => viewFor(c, { ...ended }, { kind: 'spectator' }), {
      warmup,
      runs,
    });
    viewRows.push([
      name,
      'debrief (ended)',
      ms(debriefTime.median),
      count(JSON.stringify(viewFor(c, ended, { kind: 'spectator' })).length),
    ]);
  }

  return {
    title: `Engine: a ${count(EVENTS)}-event drill per scenario (median of ${runs} runs after a warm-up)`,
    tables: [
      {
        title: `Fold, score and compile (target: ${count(TARGET_EVENTS_PER_SECOND)} events/s folded)`,
        columns: [
          'scenario',
          'events',
          'fold ms',
          'events/s',
          'vs target',
          'score ms',
          'compile ms',
          'model/sample',
          'act/msg/status/tick',
          'virtual span',
        ],
        rows: foldRows,
      },
      {
        title: 'viewFor on the running drill, per seat, built from scratch (a new connection)',
        columns: ['scenario', 'seat', 'ms', 'JSON bytes'],
        rows: viewRows,
        left: [0, 1],
      },
      {
        title: `Views kept up to date: after each of the last ${count(LIVE)} events, every seat's viewFor and its diff against the last view`,
        columns: ['scenario', 'seats', 'per event', 'per seat'],
        rows: liveRows,
      },
    ],
    notes: [
      'fold: createState + applyEvent over the whole log, as a restart or a replay does; the system model runs inside it at every sample boundary.',
      'model/sample: one evaluation of the model (derived metrics, rules, alerts, health, objectives) on the running drill.',
      'The log is built through decide() with a seeded mix of actions, chat, status updates, injects, hints, joins and clock ticks.',
    ],
    ok: notMet.length === 0,
    notMet,
  };
}

function countKinds(events: { type: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) out[e.type] = (out[e.type] ?? 0) + 1;
  return out;
}
