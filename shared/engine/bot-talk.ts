// What bots say: who a channel message speaks to, which action an instruction names, and a
// rule-based answer to a question from what the bot's role can see. Pure: the answer is
// built from `viewFor` for the bot's own role, so a bot can never tell more than a player of
// that role could read on their screen. It quotes readings, alerts, log lines and the titles
// of its findings; never a brief, a secret or a finding's text.
import type { Action } from '../scenario/schema.ts';
import type { CompiledScenario } from './compile.ts';
import type { DrillState } from './state.ts';
import { viewFor } from './view-for.ts';

/** Words too common to say what a message is about. */
const STOP = new Set(
  (
    'the a an and or of to in on at for is are was be it its this that with from by as can ' +
    'you your we our i me my please could would should do does did what whats how why when ' +
    'where who which see seeing any anything there here now just have has got get give tell ' +
    'about status update updates on-call look looking check go going'
  ).split(' '),
);

/** Lower-case word stems: "Restarting the caches" -> restart, cache. */
export function words(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? [])
    .filter((w) => w.length >= 2 && !STOP.has(w))
    .map(stem);
}

function stem(w: string): string {
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (w.length > suffix.length + 2 && w.endsWith(suffix)) return w.slice(0, -suffix.length);
  }
  return w;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `text` names someone: "@ops", "Ops," or "ops bot", as a whole word. */
export function mentions(text: string, names: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return names.some((name) => {
    const n = name.trim().toLowerCase();
    if (n.length === 0) return false;
    return new RegExp(`(^|[^a-z0-9])@?${escape(n)}($|[^a-z0-9])`).test(lower);
  });
}

/** A question, not an instruction: a question mark, or asking for a report. */
export function isQuestion(text: string): boolean {
  return (
    text.includes('?') ||
    /\b(status|update|report|what do you see|what have you got|where are we)\b/i.test(text)
  );
}

export interface Instruction {
  action: Action;
  params: Record<string, string>;
  /** Parameters the message did not settle: the bot asks which. */
  unclear: { label: string; choices: string[] } | null;
}

/**
 * The action of the bot's role an instruction names, by the words it shares with the
 * action's label (half of them at least), its parameters from the choices it names.
 */
export function instructionFor(
  c: CompiledScenario,
  role: string,
  text: string,
): Instruction | null {
  const said = new Set(words(text));
  let best: { action: Action; score: number } | null = null;
  for (const action of c.scenario.actions) {
    if (!action.roles.includes(role)) continue;
    const label = [...new Set(words(action.label))];
    if (label.length === 0) continue;
    const shared = label.filter((w) => said.has(w)).length;
    if (shared === 0 || shared < label.length / 2) continue;
    const score = shared / label.length + shared / 100;
    if (!best || score > best.score) best = { action, score };
  }
  if (!best) return null;
  const params: Record<string, string> = {};
  let unclear: Instruction['unclear'] = null;
  for (const p of best.action.params) {
    const named = p.choices.filter((ch) =>
      words(`${ch.label} ${ch.value}`).some((w) => said.has(w)),
    );
    if (named.length === 1 || p.choices.length === 1)
      params[p.id] = (named[0] ?? p.choices[0]!).value;
    else unclear ??= { label: p.label, choices: p.choices.map((ch) => ch.label) };
  }
  return { action: best.action, params, unclear };
}

const round = (v: number) =>
  Math.abs(v) >= 100
    ? Math.round(v)
    : Math.abs(v) >= 10
      ? Math.round(v * 10) / 10
      : Math.round(v * 100) / 100;
const minutes = (seconds: number) => Math.max(1, Math.round(seconds / 60));
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/**
 * A bot's answer to a question, from its role's screen: what the question is about if it
 * names something the role sees, else what looks wrong; then what the bot is busy with.
 */
export function answerFor(
  c: CompiledScenario,
  s: DrillState,
  bot: { participantId: string; role: string },
  question: string,
): string {
  const view = viewFor(c, s, { kind: 'player', role: bot.role });
  const asked = new Set(words(question));
  const about = (text: string) => words(text).some((w) => asked.has(w));
  const lines: string[] = [];

  const readings = view.metrics
    .filter((m) => m.noData === null && m.points.length > 0)
    .map((m) => {
      const first = m.points[0]![1];
      const now = m.points.at(-1)![1];
      const warn =
        (m.warnAbove !== null && now > m.warnAbove) || (m.warnBelow !== null && now < m.warnBelow);
      const change = Math.abs(now - first) / Math.max(Math.abs(first), 1e-9);
      const unit = m.unit ? ` ${m.unit}` : '';
      const text =
        change > 0.5 || warn
          ? `${m.label} is at ${round(now)}${unit} (it was ${round(first)}${unit})`
          : `${m.label} is steady at ${round(now)}${unit}`;
      return { label: m.label, text, weight: (warn ? 10 : 0) + Math.min(change, 9) };
    });
  const firing = view.alerts.filter((a) => a.resolvedAt === null);
  const sick = view.services.filter((svc) => svc.health !== 'ok' && svc.health !== 'unknown');
  const errors = view.logs.filter((l) => l.level === 'error' || l.level === 'warn');
  const findings = view.findings.filter((f) => s.findings[f.id] !== undefined);

  // First what the question names, if the role sees it.
  const named = [
    ...readings.filter((r) => about(r.label)).map((r) => r.text),
    ...firing.filter((a) => about(a.title)).map((a) => `the "${a.title}" alert is firing`),
    ...view.services
      .filter((svc) => about(svc.name))
      .map((svc) => `${svc.name} looks ${svc.health}`),
    ...view.logStreams
      .filter((l) => about(l.label))
      .map((l) => {
        const last = errors.filter((line) => line.stream === l.id).at(-1);
        return last ? `${l.label} says "${last.text}"` : `${l.label} shows no errors`;
      }),
    ...findings.filter((f) => about(f.title)).map((f) => `I found: ${f.title}`),
  ];
  if (named.length > 0) lines.push(sentence(named.slice(0, 3)));
  else {
    const seen: string[] = [];
    for (const a of firing.slice(0, 2)) seen.push(`"${a.title}" is firing`);
    for (const r of readings
      .filter((r) => r.weight > 0.5)
      .sort((x, y) => y.weight - x.weight)
      .slice(0, 2))
      seen.push(r.text);
    if (sick.length > 0)
      seen.push(`${sick.map((svc) => `${svc.name} is ${svc.health}`).join(', ')}`);
    const lastError = errors.at(-1);
    if (lastError) seen.push(`the last error I see is "${lastError.text}"`);
    lines.push(
      seen.length > 0
        ? `On my screens: ${sentence(seen.slice(0, 4))}`
        : 'Nothing looks abnormal on my screens.',
    );
    if (findings.length > 0) lines.push(`I found: ${findings.map((f) => f.title).join('; ')}.`);
  }
  lines.push(doingLine(c, s, bot.participantId));
  return lines.join(' ');
}

/** What a bot is doing: busy with something (and for how long), or what it has done. */
export function doingLine(c: CompiledScenario, s: DrillState, participantId: string): string {
  const mine = s.actions.filter((a) => a.participantId === participantId && a.cancelledAt === null);
  const running = mine.filter((a) => a.completedAt === null);
  const label = (id: string) => c.index.actions.get(id)?.label ?? id;
  if (running.length > 0) {
    const r = running[0]!;
    const timer = s.timers.find((t) => t.kind === 'complete' && t.record === r.seq);
    const left = timer ? `, about ${minutes(timer.at - s.t)} min left` : '';
    return `I'm busy with ${lowerFirst(label(r.action))}${left}.`;
  }
  const done = mine.filter((a) => a.completedAt !== null);
  if (done.length === 0) return "I haven't changed anything yet.";
  return `Done so far: ${done.map((a) => lowerFirst(label(a.action))).join(', ')}.`;
}

export function roleName(c: CompiledScenario, role: string): string {
  return c.index.roles.get(role)?.name ?? role;
}

function sentence(parts: string[]): string {
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
