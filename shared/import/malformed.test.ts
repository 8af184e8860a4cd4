// A malformed record gets one clear message that names the line to fix, never a crash.
import { describe, expect, it } from 'vitest';
import { importIncident } from './index.ts';

const problem = (name: string, text: string) => {
  const result = importIncident(name, text);
  if (result.ok) throw new Error('imported a malformed file');
  return result.problem;
};

describe('a malformed file', () => {
  it('JSON: a YAML alias (JSON is parsed as YAML) names its line instead of throwing', () => {
    const text = '[\n  {"timestamp": "14:02", "text": "paged"},\n  [*x", 1]\n]\n';
    expect(problem('t.json', text)).toEqual({
      line: 3,
      message: 'not valid JSON: "*" outside a string',
    });
  });

  it('Markdown: an impossible time names its line', () => {
    const text = '# Outage\n\n## Timeline\n\n- 14:02 Alert: disk full\n- 25:10 bob: rebooted\n';
    expect(problem('p.md', text)).toEqual({ line: 6, message: '"25:10" is not a time of day' });
  });

  it('Markdown: a timeline out of order names the line that goes back', () => {
    const text = '# Outage\n\n## Timeline\n\n- 14:02 ann: paged\n- 13:40 bob: looked\n';
    expect(problem('p.md', text)).toEqual({
      line: 6,
      message: '13:40 is earlier than the line before it (14:02); keep the timeline in order',
    });
  });

  it('Markdown: a timeline may cross midnight', () => {
    const text = '# Outage\n\n## Timeline\n\n- 23:50 Alert: disk full\n- 00:10 bob: resolved\n';
    expect(importIncident('p.md', text)).toMatchObject({ ok: true });
  });

  it('Markdown: no timeline section says how to write one', () => {
    expect(problem('p.md', '# Outage\n\nIt broke.\n').message).toMatch(/no "Timeline" section/);
  });

  it('Markdown: a timeline without times names its heading', () => {
    expect(problem('p.md', '# Outage\n\n## Timeline\n\nIt broke, then we fixed it.\n')).toEqual({
      line: 3,
      message: expect.stringMatching(/no timestamped lines/),
    });
  });

  it('CSV: a bad timestamp names its line', () => {
    const text = 'timestamp,actor,kind,text\n09:00,Dana,alert,Paged\nsoon,Dana,action,Looked\n';
    expect(problem('t.csv', text)).toEqual({
      line: 3,
      message: expect.stringMatching(/^"soon" is not a timestamp/),
    });
  });

  it('CSV: a row with too many cells names its line', () => {
    const text =
      'timestamp,actor,kind,text\n09:00,Dana,alert,Paged\n09:01,Dana,action,Looked,extra\n';
    expect(problem('t.csv', text)).toMatchObject({ line: 3 });
  });

  it('CSV: an unknown kind names its line and the kinds there are', () => {
    const text = 'timestamp,actor,kind,text\n09:00,Dana,alert,Paged\n09:01,Dana,panic,Ran\n';
    expect(problem('t.csv', text)).toEqual({
      line: 3,
      message: expect.stringMatching(/^unknown kind "panic" \(use detection, escalation/),
    });
  });

  it('CSV: a header without a text column says which names it takes', () => {
    expect(problem('t.csv', 'time,who\n09:00,Dana\n')).toEqual({
      line: 1,
      message: expect.stringMatching(/^the header names no text column/),
    });
  });

  it('JSON: a syntax error names its line', () => {
    const text =
      '[\n  {"timestamp": "09:00", "text": "Paged"},\n  {"timestamp": "09:05" "text": "x"}\n]\n';
    expect(problem('t.json', text)).toMatchObject({ line: 3 });
  });

  it('JSON: a row without a timestamp names its line', () => {
    const text = '[\n  {"timestamp": "09:00", "text": "Paged"},\n  {"text": "Looked"}\n]\n';
    expect(problem('t.json', text)).toEqual({ line: 3, message: 'the row has no timestamp' });
  });

  it('wheel: an incident without a description names its line', () => {
    const text = '[\n {"title": "A", "description": "B"},\n {"title": "C", "scenario": ""}\n]\n';
    expect(problem('w.json', text)).toEqual({
      line: 3,
      message: 'incident "C" has no "description"',
    });
  });

  it('Ink: a story that never ends is refused', () => {
    const loop = {
      inkVersion: 21,
      root: [
        [{ '->': 'a' }, ['done', { '#n': 'g-0' }], null],
        'done',
        {
          a: [
            [
              '^Again.',
              '\n',
              'ev',
              'str',
              '^Loop',
              '/str',
              '/ev',
              { '*': '.^.c-0', flg: 4 },
              { 'c-0': ['\n', { '->': 'a' }, null] },
            ],
            null,
          ],
        },
      ],
      listDefs: {},
    };
    expect(problem('s.json', JSON.stringify(loop)).message).toMatch(/never ends/);
  });

  it('a name that tells no format says which there are', () => {
    expect(problem('notes.txt', 'hello').message).toMatch(/use \.md .*\.csv or \.json/);
  });

  it('control characters and NUL bytes never reach the draft', () => {
    const text =
      '# Out\u0000age\n\n## Timeline\n\n- 14:02 Alert: disk\u0007 full\n- 14:05 bob: resolved\n';
    const result = importIncident('p.md', text);
    expect(result.ok).toBe(true);
    // Control characters would be escaped by YAML: none may be left to escape.
    if (result.ok) expect(result.drafts[0]!.yaml).not.toMatch(/\\x|\\0|\\a/);
  });
});

describe('a record too large or too long to run', () => {
  it('Ink: a story that loops without stopping is refused, not run forever', () => {
    const loop = {
      inkVersion: 21,
      root: [
        ['^Hello', '\n', { '->': 'a' }, ['done', { '#n': 'g-0' }], null],
        'done',
        { a: [{ '->': 'b' }, null], b: [{ '->': 'a' }, null] },
      ],
      listDefs: {},
    };
    expect(problem('s.json', JSON.stringify(loop)).message).toMatch(/runs on without stopping/);
  });

  it('a timeline of more than 1000 entries names the first one too many', () => {
    const rows = Array.from(
      { length: 1001 },
      (_, i) =>
        `10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},Dana,action,Step ${i}`,
    );
    const text = `timestamp,actor,kind,text\n${rows.join('\n')}\n`;
    expect(problem('t.csv', text)).toEqual({
      line: 1002,
      message: expect.stringMatching(/^the timeline has 1001 entries; a drill holds at most 1000/),
    });
  });

  it('a wheel of more than 50 incidents names the first one too many', () => {
    const list = Array.from({ length: 51 }, (_, i) => ({ title: `T${i}`, description: 'D' }));
    expect(problem('w.json', JSON.stringify(list, null, 1)).message).toMatch(/51 incidents/);
  });
});

describe('records found by the property test', () => {
  it('a line of only a full stop still makes an action with a label', () => {
    const result = importIncident('t.csv', 'timestamp,actor,kind,text\n00:00,,,.\n');
    expect(result.ok && result.drafts[0]!.scenario.actions![0]!.label).toBe('.');
  });

  it('a record where only the world acts still plays', () => {
    const result = importIncident(
      't.csv',
      'timestamp,actor,kind,text\n00:00,Support queue,resolution,#\n',
    );
    expect(result.ok && result.drafts[0]!.playthrough.steps).toEqual([
      { at: 0, as: 'on-call', say: 'The record names nothing the team did.' },
    ]);
  });
});
