// An incident record becomes a scenario draft: roles from the people in it, phases between
// its markers (detection, escalation, mitigation, resolution), injects from what the world
// did, actions from what the team did, and the team's own timeline as the "what really
// happened" playthrough. What only a facilitator can decide (ideal steps, wrong turns,
// briefs, lessons) is written as a TODO, which lint reports as "to enrich". Pure.
import type { ScenarioInput } from '../scenario/schema.ts';
import type { z } from 'zod';
import type { Playthrough } from '../engine/playthrough.ts';
import {
  soundsHarmful,
  soundsLikeAlert,
  soundsLikeReport,
  soundsLikeStatusUpdate,
} from './classify.ts';
import { MARKERS, type IncidentRecord, type Marker, type TimelineEntry } from './record.ts';
import { slugger, oneLine, roleName } from './words.ts';

type Input<T> = T extends (infer U)[] ? U : never;
type PhaseInput = Input<NonNullable<ScenarioInput['phases']>>;
type ActionInput = Input<NonNullable<ScenarioInput['actions']>>;
type InjectInput = Input<NonNullable<ScenarioInput['injects']>>;
type ExpectedInput = Input<NonNullable<NonNullable<ScenarioInput['scoring']>['expected']>>;
type HarmfulInput = Input<NonNullable<NonNullable<ScenarioInput['scoring']>['harmful']>>;
type StepInput = Input<z.input<typeof Playthrough>['steps']>;
export type PlaythroughInput = z.input<typeof Playthrough>;

export interface ScenarioDraft {
  scenario: ScenarioInput;
  playthrough: PlaythroughInput;
}

const PHASE: Record<Marker, { id: string; title: string }> = {
  detection: { id: 'detected', title: 'Detected' },
  escalation: { id: 'escalated', title: 'Escalated' },
  mitigation: { id: 'mitigated', title: 'Mitigated' },
  resolution: { id: 'resolved', title: 'Resolved' },
};
const CATEGORY: Record<string, ActionInput['category']> = {
  detection: 'investigate',
  escalation: 'escalate',
  mitigation: 'mitigate',
  resolution: 'mitigate',
};

const TODO_HARMFUL =
  'TODO: add the wrong turns this team took or was tempted by as actions, and list them in scoring.harmful with a penalty and why.';

export function draftFromRecord(record: IncidentRecord): ScenarioDraft {
  const entries = record.entries;
  const actionSlug = slugger();
  const injectSlug = slugger();
  const roleSlug = slugger();

  // Roles: the people of the team, in the order they first act.
  const roleOf = new Map<string, string>();
  const roles: ScenarioInput['roles'] = [];
  const teamActor = (e: TimelineEntry) => e.actor || 'On-call';
  for (const e of entries.filter((x) => x.by === 'team')) {
    const name = teamActor(e);
    if (roleOf.has(name)) continue;
    const id = roleSlug(name, 'role');
    roleOf.set(name, id);
    const count = entries.filter((x) => x.by === 'team' && teamActor(x) === name).length;
    roles.push({
      id,
      name: roleName(name),
      brief: `You are ${roleName(name)}. TODO: write what this role knew and could do when the incident began (the record names them in ${count} ${count === 1 ? 'entry' : 'entries'}).`,
      required: roles.length === 0,
    });
  }
  if (roles.length === 0) {
    roleOf.set('On-call', 'on-call');
    roles.push({
      id: 'on-call',
      name: 'On-call',
      brief: 'You are on call. TODO: write what this role knows when the page arrives.',
      required: true,
    });
  }
  const firstRole = roles[0]!.id;

  // The first entry of each marker splits the timeline into phases.
  const markers = MARKERS.map((m) => entries.find((e) => e.kind === m))
    .filter((e): e is TimelineEntry => e !== undefined)
    .sort((a, b) => a.minute - b.minute || entries.indexOf(a) - entries.indexOf(b));
  const phaseStarts = new Map<TimelineEntry, Marker>(markers.map((e) => [e, e.kind as Marker]));

  const actions: ActionInput[] = [];
  const injects: InjectInput[] = [];
  const alerts: NonNullable<ScenarioInput['alerts']> = [];
  const reports: NonNullable<ScenarioInput['reports']> = [];
  const steps: StepInput[] = [];
  const expected: ExpectedInput[] = [];
  const harmful: HarmfulInput[] = [];
  const byText = new Map<string, ActionInput>();
  /** What makes the drill enter each marker's phase. */
  const trigger = new Map<Marker, { action: string } | { inject: string }>();

  for (const e of entries) {
    const marker = phaseStarts.get(e);
    const line = `line ${e.line} of the record`;
    if (e.by === 'world') {
      const id = injectSlug(e.text, 'inject');
      const effects: InjectInput['effects'] = [];
      if (soundsLikeAlert(e.actor, e.text) && e.kind !== 'resolution' && e.kind !== 'mitigation') {
        const alert = `alert-${id}`;
        alerts.push({ id: alert, title: oneLine(e.text, 80), severity: 'critical' });
        effects.push({ fire: alert });
      } else if (soundsLikeReport(e.actor, e.text)) {
        const report = `report-${id}`;
        reports.push({ id: report, from: e.actor || 'A customer', text: e.text });
        effects.push({ report: report });
      } else {
        effects.push({ message: e.text, from: e.actor || 'The world' });
      }
      injects.push({
        id,
        title: oneLine(e.text, 80),
        description: `From ${line} (${e.actor || 'no actor named'}).`,
        at: e.minute,
        effects,
      });
      if (marker) trigger.set(marker, { inject: id });
      continue;
    }

    const role = roleOf.get(teamActor(e))!;
    if (e.kind === 'message' || (!marker && soundsLikeStatusUpdate(e.text))) {
      steps.push(
        soundsLikeStatusUpdate(e.text)
          ? { at: e.minute, as: role, status: e.text }
          : { at: e.minute, as: role, say: e.text },
      );
      if (!marker) continue;
    }
    const key = `${role}\n${e.text.toLowerCase()}`;
    let action = byText.get(key);
    if (action) action.repeatable = true;
    else {
      action = {
        id: actionSlug(e.text, 'action'),
        label: capitalise(oneLine(e.text.replace(/\.$/, ''), 80) || e.text),
        description: `From ${line}: ${e.text}`,
        category: CATEGORY[e.kind] ?? guessCategory(e.text),
        roles: [role],
      };
      byText.set(key, action);
      actions.push(action);
    }
    if (e.kind !== 'message') steps.push({ at: e.minute, as: role, do: action.id });
    if (marker) {
      trigger.set(marker, { action: action.id });
      expected.push({
        id: `${PHASE[marker].id}-step`,
        action: action.id,
        by: [role],
        points: 10,
        deadline: { minutes: Math.max(1, Math.ceil(e.minute)) },
        lateBy: 10,
        why: `TODO: is this an ideal step? The team did it at minute ${e.minute} (${line}); say why it matters, who should take it and by when.`,
      });
    }
    if (soundsHarmful(e.text) && !harmful.some((h) => h.action === action.id))
      harmful.push({
        id: `${action.id}-harmful`,
        action: action.id,
        penalty: 10,
        why: `TODO: the record calls this a mistake (${line}); say what it cost, or remove it.`,
      });
  }

  // A step that moved the incident on (a marker's) is expected of the team: it cannot also be
  // charged as always harmful, whatever words the record used around it.
  const expectedActions = new Set(expected.map((x) => x.action));
  for (let i = harmful.length - 1; i >= 0; i--)
    if (expectedActions.has(harmful[i]!.action)) harmful.splice(i, 1);

  const last = entries.at(-1)?.minute ?? 0;
  // Without a resolution in the record, someone must declare it for the drill to end.
  if (!trigger.has('resolution')) {
    const id = actionSlug('declare-resolved', 'action');
    actions.push({
      id,
      label: 'Declare the incident resolved',
      description:
        'TODO: the record does not say when the incident ended; decide what ends the drill.',
      category: 'coordinate',
      roles: [firstRole],
    });
    trigger.set('resolution', { action: id });
    markers.push({
      minute: last + 1,
      actor: '',
      kind: 'resolution',
      text: 'Declared resolved',
      by: 'team',
      line: 0,
    });
    steps.push({ at: last + 1, as: firstRole, do: id });
  }

  // Phases: a start unless the record opens with its first marker, then one per marker.
  const phases: PhaseInput[] = [];
  // Nothing follows the resolution: a marker written after it (an escalation noted at the
  // same minute, below the resolution line) would be a phase nobody can reach.
  const ordered = markers.map((e) => e.kind as Marker);
  const end = ordered.indexOf('resolution');
  const phaseMarkers = end >= 0 ? ordered.slice(0, end + 1) : ordered;
  if (markers[0]!.minute > 0 || markers[0]!.kind !== 'detection')
    phases.push({ id: 'start', title: 'Before anyone noticed', transitions: [] });
  for (const m of phaseMarkers)
    phases.push({
      id: PHASE[m].id,
      title: PHASE[m].title,
      transitions: [],
      terminal: m === 'resolution',
    });
  phases[0]!.description = TODO_HARMFUL;
  phases.forEach((p, i) => {
    const next = phases[i + 1];
    if (!next || p.terminal) return;
    const marker = phaseMarkers.find((m) => PHASE[m].id === next.id)!;
    const t = trigger.get(marker)!;
    // A guard rather than the trigger itself: a team that acts in another order still moves
    // on once the earlier phase's marker is behind it.
    next.description ??= `Entered when ${'action' in t ? `"${t.action}" is done` : `"${t.inject}" fires`}.`;
    p.transitions!.push({
      to: next.id,
      if: 'action' in t ? { done: t.action } : { inject: t.inject },
    });
  });
  // Markers the resolution came before (a resolution written before its mitigation) stay out.
  const resolved = phases.find((p) => p.terminal)!.id;

  const timings: NonNullable<NonNullable<ScenarioInput['scoring']>['timings']> = {};
  const at = (m: Marker) => markers.find((e) => e.kind === m);
  for (const [name, m] of [
    ['detect', 'detection'],
    ['mitigate', 'mitigation'],
    ['resolve', 'resolution'],
  ] as const) {
    const e = at(m);
    if (e && phases.some((p) => p.id === PHASE[m].id))
      timings[name] = {
        marker: { phase: PHASE[m].id },
        target: Math.max(1, Math.ceil(e.minute)),
        points: 0,
      };
  }

  const hints = (record.hints ?? []).map((text, i) => ({ id: `hint-${i + 1}`, text, cost: 5 }));
  const id = slugger()(record.title, 'imported');
  const scenario: ScenarioInput = {
    id,
    title: oneLine(record.title, 80),
    summary:
      record.summary ??
      `TODO: summarise the incident for the facilitator (imported from ${record.from}).`,
    difficulty: 'intermediate',
    duration: Math.max(10, Math.ceil(last) + 5),
    tags: ['imported'],
    objectives: ['TODO: what should the team practise with this incident?'],
    source: {
      title: `${oneLine(record.title, 60)}, imported from ${record.from}`,
      kind: record.from.includes('wheel') ? 'original' : 'postmortem',
    },
    ...(record.startsAt
      ? { clock: { startsAt: record.startsAt, ...(record.date ? { date: record.date } : {}) } }
      : {}),
    roles,
    alerts,
    reports,
    phases,
    actions,
    injects,
    hints,
    scoring: { expected, harmful, timings },
    debrief: {
      whatHappened: record.summary ?? 'TODO: tell the story of the incident as the team lived it.',
      rootCause: record.rootCause ?? 'TODO: name the root cause.',
      lessons:
        record.lessons.length > 0 ? record.lessons : ['TODO: what should the team take away?'],
    },
  };
  steps.sort((a, b) => a.at - b.at);
  // A record where only the world acts still plays: the team watches it happen.
  if (steps.length === 0)
    steps.push({ at: last, as: firstRole, say: 'The record names nothing the team did.' });
  const playthrough: PlaythroughInput = {
    name: 'real',
    scenario: id,
    description: `What the team really did, from ${record.from}.`,
    expect: { phase: resolved },
    until: Math.max(...steps.map((s) => s.at), last) + 2,
    steps,
  };
  return { scenario, playthrough };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function guessCategory(text: string): ActionInput['category'] {
  if (/^(looked|checked|found|inspected|read|investigat|saw|noticed)/i.test(text))
    return 'investigate';
  if (/\b(status|announc|tweet|email(ed)? customers|notif|updated? (the )?channel)/i.test(text))
    return 'communicate';
  if (/\b(page[sd]?|escalat|called|woke)\b/i.test(text)) return 'escalate';
  if (
    /\b(restart|roll|revert|scale[sd]?|fail(ed)? ?over|deploy|disable|enable|flush|drain|block|throttl|rate.limit|kill)/i.test(
      text,
    )
  )
    return 'mitigate';
  if (/\b(assign|coordinat|handover|hand over|took command|incident commander)\b/i.test(text))
    return 'coordinate';
  return 'investigate';
}
