// Whatever a file holds, an import answers drafts that validate and play, or one problem:
// never an exception (the server previews uploads from anyone), and the same file always
// gives the same drafts (the conversion is pure).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/fixtures/load.ts';
import { importIncident } from './index.ts';
import { reviewDraft } from './review.ts';

const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const words = fc.string({ minLength: 0, maxLength: 40 });
const actor = fc.constantFrom(
  '',
  'Alice',
  'PagerDuty',
  'Customers',
  'bob',
  '@carol',
  'Support queue',
);
const kind = fc.constantFrom(
  '',
  'alert',
  'detection',
  'escalation',
  'mitigation',
  'resolution',
  'action',
  'message',
  'panic',
);
const line = fc.tuple(time, actor, words).map(([t, a, w]) => `- ${t} ${a ? `${a}: ` : ''}${w}`);

/** A postmortem-like text: timeline lines, sometimes out of order, with noise between. */
const postmortem = fc
  .array(fc.oneof(line, words), { minLength: 0, maxLength: 12 })
  .map((lines) => `# Outage\n\n## Timeline\n\n${lines.join('\n')}\n`);
const csv = fc
  .array(fc.tuple(time, actor, kind, words), { minLength: 0, maxLength: 10 })
  .map(
    (rows) =>
      `timestamp,actor,kind,text\n${rows.map((r) => r.map((c) => JSON.stringify(c)).join(',')).join('\n')}\n`,
  );
const json = fc.jsonValue().map((v) => JSON.stringify(v));

/** A sample file with some of its characters replaced: every format, broken anywhere. */
const damaged = (name: string) =>
  fc
    .array(fc.tuple(fc.nat(), fc.string({ minLength: 0, maxLength: 3 })), { maxLength: 4 })
    .map((edits) => {
      let text = readFixture(`import/${name}`);
      for (const [at, s] of edits) {
        const i = at % (text.length + 1);
        text = text.slice(0, i) + s + text.slice(i + 1);
      }
      return text;
    });

function check(name: string, text: string) {
  const result = importIncident(name, text);
  if (!result.ok) {
    expect(result.problem.message.length).toBeGreaterThan(0);
    return;
  }
  for (const draft of result.drafts) {
    const review = reviewDraft(draft);
    expect(review.issues).toEqual([]);
    expect(review.lint.filter((f) => f.level === 'error')).toEqual([]);
    expect(review.play?.unmet).toEqual([]);
  }
  expect(importIncident(name, text)).toEqual(result);
}

describe('importIncident (property)', () => {
  it.each([
    ['p.md', postmortem],
    ['t.csv', csv],
    ['t.json', json],
    ['checkout-outage.md', damaged('checkout-outage.md')],
    ['dns-timeline.csv', damaged('dns-timeline.csv')],
    ['queue-timeline.json', damaged('queue-timeline.json')],
    ['wheel.json', damaged('wheel.json')],
    ['queue-backlog.ink.json', damaged('queue-backlog.ink.json')],
  ] as const)('%s: drafts that validate and play, or one problem, never a throw', (name, arb) => {
    fc.assert(
      fc.property(arb, (text) => check(name, text)),
      { numRuns: 60 },
    );
  });
});
