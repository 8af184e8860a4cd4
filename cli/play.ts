// `firedrill play FILE --script PLAYTHROUGH`: runs a scripted playthrough headless, through
// the same decide and fold as a live drill, and prints the debrief a team would get.
import {
  scenarioNamed,
  compile,
  Playthrough,
  runPlaythrough,
  type PlaythroughResult,
  type Scenario,
} from '../shared/index.ts';
import { EXIT, usageError, type CliCommand } from './command.ts';
import type { Io } from './io.ts';
import { loadScenario, loadYamlAs } from './load.ts';

export const playCommand: CliCommand = {
  name: 'play',
  usage: 'play FILE --script PLAYTHROUGH [--json]',
  summary: 'Run a scripted playthrough of a scenario and print its debrief.',
  description: [
    'PLAYTHROUGH is a YAML file: players, timed steps (actions, messages, status updates,',
    'injects, hints) and expectations (minimum score, penalties, phases reached).',
    'Exits with 1 if an expectation is not met or a step goes other than scripted; a',
    'refused join, role assignment or start stops it before the first step, with the reason.',
  ].join('\n'),
  options: {
    script: { type: 'string', short: 's', arg: 'PLAYTHROUGH', help: 'The playthrough file to run' },
    json: { type: 'boolean', help: 'Print the score, unmet expectations and event count as JSON' },
  },
  run({ positionals, values }, io) {
    if (positionals.length !== 1) return usageError(io, 'play', 'name exactly one scenario file');
    const scriptFile = values.script;
    if (typeof scriptFile !== 'string' || scriptFile === '')
      return usageError(io, 'play', '--script PLAYTHROUGH is required');

    const scenario = loadScenario(positionals[0]!);
    if (!scenario.ok) return fail(io, scenario.problems);
    const playthrough = loadYamlAs(scriptFile, Playthrough);
    if (!playthrough.ok) return fail(io, playthrough.problems);
    const base = scenario.value.scenario;
    // A playthrough names the scenario, or one of its variants ("dns-hell.hard").
    const sc = scenarioNamed(base, playthrough.value.scenario);
    if (!sc) {
      return usageError(
        io,
        'play',
        `${scriptFile} is a playthrough of "${playthrough.value.scenario}", not of "${base.id}" or its variants`,
      );
    }

    const result = runPlaythrough(compile(sc), playthrough.value);
    if (result.aborted) {
      // No score for a drill that never started: say why, and fail.
      const { code, message } = result.aborted.error;
      io.err(`${scriptFile}: the drill never started: ${code}: ${message}`);
      return EXIT.failed;
    }
    if (values.json === true) {
      const { score, unmet, events } = result;
      io.out(
        JSON.stringify(
          {
            playthrough: playthrough.value.name,
            scenario: sc.id,
            score,
            unmet,
            eventCount: events.length,
          },
          null,
          2,
        ),
      );
    } else {
      printDebrief(io, sc, playthrough.value, result);
    }
    return result.unmet.length > 0 ? EXIT.failed : EXIT.ok;
  },
};

function fail(io: Io, problems: string[]) {
  problems.forEach((line) => io.err(line));
  return EXIT.failed;
}

const num = (x: number) => String(Math.round(x * 10) / 10);
const min = (x: number | null) => (x === null ? 'never' : `${num(x)} min`);

function printDebrief(
  io: Io,
  sc: Scenario,
  p: Playthrough,
  { state, score, unmet, events }: PlaythroughResult,
) {
  io.out(`${sc.title}: playthrough "${p.name}"`);
  if (state.ended)
    io.out(`Ended at ${min(state.ended.at / 60)}: ${state.ended.reason} (${events.length} events)`);
  io.out('');
  io.out(
    `Score: ${num(score.percent)}%  (${num(score.earned)} of ${num(score.max)} points, ${num(score.penalties)} lost to penalties)`,
  );

  io.out('');
  io.out('Rubric');
  const marks = score.items.map((i) => `${num(i.earned)}/${num(i.max)}`);
  const width = Math.max(0, ...marks.map((m) => m.length));
  score.items.forEach((item, k) =>
    io.out(`  ${marks[k]!.padStart(width)}  ${item.label}: ${item.explanation}`),
  );
  if (score.items.length === 0) io.out('  (the scenario has no rubric)');

  io.out('');
  io.out('Penalties');
  const points = score.penaltyItems.map((pen) => `-${num(pen.points)}`);
  const pointsWidth = Math.max(0, ...points.map((x) => x.length));
  score.penaltyItems.forEach((pen, k) => {
    // A harmful action's label already says when it happened.
    const label = pen.kind === 'harmful' ? pen.label : `${pen.label} at ${min(pen.at)}`;
    io.out(`  ${points[k]!.padStart(pointsWidth)}  ${label}: ${pen.why}`);
  });
  if (score.penaltyItems.length === 0) io.out('  none');

  if (score.timings.length > 0) {
    io.out('');
    io.out('Key timings');
    const nameWidth = Math.max(...score.timings.map((t) => t.name.length));
    for (const t of score.timings) {
      const verdict = t.met ? 'met' : t.actual === null ? 'never reached' : 'missed';
      io.out(
        `  ${t.name.padEnd(nameWidth)}  ${min(t.actual).padStart(9)}  target ${min(t.target).padEnd(8)}  ${verdict}`,
      );
    }
  }

  io.out('');
  io.out('Lessons');
  for (const lesson of sc.debrief.lessons) io.out(`  - ${lesson}`);

  io.out('');
  if (unmet.length === 0) io.out('Expectations: all met');
  else {
    io.out('Unmet expectations');
    for (const u of unmet) io.out(`  - ${u}`);
  }
}
