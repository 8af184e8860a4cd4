import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/fixtures/load.ts';
import { formatIssue, parseScenario, parseScenarioYaml, type LocatedIssue } from './parse.ts';

const mini = readFixture('mini.yaml');

/** Parses text that must fail and returns its issues. */
function issuesOf(text: string): LocatedIssue[] {
  const result = parseScenarioYaml(text);
  if (result.ok) throw new Error('expected the scenario to be rejected');
  return result.issues;
}

/** mini.yaml with one exact piece of text replaced (which must exist). */
function miniWithText(from: string, to: string): string {
  expect(mini).toContain(from);
  return mini.replace(from, to);
}

/** The 1-based line of the first occurrence of `needle` in `text`. */
const lineOf = (text: string, needle: string) =>
  text.slice(0, text.indexOf(needle)).split('\n').length;

describe('parseScenarioYaml', () => {
  it('accepts the mini fixture and fills in defaults', () => {
    const result = parseScenarioYaml(mini);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.scenario.id).toBe('mini');
    expect(result.scenario.version).toBe(1);
    expect(result.scenario.roles.find((r) => r.id === 'comms')?.required).toBe(false);
    expect(result.scenario.clock.sampleSeconds).toBe(30);
  });

  it('locates a YAML syntax error', () => {
    const text = miniWithText('title: Mini outage', 'title: [Mini outage');
    const [first] = issuesOf(text);
    expect(first).toMatchObject({ path: [], line: expect.any(Number), column: expect.any(Number) });
    expect(first!.line).toBeGreaterThanOrEqual(lineOf(text, 'title: [Mini'));
  });

  it('reports a duplicated key as a YAML error at its line', () => {
    const text = miniWithText('title: Mini outage\n', 'title: Mini outage\ntitle: Again\n');
    const [first] = issuesOf(text);
    expect(first).toMatchObject({ line: lineOf(text, 'title: Again'), column: 1 });
    expect(first!.message).toMatch(/unique/);
  });

  it('points at an unknown field itself, with its path', () => {
    const text = miniWithText('    required: true\n  - id: ops', '    requird: true\n  - id: ops');
    expect(issuesOf(text)).toEqual([
      {
        path: ['roles', 0, 'requird'],
        message: 'unknown field "requird"',
        line: lineOf(text, 'requird'),
        column: 14,
      },
    ]);
  });

  it('names the typo inside a guard instead of a field of another guard kind', () => {
    const text = miniWithText('if: { finding: cache-empty }', 'if: { findin: cache-empty }');
    const [issue, ...rest] = issuesOf(text);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      path: ['actions', 3, 'if', 'findin'],
      message: 'unknown field "findin"',
      line: lineOf(text, '{ findin:'),
    });
  });

  it('reports a wrong type with the path and position of the value', () => {
    const text = miniWithText('duration: 30', 'duration: thirty');
    expect(issuesOf(text)).toEqual([
      {
        path: ['duration'],
        message: expect.stringMatching(/expected number/),
        line: lineOf(text, 'thirty'),
        column: 11,
      },
    ]);
  });

  it('reports a wrong type inside an effect against the effect the author meant', () => {
    const text = miniWithText(
      '{ metric: errors, to: 30, over: 1 }',
      '{ metric: errors, to: thirty, over: 1 }',
    );
    const [issue] = issuesOf(text);
    expect(issue).toMatchObject({
      path: ['phases', 2, 'onEnter', 0, 'to'],
      line: lineOf(text, 'thirty'),
    });
    expect(issue!.message).toMatch(/expected number/);
  });

  it('reports a transition to a phase that does not exist', () => {
    const text = miniWithText('{ to: slow, after: 2 }', '{ to: slwo, after: 2 }');
    const [issue] = issuesOf(text);
    expect(issue).toMatchObject({
      path: ['phases', 0, 'transitions', 0, 'to'],
      line: lineOf(text, 'slwo'),
    });
    expect(issue!.message).toMatch(/unknown phase "slwo" \(known: calm, slow/);
    expect(formatIssue('mini.yaml', issue!)).toBe(
      `mini.yaml:${issue!.line}:${issue!.column}: phases.0.transitions.0.to: ${issue!.message}`,
    );
  });

  it('reports a duplicate id where the second one is written', () => {
    const text = miniWithText('id: check-disk', 'id: ack');
    expect(issuesOf(text)).toEqual([
      {
        path: ['actions', 2, 'id'],
        message: 'duplicate id "ack"',
        line: lineOf(text, 'id: ack\n    label: Check'),
        column: 9,
      },
    ]);
  });

  it('reports every problem, not just the first', () => {
    const text = miniWithText('duration: 30', 'duration: -1').replace(
      'difficulty: beginner',
      'difficulty: easy',
    );
    expect(issuesOf(text).map((i) => i.path.join('.'))).toEqual(['difficulty', 'duration']);
  });
});

describe('parseScenario', () => {
  it('checks plain data without positions', () => {
    const result = parseScenario({ id: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.every((i) => !('line' in i))).toBe(true);
    expect(result.issues.map((i) => i.path[0])).toContain('title');
  });
});

describe('formatIssue', () => {
  it('falls back to the file name when an issue has no position', () => {
    expect(formatIssue('a.yaml', { path: ['roles'], message: 'needs a role' })).toBe(
      'a.yaml: roles: needs a role',
    );
    expect(formatIssue('a.yaml', { path: [], message: 'broken', line: 3, column: 2 })).toBe(
      'a.yaml:3:2: broken',
    );
  });
});
