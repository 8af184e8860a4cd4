// `firedrill lint FILE...`: validate, then look for what a valid scenario can still get
// wrong (unreachable phases, dead ends, ideal steps that can never happen).
import { lintScenario } from '../shared/index.ts';
import { EXIT, usageError, type CliCommand } from './command.ts';
import { expandFiles, loadScenario, locator } from './load.ts';
import { summarise } from './validate.ts';

export const lintCommand: CliCommand = {
  name: 'lint',
  usage: 'lint [--strict] FILE...',
  summary: 'Validate scenario files, then report mistakes a valid scenario can still hold.',
  description: [
    'Findings are printed as "file:line:column: path: error|warning: message". Errors make',
    'the command exit with 1; warnings do too with --strict.',
  ].join('\n'),
  options: {
    strict: { type: 'boolean', help: 'Treat warnings as errors' },
  },
  run({ positionals, values }, io) {
    if (positionals.length === 0) return usageError(io, 'lint', 'name at least one scenario file');
    const strict = values.strict === true;
    const files = expandFiles(positionals);
    if (!files.ok) {
      files.problems.forEach((line) => io.out(line));
      return EXIT.failed;
    }
    let failed = 0;
    for (const file of files.value) {
      const loaded = loadScenario(file);
      if (!loaded.ok) {
        failed++;
        loaded.problems.forEach((line) => io.out(line));
        continue;
      }
      const findings = lintScenario(loaded.value.scenario);
      const locate = locator(loaded.value.text);
      for (const f of findings) {
        const at = locate(f.path);
        const where = at ? `${file}:${at.line}:${at.column}` : file;
        const path = f.path.length ? ` ${f.path.join('.')}:` : '';
        io.out(`${where}:${path} ${f.level}: ${f.message}`);
      }
      const errors = findings.filter((f) => f.level === 'error').length;
      const warnings = findings.length - errors;
      if (errors > 0 || (strict && warnings > 0)) failed++;
      if (findings.length === 0) io.out(`${file}: ok`);
      else io.out(`${file}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
    }
    summarise(io, files.value.length, failed);
    return failed > 0 ? EXIT.failed : EXIT.ok;
  },
};

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
