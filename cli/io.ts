// Where the CLI writes. Commands take an Io instead of touching process.stdout, so tests run
// them in-process and read what they printed.

export interface Io {
  /** One line of the command's result (stdout). */
  out(line: string): void;
  /** One line about a problem with the invocation itself (stderr). */
  err(line: string): void;
}

export const processIo: Io = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
};

/** An Io that keeps what it is given, for tests. */
export function memoryIo(): Io & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (line) => void out.push(line),
    err: (line) => void err.push(line),
    stdout: () => out.map((l) => `${l}\n`).join(''),
    stderr: () => err.map((l) => `${l}\n`).join(''),
  };
}
