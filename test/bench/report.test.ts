import { describe, expect, it } from 'vitest';
import { formatReport, type BenchReport } from '../../bench/report.ts';

const report = (over: Partial<BenchReport>): BenchReport => ({
  title: 'T',
  tables: [],
  notes: ['a note'],
  ok: true,
  notMet: [],
  ...over,
});

describe('formatReport', () => {
  it('says nothing of aims when they are met', () => {
    expect(formatReport(report({}))).not.toContain('not met');
  });

  it('ends with one line naming the aims missed, so that an exit code of 1 says why', () => {
    const text = formatReport(report({ ok: false, notMet: ['lost 3 of 900', 'fold x slow'] }));
    expect(text.split('\n').at(-1)).toBe('not met: lost 3 of 900; fold x slow');
  });

  it('still says an aim was missed when the module names none', () => {
    expect(
      formatReport(report({ ok: false }))
        .split('\n')
        .at(-1),
    ).toMatch(/^not met: /);
  });
});
