// The `firedrill` process: arguments in, lines out, an exit code. Everything else is in
// run.ts and the command modules, which tests call in-process.
import { processIo } from './io.ts';
import { run } from './run.ts';

process.exitCode = await run(process.argv.slice(2), processIo);
