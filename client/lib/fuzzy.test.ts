import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyScore } from './fuzzy.ts';

describe('fuzzy', () => {
  it('matches characters in order only', () => {
    expect(fuzzyScore('rsc', 'Restart a service: Cache')).not.toBeNull();
    expect(fuzzyScore('xyz', 'Restart a service')).toBeNull();
    expect(fuzzyScore('cr', 'rc')).toBeNull();
  });

  it('ranks the words themselves above initials that happen to match', () => {
    const items = [
      'Disable new sign-ups',
      'Restart the kube-dns pods',
      'Inspect cluster DNS (kube-dns metrics)',
    ];
    const found = fuzzyFilter(items, 'dns', (s) => s);
    expect(found[0]).toBe('Inspect cluster DNS (kube-dns metrics)');
    expect(found.at(-1)).toBe('Disable new sign-ups');
  });

  it('ranks word starts above matches inside words', () => {
    expect(fuzzyFilter(['Page the backup team', 'Acknowledge the page'], 'ack', (s) => s)[0]).toBe(
      'Acknowledge the page',
    );
    expect(
      fuzzyFilter(
        ['Restart a service: API', 'Restart a service: Cache', 'Inspect the cache'],
        'rest cache',
        (s) => s,
      )[0],
    ).toBe('Restart a service: Cache');
  });

  it('keeps the original order for an empty query', () => {
    expect(fuzzyFilter(['b', 'a'], '  ', (s) => s)).toEqual(['b', 'a']);
  });
});
