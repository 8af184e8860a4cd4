import { describe, expect, it } from 'vitest';
import type { ScenarioSummary } from '../../shared/protocol.ts';
import { allTags, filterScenarios, NO_FILTER } from './catalogue.ts';

const summary = (id: string, over: Partial<ScenarioSummary> = {}): ScenarioSummary => ({
  id,
  title: id,
  summary: '',
  difficulty: 'beginner',
  duration: 30,
  tags: [],
  objectives: [],
  source: { title: 'Original', kind: 'original' },
  roles: [{ id: 'ic', name: 'Incident commander', required: true }],
  real: false,
  variants: [],
  ...over,
});

const list = [
  summary('dns-hell', {
    title: 'DNS hell',
    tags: ['dns', 'network'],
    difficulty: 'advanced',
    summary: 'Resolvers time out.',
  }),
  summary('silent-auth', { title: 'Silent auth', tags: ['auth'], difficulty: 'intermediate' }),
  summary('dc-fire', {
    title: 'Datacenter fire',
    tags: ['network', 'hardware'],
    roles: [{ id: 'dc', name: 'DC tech', required: true }],
  }),
];

describe('filterScenarios', () => {
  it('returns everything with no filter', () => {
    expect(filterScenarios(list, NO_FILTER)).toHaveLength(3);
  });

  it('matches every word of the search anywhere, case-insensitively', () => {
    expect(filterScenarios(list, { ...NO_FILTER, text: 'RESOLVERS dns' }).map((s) => s.id)).toEqual(
      ['dns-hell'],
    );
    expect(filterScenarios(list, { ...NO_FILTER, text: 'dc tech' }).map((s) => s.id)).toEqual([
      'dc-fire',
    ]);
    expect(filterScenarios(list, { ...NO_FILTER, text: 'dns auth' })).toEqual([]);
  });

  it('requires every selected tag and the difficulty', () => {
    expect(filterScenarios(list, { ...NO_FILTER, tags: ['network'] }).map((s) => s.id)).toEqual([
      'dns-hell',
      'dc-fire',
    ]);
    expect(
      filterScenarios(list, { ...NO_FILTER, tags: ['network', 'dns'] }).map((s) => s.id),
    ).toEqual(['dns-hell']);
    expect(
      filterScenarios(list, { ...NO_FILTER, tags: ['network'], difficulty: 'beginner' }).map(
        (s) => s.id,
      ),
    ).toEqual(['dc-fire']);
  });
});

describe('allTags', () => {
  it('lists the most used tags first', () => {
    expect(allTags(list)).toEqual(['network', 'auth', 'dns', 'hardware']);
  });
});
