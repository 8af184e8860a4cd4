// From raw timeline rows (a timestamp, maybe an actor and a kind, a text, a line) to
// classified entries in minutes since the first one. Every importer of timelines ends here.
import {
  exportKind,
  isWorldActor,
  kindOf,
  soundsLikeAlert,
  soundsLikeReport,
  withoutTags,
} from './classify.ts';
import { ImportError, type EntryKind, type TimelineEntry } from './record.ts';
import { relativeMinutes, type Instant } from './timestamp.ts';
import { clean } from './words.ts';

export interface RawRow {
  instant: Instant;
  actor: string;
  /** The kind the source gave, if any ("alert", "mitigation", "chat"...). */
  kind?: string;
  text: string;
  line: number;
}

/** Story time of the first row: the draft's clock shows it beside T+. */
export function storyStart(rows: RawRow[]): { startsAt?: string; date?: string } {
  const first = rows[0]?.instant;
  return first ? { startsAt: first.clock, ...(first.date ? { date: first.date } : {}) } : {};
}

/** More than a drill can hold; and each row becomes a step the preview plays. */
export const MAX_ENTRIES = 1000;

export function toEntries(rows: RawRow[]): TimelineEntry[] {
  if (rows.length === 0)
    throw new ImportError({ message: 'the timeline has no timestamped lines' });
  if (rows.length > MAX_ENTRIES)
    throw new ImportError({
      line: rows[MAX_ENTRIES]!.line,
      message: `the timeline has ${rows.length} entries; a drill holds at most ${MAX_ENTRIES}: keep the part worth practising`,
    });
  const minutes = relativeMinutes(
    rows.map((r) => r.instant),
    rows.map((r) => r.line),
  );
  return rows.map((row, i) => {
    const given = row.kind ? exportKind(row.kind) : undefined;
    if (row.kind && given === undefined && row.kind.trim() !== '')
      throw new ImportError({
        line: row.line,
        message: `unknown kind "${row.kind}" (use detection, escalation, mitigation, resolution, action, message or alert)`,
      });
    const text = withoutTags(clean(row.text));
    if (text === '') throw new ImportError({ line: row.line, message: 'the line has no text' });
    const actor = clean(row.actor).trim();
    const world =
      given === 'world' ||
      (actor !== '' && isWorldActor(actor)) ||
      (actor === '' && (soundsLikeAlert(actor, text) || soundsLikeReport(actor, text)));
    // A row the source calls "alert" is the world; its marker comes from its words.
    const kind: EntryKind =
      given !== undefined && given !== 'world' ? given : markerOrAction(row.text, world);
    return { minute: minutes[i]!, actor, kind, text, by: world ? 'world' : 'team', line: row.line };
  });
}

function markerOrAction(text: string, world: boolean): EntryKind {
  const kind = kindOf(text);
  // A page from the monitoring is detection; a person paging someone is escalation.
  if (world && kind === 'escalation') return 'detection';
  if (world && kind === 'action') return 'world';
  return kind;
}
