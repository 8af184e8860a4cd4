import { describe, expect, it } from 'vitest';
import type { ImportedDraft } from '../../shared/protocol.ts';
import { verdict } from './import-review.ts';

const draft = (review: Partial<ImportedDraft['review']>): ImportedDraft => ({
  id: 'd',
  title: 'D',
  yaml: '',
  playthroughFile: 'd.real.yaml',
  playthroughYaml: '',
  exists: false,
  review: {
    issues: [],
    lint: [],
    play: { name: 'real', percent: 80, phase: 'resolved', ended: true, unmet: [] },
    ...review,
  },
});

describe('the verdict on an imported draft', () => {
  it('counts the TODOs to enrich apart from other warnings', () => {
    const v = verdict(
      draft({
        lint: [
          { level: 'warning', path: 'roles.0.brief', line: 12, message: 'to enrich: TODO: brief' },
          {
            level: 'warning',
            path: 'findings.0',
            line: 30,
            message: 'finding "x" is never revealed',
          },
        ],
      }),
    );
    expect(v).toMatchObject({ ready: true, headline: 'Valid and playable; 1 thing to enrich' });
    expect(v.toEnrich).toEqual([
      { level: 'warning', path: 'roles.0.brief', line: 12, message: 'TODO: brief' },
    ]);
    expect(v.warnings.map((w) => w.path)).toEqual(['findings.0']);
  });

  it('is not ready with a validation issue or a lint error', () => {
    const v = verdict(
      draft({ issues: [{ path: ['phases', 0], message: 'bad', line: 4 }], play: null }),
    );
    expect(v).toMatchObject({ ready: false, headline: '1 error to fix before it can be saved' });
    expect(v.errors).toEqual([{ level: 'error', path: 'phases.0', line: 4, message: 'bad' }]);
  });

  it('is not ready when its playthrough stops short of the end', () => {
    const v = verdict(
      draft({ play: { name: 'real', percent: 0, phase: 'start', ended: false, unmet: [] } }),
    );
    expect(v.ready).toBe(false);
    expect(v.headline).toMatch(/does not reach the end/);
  });
});
