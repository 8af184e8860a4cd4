// A postmortem of a drill, as Markdown: the one generator behind the server's export and the
// player's download in the browser. Pure: the same drill gives the same document everywhere.
//
// Teams paste these into wikis, so nothing a participant wrote (names, chat, status updates,
// an end reason) may become Markdown or HTML structure: every such string goes through
// `mdText` (or `mdCell` in tables), which escapes what Markdown would interpret and keeps it
// on one line. Scenario prose (what happened, the root cause, lessons) is the scenario
// author's Markdown and is kept as written.
import type { CompiledScenario } from './compile.ts';
import type { DrillState } from './state.ts';
import { debrief, viewFor, type Debrief, type DrillView } from './view-for.ts';

/**
 * Escapes text for use inside a line of Markdown: characters Markdown or HTML would
 * interpret become literal, line breaks become spaces, and a line-start marker (`#`, `>`,
 * `-`, `+`, `=`, `1.`) at the front is escaped too.
 */
export function mdText(text: string): string {
  return (
    text
      .replace(/\r\n?|\n|\u2028|\u2029/g, ' ')
      .replace(/[\\`*_[\]|~]/g, '\\$&')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // Line-start constructs: headings, lists, ordered lists, setext underlines.
      .replace(/^(\s*)([#+=-])/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])/, '$1\\$2')
  );
}

/** A table cell: `mdText`, and never empty (an empty cell reads as a missing one). */
export const mdCell = (text: string): string => mdText(text) || ' ';

const clock = (seconds: number) => {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `T+${h > 0 ? `${h}:${two(m)}` : two(m)}:${two(s % 60)}`;
};
const pts = (n: number) => String(Math.round(n * 10) / 10);

/**
 * The postmortem from what a seat's view holds. `report` is the debrief to write (the
 * view's own once the drill ended; the server passes one for a drill still running).
 */
export function postmortemFromView(view: DrillView, report: Debrief | null = view.debrief): string {
  const sc = view.drill.scenario;
  const roleName = (id: string | null) =>
    id === null ? 'no role' : (view.roles.find((r) => r.id === id)?.name ?? id);
  const out: string[] = [];
  out.push(`# Postmortem: ${mdText(sc.title)}`, '');
  out.push(`- Scenario: ${mdText(sc.title)} (${sc.difficulty}, about ${sc.duration} min)`);
  const url = sc.source.url && /^https?:\/\/[^\s<>]+$/.test(sc.source.url) ? sc.source.url : null;
  out.push(`- Source: ${mdText(sc.source.title)}${url ? ` <${url}>` : ''}`);
  const ended = view.drill.ended;
  out.push(
    `- Drill: ${mdText(view.drill.id)}, ${
      ended
        ? `ended at ${clock(ended.at)} (${mdText(ended.reason)})`
        : `in progress at ${clock(view.drill.t)}`
    }`,
  );
  if (report) {
    const s = report.score;
    out.push(
      `- Score: **${pts(s.percent)}%** (${pts(s.earned)} earned, ${pts(s.penalties)} lost, of ${pts(s.max)})`,
    );
  }
  out.push('', '## Summary', '', sc.summary, '');

  const team = view.participants.filter((p) => p.kind !== 'spectator');
  if (team.length > 0) {
    out.push('## Team', '');
    for (const p of team)
      out.push(
        `- ${mdText(p.name)}: ${mdText(roleName(p.role))}${p.kind === 'bot' ? ' (bot)' : ''}`,
      );
    out.push('');
  }

  if (report) {
    out.push('## What happened', '', report.whatHappened, '');
    if (report.rootCause) out.push('## Root cause', '', report.rootCause, '');
    const s = report.score;
    if (s.items.length > 0) {
      out.push('## Score', '', '| item | points | explanation |', '|---|---|---|');
      for (const i of s.items)
        out.push(
          `| ${mdCell(i.label)}${i.judged ? ' (judged by the facilitator)' : ''} | ${pts(i.earned)} / ${pts(i.max)} | ${mdCell(i.explanation)} |`,
        );
      out.push('');
    }
    const judged = s.items.filter((i) => i.judged);
    if (judged.length > 0 || report.notes.length > 0) {
      out.push("## The facilitator's judgement", '');
      for (const i of judged)
        out.push(
          `- ${i.judged!.verdict === 'pass' ? 'Passed' : 'Failed'} by hand: **${mdText(i.label)}** (${pts(i.earned)} / ${pts(i.max)}): ${mdText(i.judged!.reason)}`,
        );
      for (const n of report.notes) out.push(`- Note at ${clock(n.t)}: ${mdText(n.text)}`);
      out.push('');
    }
    if (s.penaltyItems.length > 0) {
      out.push('## Penalties', '', '| what | points | why |', '|---|---|---|');
      for (const p of s.penaltyItems)
        out.push(`| ${mdCell(p.label)} | -${pts(p.points)} | ${mdCell(p.why)} |`);
      out.push('');
    }
    if (s.timings.length > 0) {
      out.push('## Key timings', '', '| timing | target | actual | |', '|---|---|---|---|');
      for (const t of s.timings) {
        out.push(
          `| ${mdCell(t.name)} | ${pts(t.target)} min | ${t.actual === null ? 'never' : `${pts(t.actual)} min`} | ${t.met ? 'met' : 'missed'} |`,
        );
      }
      out.push('');
    }
  }

  if (view.findings.length > 0) {
    out.push('## Findings', '');
    for (const f of view.findings)
      out.push(`- **${mdText(f.title)}** (${clock(f.at)}): ${mdText(f.text)}`);
    out.push('');
  }

  const timeline = view.timeline.filter((e) => !(e.kind === 'clock' && e.text.startsWith('Speed')));
  if (timeline.length > 0) {
    out.push('## Timeline', '', '| time | event |', '|---|---|');
    for (const e of timeline) out.push(`| ${clock(e.t)} | ${mdCell(e.text)} |`);
    out.push('');
  }

  if (view.channel.length > 0) {
    out.push('## Incident channel', '');
    for (const m of view.channel) {
      const who =
        m.from.kind === 'npc'
          ? `${m.from.name} (${'byFacilitator' in m.from && m.from.byFacilitator ? 'voiced by the facilitator' : 'character'})`
          : `${m.from.name} (${roleName(m.from.role)})`;
      out.push(`- ${clock(m.t)} **${mdText(who)}**: ${mdText(m.text)}`);
    }
    out.push('');
  }

  if (view.statusUpdates.length > 0) {
    out.push('## Status-page updates', '');
    for (const u of view.statusUpdates)
      out.push(`- ${clock(u.t)} ${mdText(u.name)}: ${mdText(u.text)}`);
    out.push('');
  }

  if (report) {
    if (report.ideal.length > 0) {
      out.push('## The ideal response', '');
      for (const step of report.ideal) {
        const who = step.by ? ` (${step.by.map(roleName).join(' or ')})` : '';
        out.push(
          `- ${mdText(`${step.label}${who}${step.deadline ? `, ${step.deadline}` : ''}`)}: ${mdText(step.why)} (${pts(step.points)} points)`,
        );
      }
      out.push('');
    }
    out.push('## Lessons', '');
    for (const l of report.lessons) out.push(`- ${l}`);
    out.push('');
  }
  return out.join('\n');
}

/** The facilitator's postmortem, straight from the drill's state (the server's export). */
export function postmortemMarkdown(c: CompiledScenario, s: DrillState): string {
  return postmortemFromView(viewFor(c, s, { kind: 'facilitator' }), debrief(c, s));
}
