// The `firedrill` process: arguments in, lines out, an exit code. Everything else is in
// run.ts and the command modules, which tests call in-process.
import { processIo } from './io.ts';
import { run } from './run.ts';

// A reader that goes away (`firedrill play ... | head -3`) is not an error: what is left to
// print goes nowhere, and the process ends quietly with the command's own exit code.
const QUIET = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (!QUIET.has(error.code ?? '')) throw error;
  });
}

process.exitCode = await run(process.argv.slice(2), processIo);
