// The CLI's dispatcher: picks the command, parses its arguments with node's util.parseArgs
// and turns bad arguments into a message and exit code 2, never a stack trace.
import { parseArgs } from 'node:util';
import { commandHelp, EXIT, usageError, type CliCommand, type ExitCode } from './command.ts';
import { graphCommand } from './graph.ts';
import { importCommand } from './import.ts';
import type { Io } from './io.ts';
import { lintCommand } from './lint.ts';
import { playCommand } from './play.ts';
import { schemaCommand } from './schema.ts';
import { validateCommand } from './validate.ts';

export const COMMANDS: CliCommand[] = [
  validateCommand,
  lintCommand,
  graphCommand,
  playCommand,
  schemaCommand,
  importCommand,
];

export function toolHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'firedrill: check, draw and play incident-response drill scenarios',
    '',
    'Usage: firedrill <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "firedrill <command> --help" for the options of a command.',
    'Exit codes: 0 all good, 1 a check failed, 2 bad arguments.',
  ].join('\n');
}

export async function run(argv: readonly string[], io: Io): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.out(topic ? commandHelp(topic) : toolHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`firedrill: unknown command "${name}"`);
    io.err(`Commands: ${COMMANDS.map((c) => c.name).join(', ')}. Run "firedrill --help" for more.`);
    return EXIT.usage;
  }

  const options = {
    ...Object.fromEntries(
      Object.entries(command.options).map(([k, o]) => [
        k,
        { type: o.type, ...(o.short ? { short: o.short } : {}) },
      ]),
    ),
    help: { type: 'boolean' as const, short: 'h' },
  };
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof options; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseArgs({ args: [...rest], options, allowPositionals: true, strict: true });
  } catch (error) {
    // util.parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for user mistakes.
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return usageError(
      io,
      command.name,
      message.replace(/\. To specify a positional argument.*$/, ''),
    );
  }
  if (parsed.values.help === true) {
    io.out(commandHelp(command));
    return EXIT.ok;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  return command.run({ positionals: parsed.positionals, values }, io);
}
