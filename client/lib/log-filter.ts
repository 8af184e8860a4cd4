// The log viewer's filter: plain words (all must appear), "-word" to exclude, and
// "level:warn" style level filters (warn also shows error). Pure.

export interface LogLineLike {
  t: number;
  stream: string;
  text: string;
  level: string;
}

const LEVELS = ['debug', 'info', 'warn', 'error'];

export interface LogQuery {
  include: string[];
  exclude: string[];
  minLevel: number;
  stream: string | null;
}

export function parseLogQuery(query: string, stream: string | null = null): LogQuery {
  const include: string[] = [];
  const exclude: string[] = [];
  let minLevel = 0;
  for (const raw of query.toLowerCase().split(/\s+/).filter(Boolean)) {
    const level = /^level:(\w+)$/.exec(raw);
    if (level && LEVELS.includes(level[1]!)) minLevel = LEVELS.indexOf(level[1]!);
    else if (raw.startsWith('-') && raw.length > 1) exclude.push(raw.slice(1));
    else include.push(raw);
  }
  return { include, exclude, minLevel, stream };
}

export function filterLogs<L extends LogLineLike>(lines: readonly L[], q: LogQuery): L[] {
  return lines.filter((l) => {
    if (q.stream !== null && l.stream !== q.stream) return false;
    if (LEVELS.indexOf(l.level) < q.minLevel) return false;
    const text = l.text.toLowerCase();
    return q.include.every((w) => text.includes(w)) && !q.exclude.some((w) => text.includes(w));
  });
}
