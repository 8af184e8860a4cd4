// `firedrill graph FILE`: the scenario's phases as a Mermaid state diagram, to paste into
// a Markdown file or a Mermaid live editor.
import { toMermaid, toMermaidModel } from '../shared/index.ts';
import { EXIT, usageError, type CliCommand } from './command.ts';
import { loadScenario } from './load.ts';

export const graphCommand: CliCommand = {
  name: 'graph',
  usage: 'graph [--model] FILE',
  summary:
    "Print a scenario's phases and transitions (or, with --model, its system model) as a Mermaid diagram.",
  description:
    'The diagram goes to standard output; wrap it in a ```mermaid fence to render it in Markdown. ' +
    'With --model: what derived metrics, rules, alerts, services and objectives read and write.',
  options: {
    model: { type: 'boolean', help: 'Draw the system model instead of the phases' },
  },
  run({ positionals, values }, io) {
    if (positionals.length !== 1) return usageError(io, 'graph', 'name exactly one scenario file');
    const loaded = loadScenario(positionals[0]!);
    if (!loaded.ok) {
      loaded.problems.forEach((line) => io.err(line));
      return EXIT.failed;
    }
    const draw = values.model === true ? toMermaidModel : toMermaid;
    io.out(draw(loaded.value.scenario).trimEnd());
    return EXIT.ok;
  },
};
