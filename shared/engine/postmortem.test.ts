// The postmortem export, from the server (state) and from a player's view (browser): one
// generator, and nothing a participant typed can forge its structure or plant HTML or links.
import { describe, expect, it } from 'vitest';
import { compileMini } from '../../test/fixtures/load.ts';
import { fold } from './apply.ts';
import { Playthrough, runPlaythrough } from './playthrough.ts';
import { mdText, postmortemFromView, postmortemMarkdown } from './postmortem.ts';
import { viewFor } from './view-for.ts';

const mini = compileMini();

const HOSTILE_NAMES = {
  ic: '## Lessons',
  ops: '<img src=x onerror=alert(1)>',
  comms: '[me](javascript:alert(1))',
};
const HOSTILE_TEXT = [
  '## Lessons',
  '<script>alert(1)</script>',
  '[click here](javascript:alert(document.cookie))',
  '> quoted | cell | break',
  '- a list item',
  '1. an ordered one',
  '`code` and **bold** and _em_ and ~~gone~~',
  '![pixel](https://evil.example/p.png)',
  '&lt;b&gt;entity&lt;/b&gt;',
];

function hostileDrill() {
  const run = runPlaythrough(
    mini,
    Playthrough.parse({
      name: 'hostile',
      scenario: 'mini',
      players: Object.entries(HOSTILE_NAMES).map(([role, name]) => ({ name, role })),
      steps: [
        { at: 1, as: 'ops', do: 'ack' },
        ...HOSTILE_TEXT.map((text, i) => ({ at: 2 + i / 10, as: 'ic', say: text })),
        ...HOSTILE_TEXT.map((text, i) => ({ at: 3 + i / 10, as: 'comms', status: text })),
        { at: 20, end: true },
      ],
    }),
  );
  expect(run.failures).toEqual([]);
  return run.state;
}

const HEADINGS = [
  '# Postmortem: Mini outage',
  '## Summary',
  '## Team',
  '## What happened',
  '## Root cause',
  '## Score',
  '## Penalties',
  '## Key timings',
  '## Findings',
  '## Timeline',
  '## Incident channel',
  '## Status-page updates',
  '## The ideal response',
  '## Lessons',
];

function expectNoForgery(md: string) {
  const lines = md.split('\n');
  // Only the generator's own headings, each once, in its order.
  const headings = lines.filter((l) => /^\s{0,3}#/.test(l));
  expect(headings.every((h) => HEADINGS.includes(h))).toBe(true);
  expect(new Set(headings).size).toBe(headings.length);
  expect(headings.filter((h) => h === '## Lessons')).toHaveLength(1);
  // No quote blocks, no lists or ordered lists other than the generator's own "- " items.
  expect(lines.filter((l) => /^\s*>/.test(l))).toEqual([]);
  expect(lines.filter((l) => /^\s*\d+[.)]/.test(l))).toEqual([]);
  // No raw HTML, no links or images a reader could follow.
  expect(md).not.toMatch(/<(script|img|b)\b/i);
  expect(md).not.toMatch(/(^|[^\\])\]\(/);
  expect(md).not.toMatch(/(^|[^\\])[[`]/);
  // Every table row has as many cells as its header.
  for (const table of md.split('\n\n').filter((b) => b.startsWith('|'))) {
    const rows = table.split('\n');
    const cells = (row: string) => row.split(/(?<!\\)\|/).length;
    for (const row of rows) expect(cells(row), row).toBe(cells(rows[0]!));
  }
}

describe('the postmortem', () => {
  const state = hostileDrill();

  it("keeps the server's export free of forged structure, HTML and links", () => {
    const md = postmortemMarkdown(mini, state);
    expectNoForgery(md);
    // The words are all still there, escaped.
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(md).toContain('\\## Lessons');
    expect(md).toContain('\\[click here\\](javascript:alert(document.cookie))');
    expect(md).toContain('&amp;lt;b&amp;gt;entity');
    expect(md).toContain(`- \\## Lessons: Incident commander`);
  });

  it("writes the same document from a player's view as from the state", () => {
    const fromView = postmortemFromView(viewFor(mini, state, { kind: 'player', role: 'comms' }));
    expectNoForgery(fromView);
    // Once the drill ended every seat sees the whole story: the documents agree.
    expect(fromView).toBe(postmortemMarkdown(mini, state));
  });

  it('writes the score, the rubric, timings, timeline, channel, updates and lessons', () => {
    const md = postmortemMarkdown(mini, state);
    expect(md).toMatch(/^# Postmortem: Mini outage\n/);
    expect(md).toMatch(/- Score: \*\*\d+(\.\d)?%\*\*/);
    expect(md).toContain('| Acknowledge the page | 10 / 10 |');
    expect(md).toContain('| acknowledge |');
    expect(md).toContain('## Lessons\n\n- Warm caches before traffic.');
    expect(md).toContain('## Root cause\n\nA cache restart.');
    expect(md).toMatch(/- T\+02:00 \*\*\\## Lessons \(Incident commander\)\*\*: \\## Lessons/);
    expect(md).toContain('- T+03:00 \\[me\\](javascript:alert(1)): \\## Lessons');
  });

  it('collapses line breaks in a name, however it got into the view', () => {
    const view = viewFor(mini, state, { kind: 'facilitator' });
    const forged = {
      ...view,
      participants: view.participants.map((p, i) =>
        i === 0 ? { ...p, name: 'Ann\n\n## Lessons\n- pwned' } : p,
      ),
    };
    const md = postmortemFromView(forged);
    expectNoForgery(md);
    expect(md).toContain('- Ann  ## Lessons - pwned: Incident commander');
  });

  it('writes a drill still running, with its score so far', () => {
    const { events } = runPlaythrough(
      mini,
      Playthrough.parse({ name: 'r', scenario: 'mini', steps: [{ at: 1, as: 'ops', do: 'ack' }] }),
    );
    const running = fold(
      mini,
      events.filter((e) => e.type !== 'ended'),
    );
    const md = postmortemMarkdown(mini, running);
    expect(md).toContain('- Drill: play-r, in progress at T+01:00');
    expect(md).toContain('| Acknowledge the page | 10 / 10 |');
    expectNoForgery(md);
  });
});

describe('mdText', () => {
  it.each([
    ['# h', '\\# h'],
    ['  > q', '  \\> q'.replace('\\>', '&gt;')],
    ['- x', '\\- x'],
    ['+ x', '\\+ x'],
    ['12. x', '12\\. x'],
    ['a|b', 'a\\|b'],
    ['a\\b', 'a\\\\b'],
    ['a\r\nb\nc', 'a b c'],
    ['<a href="x">', '&lt;a href="x"&gt;'],
    ['T-shirt v1.2', 'T-shirt v1.2'],
  ])('%j becomes %j', (input, escaped) => {
    expect(mdText(input)).toBe(escaped);
  });
});
