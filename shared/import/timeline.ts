// Timeline exports, the shape incident tools export: CSV with a header row, or JSON (a list
// of rows, or an object with a "timeline"/"events" list and an optional "title"). Columns:
// a timestamp, an actor, a kind and a text, under the names the usual tools give them.
import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { isMap, isSeq, LineCounter, parseDocument, visit, type Node } from 'yaml';
import { storyStart, toEntries, type RawRow } from './entries.ts';
import { ImportError, type IncidentRecord } from './record.ts';
import { instantOf } from './timestamp.ts';

const COLUMNS = {
  timestamp: ['timestamp', 'time', 'date', 'datetime', 'at', 'when', 'occurred_at', 'created_at'],
  actor: ['actor', 'who', 'author', 'user', 'by', 'person', 'source'],
  kind: ['kind', 'type', 'event_type', 'category', 'event'],
  text: ['text', 'message', 'description', 'summary', 'note', 'body', 'content', 'what'],
} as const;
type Column = keyof typeof COLUMNS;

function columnFor(name: string): Column | undefined {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return (Object.keys(COLUMNS) as Column[]).find((c) =>
    (COLUMNS[c] as readonly string[]).includes(key),
  );
}

function titleFrom(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  const words = base.replace(/[-_]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'Imported incident';
}

function record(rows: RawRow[], title: string, from: string): IncidentRecord {
  return { title, lessons: [], entries: toEntries(rows), from, ...storyStart(rows) };
}

export function importCsv(fileName: string, text: string): IncidentRecord {
  let table: { record: string[]; info: { lines: number } }[];
  try {
    table = parseCsv(text, {
      info: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: false,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new ImportError({
        ...(line !== undefined ? { line } : {}),
        message: error.message.replace(/^Invalid Record Length: /, '').replace(/ on line \d+$/, ''),
      });
    }
    throw error;
  }
  const [header, ...body] = table;
  if (!header) throw new ImportError({ message: 'the file is empty' });
  const columns = header.record.map(columnFor);
  for (const needed of ['timestamp', 'text'] as const)
    if (!columns.includes(needed))
      throw new ImportError({
        line: header.info.lines,
        message: `the header names no ${needed} column (expected one of: ${COLUMNS[needed].join(', ')})`,
      });
  const rows = body.map(({ record: cells, info }): RawRow => {
    const cell = (c: Column) => cells[columns.indexOf(c)] ?? '';
    return {
      instant: located(info.lines, () => instantOf(cell('timestamp'))),
      actor: cell('actor'),
      kind: cell('kind'),
      text: cell('text'),
      line: info.lines,
    };
  });
  return record(rows, titleFrom(fileName), 'a CSV timeline');
}

function located<T>(line: number, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof RangeError) throw new ImportError({ line, message: error.message });
    throw error;
  }
}

/** JSON parsed with positions (JSON is YAML), so every problem names its line. */
export function parseJsonLocated(text: string): {
  value: unknown;
  lineOf: (node: Node | undefined) => number | undefined;
  root: Node | null;
} {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const error = doc.errors[0];
  if (error)
    throw new ImportError({
      line: lineCounter.linePos(error.pos[0]).line,
      message: `not valid JSON: ${error.message.split('\n')[0]}`,
    });
  const lineOf = (node: Node | undefined) =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  // YAML's aliases (`*name`) are not JSON, and one without its anchor throws when read.
  let alias: Node | undefined;
  visit(doc, {
    Alias(_, node) {
      alias = node;
      return visit.BREAK;
    },
  });
  if (alias)
    throw new ImportError({
      line: lineOf(alias) ?? 1,
      message: 'not valid JSON: "*" outside a string',
    });
  return { value: doc.toJS(), lineOf, root: doc.contents as Node | null };
}

/** A JSON timeline: `[{...}]`, or `{title?, timeline|events: [{...}]}`. */
export function importJsonTimeline(fileName: string, text: string): IncidentRecord {
  const { root, lineOf } = parseJsonLocated(text);
  let list: Node | null | undefined = root;
  let title = titleFrom(fileName);
  if (isMap(root)) {
    const t = root.get('title');
    if (typeof t === 'string' && t.trim()) title = t.trim();
    list = (root.get('timeline', true) ?? root.get('events', true)) as Node | undefined;
  }
  if (!isSeq(list))
    throw new ImportError({
      line: lineOf(root ?? undefined) ?? 1,
      message: 'expected a list of timeline rows, or an object with a "timeline" list',
    });
  const rows = list.items.map((item): RawRow => {
    const line = lineOf(item as Node) ?? 1;
    if (!isMap(item)) throw new ImportError({ line, message: 'a timeline row must be an object' });
    const fields: Partial<Record<Column, unknown>> = {};
    for (const pair of item.items) {
      const key = (pair.key as { value?: unknown } | null)?.value;
      const column = typeof key === 'string' ? columnFor(key) : undefined;
      const value = (pair.value as { toJSON?: () => unknown } | null)?.toJSON?.();
      if (column && fields[column] === undefined) fields[column] = value;
    }
    if (fields.timestamp === undefined)
      throw new ImportError({ line, message: 'the row has no timestamp' });
    const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : String(v));
    return {
      instant: located(line, () => instantOf(fields.timestamp)),
      actor: str(fields.actor),
      kind: str(fields.kind),
      text: str(fields.text),
      line,
    };
  });
  return record(rows, title, 'a JSON timeline');
}
