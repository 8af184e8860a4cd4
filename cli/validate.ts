// `firedrill validate FILE...`: does each scenario parse, match the schema and refer only to
// things it defines? Prints file:line:column for every problem.
import type { Scenario } from '../shared/index.ts';
import { EXIT, usageError, type CliCommand } from './command.ts';
import type { Io } from './io.ts';
import { expandFiles, loadScenario } from './load.ts';

export const validateCommand: CliCommand = {
  name: 'validate',
  usage: 'validate FILE...',
  summary: 'Check scenario files against the schema and their own references.',
  description: [
    'Each problem is printed as "file:line:column: path: message". A directory stands for',
    'the .yaml files in it. Exits with 1 if any file has a problem.',
  ].join('\n'),
  options: {},
  run({ positionals }, io) {
    if (positionals.length === 0)
      return usageError(io, 'validate', 'name at least one scenario file');
    const files = expandFiles(positionals);
    if (!files.ok) return report(io, files.problems);
    let failed = 0;
    for (const file of files.value) {
      const loaded = loadScenario(file);
      if (loaded.ok) {
        io.out(`${file}: ok (${counts(loaded.value.scenario)})`);
      } else {
        failed++;
        loaded.problems.forEach((line) => io.out(line));
      }
    }
    summarise(io, files.value.length, failed);
    return failed > 0 ? EXIT.failed : EXIT.ok;
  },
};

export function counts(s: Scenario): string {
  const n = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  return [
    n(s.roles.length, 'role'),
    n(s.phases.length, 'phase'),
    n(s.actions.length, 'action'),
    n(s.injects.length, 'inject'),
    n(s.findings.length, 'finding'),
    n(s.hints.length, 'hint'),
  ].join(', ');
}

export function summarise(io: Io, total: number, failed: number) {
  if (total < 2) return;
  io.out(failed === 0 ? `${total} files ok` : `${failed} of ${total} files have problems`);
}

function report(io: Io, problems: string[]) {
  problems.forEach((line) => io.out(line));
  return EXIT.failed;
}
