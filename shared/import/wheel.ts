// The wheel-of-misfortune lists teams already keep: a JSON list of incidents (or
// `{incidents: [...]}`), each with a title and a description, and often a severity, hints
// and the fix. One record per incident: the page that starts it, and the fix when known.
import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import { ImportError, type IncidentRecord, type TimelineEntry } from './record.ts';
import { parseJsonLocated } from './timeline.ts';
import { clean } from './words.ts';

/** Each incident is a draft the preview plays: a wheel larger than this is split. */
const MAX_INCIDENTS = 50;
const FIX = ['resolution', 'solution', 'fix', 'answer', 'remediation', 'mitigation'];
const CAUSE = ['rootCause', 'root_cause', 'cause'];
const PAGE = ['alert', 'page', 'trigger', 'symptom', 'symptoms'];

/** Whether a JSON value looks like a wheel: incidents with titles and descriptions. */
export function looksLikeWheel(value: unknown): boolean {
  const list = Array.isArray(value) ? value : (value as { incidents?: unknown } | null)?.incidents;
  return (
    Array.isArray(list) &&
    list.length > 0 &&
    list.every(
      (x) =>
        typeof x === 'object' &&
        x !== null &&
        ('title' in x || 'name' in x) &&
        ('description' in x || 'scenario' in x || 'prompt' in x),
    )
  );
}

function text(map: YAMLMap, keys: string[]): string | undefined {
  for (const key of keys) {
    const v: unknown = map.get(key);
    if (typeof v === 'string' && v.trim()) return clean(v).trim().replace(/\s+/g, ' ');
  }
  return undefined;
}

export function importWheel(source: string): IncidentRecord[] {
  const { root, lineOf } = parseJsonLocated(source);
  const list = isMap(root) ? (root.get('incidents', true) as Node | undefined) : root;
  if (!isSeq(list)) throw new ImportError({ line: 1, message: 'expected a list of incidents' });
  if (list.items.length > MAX_INCIDENTS)
    throw new ImportError({
      line: lineOf(list.items[MAX_INCIDENTS] as Node) ?? 1,
      message: `the list has ${list.items.length} incidents; import at most ${MAX_INCIDENTS} at a time`,
    });
  return list.items.map((item) => {
    const line = lineOf(item as Node) ?? 1;
    if (!isMap(item)) throw new ImportError({ line, message: 'an incident must be an object' });
    const title = text(item, ['title', 'name']);
    const description = text(item, ['description', 'scenario', 'prompt']);
    if (!title) throw new ImportError({ line, message: 'the incident has no "title"' });
    if (!description)
      throw new ImportError({ line, message: `incident "${title}" has no "description"` });
    const page = text(item, PAGE) ?? `Paged: ${title}`;
    const fix = text(item, FIX);
    const cause = text(item, CAUSE);
    const rawHints: unknown = item.toJSON()?.hints;
    const hints = Array.isArray(rawHints)
      ? rawHints
          .filter((h): h is string => typeof h === 'string' && h.trim() !== '')
          .map((h) => clean(h).trim())
      : [];
    const entries: TimelineEntry[] = [
      { minute: 0, actor: 'Pager', kind: 'detection', text: page, by: 'world', line },
    ];
    if (fix)
      entries.push({
        minute: 10,
        actor: 'On-call',
        kind: 'resolution',
        text: fix,
        by: 'team',
        line,
      });
    return {
      title,
      summary: description,
      ...(cause ? { rootCause: cause } : {}),
      lessons: [],
      entries,
      from: 'a wheel-of-misfortune list',
      hints,
    };
  });
}
