// A postmortem-style debrief of a drill, as Markdown. Pure: the same drill gives the same
// document on server, client and CLI.
import type { CompiledScenario } from './compile.ts';
import { score } from './score.ts';
import type { DrillState } from './state.ts';

const mmss = (seconds: number) => {
  const m = Math.floor(seconds / 60);
  const s = Math.floor(seconds % 60);
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
};
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function postmortemMarkdown(c: CompiledScenario, s: DrillState): string {
  const sc = c.scenario;
  const result = score(c, s);
  const roleName = (id: string | null) => (id ? (c.index.roles.get(id)?.name ?? id) : 'no role');
  const out: string[] = [];
  out.push(`# Drill debrief: ${sc.title}`, '');
  out.push(`- Scenario: ${sc.title} (${sc.difficulty}, about ${sc.duration} min)`);
  out.push(`- Source: ${sc.source.title}${sc.source.url ? ` <${sc.source.url}>` : ''}`);
  out.push(
    `- Drill: ${s.drillId}, ${s.status === 'ended' ? `ended at ${mmss(s.ended!.at)} (${s.ended!.reason})` : `in progress at ${mmss(s.t)}`}`,
  );
  out.push(
    `- Score: **${result.percent}%** (${result.earned} earned, ${result.penalties} lost, of ${result.max})`,
    '',
  );
  out.push('## Team', '');
  for (const p of Object.values(s.participants)) {
    if (p.kind !== 'spectator')
      out.push(
        `- ${p.name}: ${roleName(p.role)}${p.kind === 'bot' ? ' (bot)' : ''}${p.removed ? ' (removed)' : ''}`,
      );
  }
  out.push('', '## What happened', '', sc.debrief.whatHappened, '');
  if (sc.debrief.rootCause) out.push(`**Root cause:** ${sc.debrief.rootCause}`, '');
  out.push('## Key timings', '', '| timing | target | actual | |', '|---|---|---|---|');
  for (const t of result.timings) {
    out.push(
      `| ${t.name} | ${t.target} min | ${t.actual === null ? 'never' : `${t.actual} min`} | ${t.met ? 'met' : 'missed'} |`,
    );
  }
  out.push('', '## Score', '', '| item | points | explanation |', '|---|---|---|');
  for (const i of result.items)
    out.push(`| ${cell(i.label)} | ${i.earned} / ${i.max} | ${cell(i.explanation)} |`);
  if (result.penaltyItems.length) {
    out.push('', '## Penalties', '', '| what | points | why |', '|---|---|---|');
    for (const p of result.penaltyItems)
      out.push(`| ${cell(p.label)} | -${p.points} | ${cell(p.why)} |`);
  }
  out.push('', '## Timeline', '', '| time | event |', '|---|---|');
  for (const e of s.timeline) {
    if (e.kind === 'clock' && e.text.startsWith('Speed')) continue;
    out.push(`| ${mmss(e.t)} | ${cell(e.text)} |`);
  }
  if (s.channel.length) {
    out.push('', '## Incident channel', '');
    for (const m of s.channel) {
      const who = m.from.kind === 'npc' ? m.from.name : `${m.from.name} (${roleName(m.from.role)})`;
      out.push(`- ${mmss(m.t)} **${who}**: ${m.text}`);
    }
  }
  if (s.statusUpdates.length) {
    out.push('', '## Status updates', '');
    for (const u of s.statusUpdates) out.push(`- ${mmss(u.t)} ${u.name}: ${u.text}`);
  }
  out.push('', '## Lessons', '');
  for (const l of sc.debrief.lessons) out.push(`- ${l}`);
  return out.join('\n') + '\n';
}
