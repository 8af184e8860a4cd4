import { describe, expect, it } from 'vitest';
import { isComplete, paletteItems, type ActionLike } from './action-items.ts';

const action = (id: string, params: ActionLike['params'] = []): ActionLike => ({
  id,
  label: id,
  category: 'mitigate',
  params,
  available: true,
  reason: null,
  pending: false,
});

describe('paletteItems', () => {
  it('expands each combination of choices into its own entry', () => {
    const items = paletteItems([
      action('ack'),
      action('restart', [
        {
          id: 'service',
          label: 'Service',
          choices: [
            { value: 'api', label: 'API' },
            { value: 'cache', label: 'Cache' },
          ],
        },
      ]),
    ]);
    expect(items.map((i) => i.title)).toEqual(['ack', 'restart: API', 'restart: Cache']);
    expect(items[2]!.params).toEqual({ service: 'cache' });
    expect(items.every(isComplete)).toBe(true);
  });

  it('keeps one incomplete entry when there are too many combinations', () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ value: `v${i}`, label: `V${i}` }));
    const items = paletteItems([
      action('big', [
        { id: 'a', label: 'A', choices: many },
        { id: 'b', label: 'B', choices: many },
      ]),
    ]);
    expect(items).toHaveLength(1);
    expect(isComplete(items[0]!)).toBe(false);
  });
});
