// A postmortem in Markdown, written from what this seat's view holds after the drill
// ended (the facilitator downloads the server's fuller export instead). Pure.
import type { DrillView } from '../../shared/engine/view-for.ts';
import { formatClock } from './clock.ts';

/** Escapes text for a Markdown table cell or line. */
export function mdEscape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const pts = (n: number) => String(Math.round(n * 10) / 10);

export function postmortemMarkdown(view: DrillView): string {
  const sc = view.drill.scenario;
  const d = view.debrief;
  const out: string[] = [];
  out.push(`# Postmortem: ${sc.title}`, '');
  out.push(`_Drill ${view.drill.id}, scenario "${sc.id}" (${sc.difficulty})._`, '');
  if (view.drill.ended) {
    out.push(`Ended at T+${formatClock(view.drill.ended.at)}: ${view.drill.ended.reason}.`, '');
  }
  out.push('## Summary', '', sc.summary, '');

  const team = view.participants.filter((p) => p.kind !== 'spectator');
  if (team.length > 0) {
    out.push('## Team', '');
    for (const p of team) {
      const role = view.roles.find((r) => r.id === p.role)?.name ?? 'no role';
      out.push(`- ${mdEscape(p.name)}: ${mdEscape(role)}${p.kind === 'bot' ? ' (bot)' : ''}`);
    }
    out.push('');
  }

  if (d) {
    const s = d.score;
    out.push('## Score', '');
    out.push(
      `**${pts(s.percent)}%**: ${pts(s.earned)} of ${pts(s.max)} points, ${pts(s.penalties)} in penalties.`,
      '',
    );
    if (s.items.length > 0) {
      out.push('| Item | Points | Explanation |', '|---|---|---|');
      for (const i of s.items) {
        out.push(
          `| ${mdEscape(i.label)} | ${pts(i.earned)} / ${pts(i.max)} | ${mdEscape(i.explanation)} |`,
        );
      }
      out.push('');
    }
    if (s.penaltyItems.length > 0) {
      out.push('### Penalties', '');
      for (const p of s.penaltyItems)
        out.push(`- **-${pts(p.points)}** ${mdEscape(p.label)} (${p.at} min): ${mdEscape(p.why)}`);
      out.push('');
    }
    if (s.timings.length > 0) {
      out.push('### Key timings', '', '| Timing | Actual | Target | Met |', '|---|---|---|---|');
      for (const t of s.timings) {
        out.push(
          `| ${t.name} | ${t.actual === null ? 'never' : `${t.actual} min`} | ${t.target} min | ${t.met ? 'yes' : 'no'} |`,
        );
      }
      out.push('');
    }
    out.push('## What happened', '', d.whatHappened, '');
    if (d.rootCause) out.push('## Root cause', '', d.rootCause, '');
  }

  if (view.findings.length > 0) {
    out.push('## Findings', '');
    for (const f of view.findings)
      out.push(`- **${mdEscape(f.title)}** (T+${formatClock(f.at)}): ${mdEscape(f.text)}`);
    out.push('');
  }

  if (view.statusUpdates.length > 0) {
    out.push('## Status-page updates', '');
    for (const u of view.statusUpdates)
      out.push(`- T+${formatClock(u.t)} ${mdEscape(u.name)}: ${mdEscape(u.text)}`);
    out.push('');
  }

  out.push('## Timeline', '');
  for (const e of view.timeline)
    out.push(`- T+${formatClock(e.t)} [${e.kind}] ${mdEscape(e.text)}`);
  out.push('');

  if (d) {
    if (d.ideal.length > 0) {
      out.push('## The ideal response', '');
      for (const step of d.ideal) {
        const who = step.by
          ? ` (${step.by.map((r) => view.roles.find((x) => x.id === r)?.name ?? r).join(' or ')})`
          : '';
        out.push(
          `- ${mdEscape(step.label)}${who}${step.deadline ? `, ${step.deadline}` : ''}: ${mdEscape(step.why)} (${pts(step.points)} points)`,
        );
      }
      out.push('');
    }
    out.push('## Lessons', '');
    for (const l of d.lessons) out.push(`- ${mdEscape(l)}`);
    out.push('');
  }
  return out.join('\n');
}
