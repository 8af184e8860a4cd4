// What every import format is turned into before a draft is built: an incident record (a
// timeline of who did or saw what, when) or a story (an Ink-like graph of scenes and choices).
// Pure data; the parsers fill it, draft.ts and story-draft.ts read it.

/** The moments the usual postmortem templates mark; "action" is anything else the team did. */
export type EntryKind =
  'detection' | 'escalation' | 'mitigation' | 'resolution' | 'action' | 'message' | 'world';

export const MARKERS = ['detection', 'escalation', 'mitigation', 'resolution'] as const;
export type Marker = (typeof MARKERS)[number];

export interface TimelineEntry {
  /** Minutes since the first entry of the timeline. */
  minute: number;
  /** Who did it or said it; empty when the record does not say. */
  actor: string;
  kind: EntryKind;
  text: string;
  /** Whether a person on the team acted (a role) or the world did (an inject). */
  by: 'team' | 'world';
  /** The line of the source file, for messages and for the facilitator's notes. */
  line: number;
}

export interface IncidentRecord {
  title: string;
  summary?: string;
  rootCause?: string;
  lessons: string[];
  /** Story time of the first entry, when the record says it. */
  startsAt?: string;
  date?: string;
  entries: TimelineEntry[];
  /** Which importer read it, in words ("a Markdown postmortem"). */
  from: string;
  /** A wheel-of-misfortune card's hints, kept as the draft's hints. */
  hints?: string[];
}

export interface StoryChoice {
  text: string;
  /** The scene this choice leads to. */
  to: string;
}

export interface StoryScene {
  id: string;
  text: string;
  choices: StoryChoice[];
}

export interface Story {
  title: string;
  /** The first scene is where the drill starts. */
  scenes: StoryScene[];
  from: string;
}

/** A problem with the file, located where a person can find it. */
export interface ImportProblem {
  line?: number;
  message: string;
}

export class ImportError extends Error {
  constructor(readonly problem: ImportProblem) {
    super(
      problem.line !== undefined ? `line ${problem.line}: ${problem.message}` : problem.message,
    );
  }
}
