// Reading meaning into a timeline line: which marker it is (detection, escalation,
// mitigation, resolution), and whether a person on the team acted or the world did. The
// words are those of the usual postmortem templates; an explicit tag always wins. Pure.
import type { EntryKind } from './record.ts';

/** Explicit tags: "[mitigation]", "#resolution", "<OUTAGE MITIGATED>" (Google's template). */
const TAGS: [RegExp, EntryKind][] = [
  [/<\s*(incident|outage)\s+(begins|starts)\s*>|[[#(](detect(ed|ion)?)\]?\)?/i, 'detection'],
  [/<\s*escalat\w*\s*>|[[#(]escalat\w*\]?\)?/i, 'escalation'],
  [/<\s*(outage|incident)\s+mitigated\s*>|[[#(]mitigat\w*\]?\)?/i, 'mitigation'],
  [/<\s*(incident|outage)\s+(ends|resolved)\s*>|[[#(]resol\w*\]?\)?/i, 'resolution'],
];

/** Words, tried in this order: "resolved after the rollback" is a resolution. */
const WORDS: [RegExp, EntryKind][] = [
  [
    /\b(resolved|all[- ]clear|incident (ends|closed|over)|fully recovered|back to normal|outage ends)\b/i,
    'resolution',
  ],
  [
    /\b(mitigat\w*|roll(ed|s|ing)? ?back|reverted?|revert(ed|ing)|fail(ed)? ?over|workaround|drain(ed|ing) traffic|shift(ed|ing) traffic)\b/i,
    'mitigation',
  ],
  [/\b(escalat\w*|paged (the|in)|called in|brought in|woke|declared (a )?sev)/i, 'escalation'],
  [
    /\b(detect\w*|alert(s|ed)? (fired|firing|triggered)|fired|page[sd]? (on-?call)?|noticed|first reports?|incident (begins|starts))\b/i,
    'detection',
  ],
];

const WORLD_ACTORS =
  /^(pagerduty|opsgenie|alertmanager|prometheus|grafana|datadog|new ?relic|nagios|sentry|monitoring|alerting|alerts?|pager|system|automation|bot|slackbot|statuspage|status page|customers?|users?|support( queue)?|twitter|social media|cloud ?provider|aws|gcp|azure|vendor|upstream|the world|world|external)$/i;

/** Kinds a timeline export may already give, mapped to ours. */
const EXPORT_KINDS: Record<string, EntryKind> = {
  detection: 'detection',
  detected: 'detection',
  trigger: 'detection',
  triggered: 'detection',
  escalation: 'escalation',
  escalate: 'escalation',
  escalated: 'escalation',
  mitigation: 'mitigation',
  mitigated: 'mitigation',
  resolution: 'resolution',
  resolved: 'resolution',
  action: 'action',
  task: 'action',
  command: 'action',
  message: 'message',
  chat: 'message',
  comment: 'message',
  note: 'message',
  status: 'message',
  alert: 'world',
  page: 'world',
  event: 'world',
  system: 'world',
  report: 'world',
  world: 'world',
};

export function exportKind(kind: string): EntryKind | undefined {
  return EXPORT_KINDS[kind.trim().toLowerCase()];
}

/** The marker a line's own words or tags name, or "action". */
export function kindOf(text: string): EntryKind {
  for (const [re, kind] of TAGS) if (re.test(text)) return kind;
  for (const [re, kind] of WORDS) if (re.test(text)) return kind;
  return 'action';
}

/** Strips the explicit tags out of the text players will read. */
export function withoutTags(text: string): string {
  return text
    .replace(/<\s*[A-Z][A-Z ]+>/g, '')
    .replace(/[[(#](detect\w*|escalat\w*|mitigat\w*|resol\w*)[\])]?/gi, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

export function isWorldActor(actor: string): boolean {
  return WORLD_ACTORS.test(actor.trim());
}

/** An alert, a page or a monitor speaking: the world's side of detection. */
export function soundsLikeAlert(actor: string, text: string): boolean {
  return (
    /^(pagerduty|opsgenie|alertmanager|prometheus|grafana|datadog|nagios|sentry|monitoring|alerting|alerts?|pager)$/i.test(
      actor.trim(),
    ) || /\balert|\bpage[sd]?\b|\bfir(ed|ing)\b/i.test(text)
  );
}

/** Customers, support, social media: the world's side as reports. */
export function soundsLikeReport(actor: string, text: string): boolean {
  return (
    /^(customers?|users?|support( queue)?|twitter|social media)$/i.test(actor.trim()) ||
    /\b(customers?|users?) (report|complain)/i.test(text)
  );
}

/** A status-page update or public announcement. */
export function soundsLikeStatusUpdate(text: string): boolean {
  return /\b(post(ed|s)?|publish(ed|es)?|updated?)\b.*\bstatus ?page\b|\bstatus ?page (update|post)|\bpublic (update|notice)\b/i.test(
    text,
  );
}

/** Wrong turns the record admits to: candidates for the harmful list. */
export function soundsHarmful(text: string): boolean {
  return /\b(mistaken(ly)?|accidental(ly)?|by mistake|in error|made (it|things) worse|wrong (host|server|cluster|database|region|command))\b/i.test(
    text,
  );
}
