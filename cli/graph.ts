// `firedrill graph FILE`: the scenario's phases as a Mermaid state diagram, to paste into
// a Markdown file or a Mermaid live editor.
import { toMermaid } from '../shared/index.ts';
import { EXIT, usageError, type CliCommand } from './command.ts';
import { loadScenario } from './load.ts';

export const graphCommand: CliCommand = {
  name: 'graph',
  usage: 'graph FILE',
  summary: "Print a scenario's phases and transitions as a Mermaid state diagram.",
  description:
    'The diagram goes to standard output; wrap it in a ```mermaid fence to render it in Markdown.',
  options: {},
  run({ positionals }, io) {
    if (positionals.length !== 1) return usageError(io, 'graph', 'name exactly one scenario file');
    const loaded = loadScenario(positionals[0]!);
    if (!loaded.ok) {
      loaded.problems.forEach((line) => io.err(line));
      return EXIT.failed;
    }
    io.out(toMermaid(loaded.value.scenario).trimEnd());
    return EXIT.ok;
  },
};
