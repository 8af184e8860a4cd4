// What a CLI command is: a name, its help, its options (for node's util.parseArgs) and a
// function from parsed arguments to an exit code.
import type { Io } from './io.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** The value's name in --help, e.g. "FILE". */
  arg?: string;
  help: string;
}

export interface Args {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

export interface CliCommand {
  name: string;
  /** e.g. "lint [--strict] FILE..." */
  usage: string;
  summary: string;
  /** Paragraphs shown by --help after the usage line. */
  description: string;
  options: Record<string, OptionSpec>;
  run(args: Args, io: Io): ExitCode | Promise<ExitCode>;
}

export function commandHelp(c: CliCommand): string {
  const options = Object.entries({
    ...c.options,
    help: { type: 'boolean', short: 'h', help: 'Show this help' } as OptionSpec,
  });
  const flag = ([name, o]: [string, OptionSpec]) =>
    `${o.short ? `-${o.short}, ` : '    '}--${name}${o.arg ? ` ${o.arg}` : ''}`;
  const width = Math.max(...options.map((o) => flag(o).length));
  return [
    `Usage: firedrill ${c.usage}`,
    '',
    c.summary,
    '',
    c.description,
    '',
    'Options:',
    ...options.map((o) => `  ${flag(o).padEnd(width)}  ${o[1].help}`),
  ].join('\n');
}

/** Reports bad arguments the same way for every command. */
export function usageError(io: Io, command: string, message: string): ExitCode {
  io.err(`firedrill ${command}: ${message}`);
  io.err(`Run "firedrill ${command} --help" for usage.`);
  return EXIT.usage;
}
