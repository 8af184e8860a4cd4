// A postmortem in Markdown, as the usual templates lay it out: a title, a summary, a root
// cause, lessons or action items, and a "Timeline" section of timestamped lines
// ("14:02 alice: acknowledged the page", "- **14:51** <OUTAGE MITIGATED> rolled back").
// Parsed by mdast-util-from-markdown, which keeps the line of every node.
import type { Heading, List, ListItem, Nodes, Paragraph, Root, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toString } from 'mdast-util-to-string';
import { storyStart, toEntries, type RawRow } from './entries.ts';
import { ImportError, type IncidentRecord } from './record.ts';
import { leadingInstant } from './timestamp.ts';

interface Section {
  heading: Heading;
  title: string;
  nodes: RootContent[];
}

function sections(root: Root): Section[] {
  const out: Section[] = [];
  for (const node of root.children) {
    if (node.type === 'heading') out.push({ heading: node, title: toString(node), nodes: [] });
    else out.at(-1)?.nodes.push(node);
  }
  // A section holds its deeper subsections ("## Timeline" / "### Day 1").
  return out.map((s, i) => {
    const nodes = [...s.nodes];
    for (const next of out.slice(i + 1)) {
      if (next.heading.depth <= s.heading.depth) break;
      nodes.push(next.heading, ...next.nodes);
    }
    return { ...s, nodes };
  });
}

const find = (all: Section[], re: RegExp) => all.find((s) => re.test(s.title));

/** Lines of text with their line numbers: list items, paragraph lines, table rows. */
function linesOf(nodes: RootContent[]): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'list') (node as List).children.forEach(visit);
    else if (node.type === 'listItem') {
      const item = node as ListItem;
      const [first, ...more] = item.children;
      if (first?.type === 'paragraph') pushParagraph(first);
      else if (first) visit(first);
      more.forEach(visit);
    } else if (node.type === 'paragraph') pushParagraph(node as Paragraph);
    else if (node.type === 'table') {
      for (const row of (node as Table).children.slice(1))
        out.push({
          text: row.children.map((c) => toString(c)).join(' | '),
          line: row.position?.start.line ?? 0,
        });
    }
  };
  const pushParagraph = (p: Paragraph) => {
    const start = p.position?.start.line ?? 0;
    toString(p)
      .split('\n')
      .forEach((text, i) => text.trim() && out.push({ text: text.trim(), line: start + i }));
  };
  nodes.forEach(visit);
  return out;
}

/** "alice: text", "@alice text", "[alice] text", "alice | text"; else no actor. */
function actorAndText(rest: string): { actor: string; text: string } {
  const body = rest.replace(/^\s*(\||[-–—:]|\s)+/, '').trim();
  const patterns = [
    /^@([\w.-]{1,40})[:,]?\s+(.+)$/,
    /^\[([^\]]{1,40})\]\s*(.+)$/,
    /^([^|]{1,40}?)\s+\|\s+(.+)$/,
    /^([A-Za-z][\w.'-]*(?: [A-Za-z][\w.'-]*){0,2}):\s+(.+)$/,
  ];
  for (const re of patterns) {
    const m = re.exec(body);
    if (m) return { actor: m[1]!.trim(), text: m[2]!.trim() };
  }
  return { actor: '', text: body };
}

const firstParagraph = (s: Section | undefined) =>
  s?.nodes
    .filter((n) => n.type === 'paragraph')
    .map((n) => toString(n).replace(/\s+/g, ' ').trim())
    .find(Boolean);

export function importMarkdown(text: string): IncidentRecord {
  const root = fromMarkdown(text);
  const all = sections(root);
  const timeline = find(all, /time\s*line|chronolog/i);
  if (!timeline)
    throw new ImportError({
      message:
        'no "Timeline" section: add a heading "## Timeline" followed by timestamped lines such as "14:02 alice: acknowledged the page"',
    });

  const rows: RawRow[] = [];
  for (const { text: line, line: at } of linesOf(timeline.nodes)) {
    let read;
    try {
      read = leadingInstant(line);
    } catch (error) {
      throw new ImportError({ line: at, message: (error as Error).message });
    }
    // Lines without a time are the writer's notes between entries.
    if (!read) continue;
    const { actor, text: said } = actorAndText(read.rest.replace(/^\s*(UTC|[A-Z]{2,4}T)\b/, ''));
    if (!said)
      throw new ImportError({
        line: at,
        message: `the line has a time (${read.instant.clock}) but no text`,
      });
    rows.push({ instant: read.instant, actor, text: said, line: at });
  }
  if (rows.length === 0)
    throw new ImportError({
      line: timeline.heading.position?.start.line,
      message:
        'the Timeline section has no timestamped lines; write them as "14:02 alice: acknowledged the page"',
    });

  const h1 = all.find((s) => s.heading.depth === 1);
  const title = (h1?.title ?? 'Imported incident')
    .replace(/^(post-?mortem|incident( report)?|retrospective)\s*[:—–-]\s*/i, '')
    .trim();
  const summary = firstParagraph(find(all, /summary|overview|impact|what happened/i));
  const rootCause = firstParagraph(find(all, /root cause|cause|trigger/i));
  const lessonSection = find(all, /lesson|action items|what went wrong|takeaway/i);
  const lessons = lessonSection
    ? linesOf(lessonSection.nodes.filter((n) => n.type === 'list'))
        .map((l) => l.text)
        .slice(0, 8)
    : [];
  const dated = /\b(20\d\d-\d\d-\d\d)\b/.exec(text)?.[1];
  const start = storyStart(rows);
  return {
    title: title || 'Imported incident',
    ...(summary ? { summary } : {}),
    ...(rootCause ? { rootCause } : {}),
    lessons,
    entries: toEntries(rows),
    from: 'a Markdown postmortem',
    ...start,
    ...(start.date === undefined && dated ? { date: dated } : {}),
  };
}
