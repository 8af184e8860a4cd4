// What a benchmark module returns and how the runner prints it: titled tables of figures
// already formatted by the module, plus notes.

export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
  /** Columns to align left (the rest align right, as numbers do). */
  left?: number[];
}

export interface BenchReport {
  title: string;
  tables: Table[];
  notes: string[];
  /** False when a figure misses its target; the runner exits with 1. */
  ok: boolean;
  /** The aims missed, one phrase each (printed, so that an exit code of 1 says why). */
  notMet: string[];
}

export interface BenchModule {
  bench(options: { quick: boolean }): BenchReport | Promise<BenchReport>;
}

export function formatTable(t: Table): string {
  const widths = t.columns.map((c, i) =>
    Math.max(c.length, ...t.rows.map((r) => (r[i] ?? '').length)),
  );
  const left = new Set(t.left ?? [0]);
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (left.has(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    t.title,
    line(t.columns),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...t.rows.map(line),
  ].join('\n');
}

export function formatReport(r: BenchReport): string {
  return [
    r.title,
    '='.repeat(r.title.length),
    '',
    ...r.tables.flatMap((t) => [formatTable(t), '']),
    ...r.notes.map((n) => `* ${n}`),
    ...(r.ok ? [] : ['', `not met: ${r.notMet.join('; ') || 'an aim the module did not name'}`]),
  ].join('\n');
}
