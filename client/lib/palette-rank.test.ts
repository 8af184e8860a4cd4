import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioYaml } from '../../shared/index.ts';
import { paletteItems, type ActionLike } from './action-items.ts';
import { rankPalette } from './palette-rank.ts';

const action = (id: string, label: string, extra: Partial<ActionLike> = {}): ActionLike => ({
  id,
  label,
  category: 'investigate',
  params: [],
  available: true,
  reason: null,
  pending: false,
  ...extra,
});

/** The actions one role of a bundled scenario sees in its palette. */
function actionsOf(scenarioId: string, role: string): ActionLike[] {
  const parsed = parseScenarioYaml(
    readFileSync(resolve(import.meta.dirname, `../../scenarios/${scenarioId}.yaml`), 'utf8'),
  );
  if (!parsed.ok) throw new Error(`${scenarioId} does not parse`);
  return parsed.scenario.actions
    .filter((a) => a.roles.includes(role))
    .map((a) => ({
      id: a.id,
      label: a.label,
      description: a.description ?? null,
      category: a.category,
      params: a.params,
      available: true,
      reason: null,
      pending: false,
    }));
}

const titles = (r: { items: { title: string }[] }) => r.items.map((i) => i.title);

describe('ranking the command palette', () => {
  it('puts reading the logs above logging in when an operator types "log"', () => {
    const ranked = rankPalette(paletteItems(actionsOf('silent-auth', 'ops')), 'log');
    expect(ranked.items[0]!.title).toBe('Read the app log on the web servers');
    expect(titles(ranked).indexOf('Try to log in with the test customer account')).toBeGreaterThan(
      0,
    );
  });

  it('lets Enter run only a match the query singles out', () => {
    const items = paletteItems([
      action('a', 'Restart the API'),
      action('b', 'Restart the cache'),
      action('c', 'Inspect cluster DNS (kube-dns metrics, logs, upstream)'),
    ]);
    expect(rankPalette(items, 'restart').decisive).toBe(false);
    expect(rankPalette(items, '').decisive).toBe(false);
    const dns = rankPalette(items, 'inspect cluster dns');
    expect(dns.decisive).toBe(true);
    expect(dns.items[0]!.title).toMatch(/^Inspect cluster DNS/);
  });

  it('does not offer the runner-up to Enter when the best match is already done', () => {
    const acts = actionsOf('silent-auth', 'ops').map((a) =>
      a.id === 'tail-app-log' ? { ...a, available: false, reason: 'Already done.' } : a,
    );
    const ranked = rankPalette(paletteItems(acts), 'log');
    expect(ranked.items[0]!.title).toBe('Try to log in with the test customer account');
    expect(ranked.decisive).toBe(false);
  });

  it('matches every word of the query, in any order, parameters included', () => {
    const items = paletteItems([
      action('restart', 'Restart a service', {
        params: [
          {
            id: 'service',
            label: 'Service',
            choices: [
              { value: 'api', label: 'API' },
              { value: 'cache', label: 'Cache' },
            ],
          },
        ],
      }),
      action('inspect-cache', 'Inspect the cache'),
    ]);
    const ranked = rankPalette(items, 'cache restart');
    expect(titles(ranked)).toEqual(['Restart a service: Cache']);
    expect(ranked.decisive).toBe(true);
    expect(titles(rankPalette(items, 'rest cache'))[0]).toBe('Restart a service: Cache');
  });

  it('ranks a word at its start above the same letters inside a word, and initials last', () => {
    const found = titles(
      rankPalette(
        paletteItems([
          action('a', 'Disable new sign-ups'),
          action('b', 'Restart the kube-dns pods'),
          action('c', 'Inspect cluster DNS'),
        ]),
        'dns',
      ),
    );
    expect(found[0]).toBe('Inspect cluster DNS');
    expect(found.at(-1)).toBe('Disable new sign-ups');
  });

  it('finds actions by intent: their category', () => {
    const items = paletteItems([
      action('a', 'Page the VP', { category: 'escalate' }),
      action('b', 'Read the logs'),
    ]);
    expect(titles(rankPalette(items, 'escalate'))).toEqual(['Page the VP']);
  });

  it('lists what can run now first, and the rest with its reason after', () => {
    const items = paletteItems([
      action('a', 'Restart the API', { available: false, reason: 'Already done.' }),
      action('b', 'Restart the cache'),
    ]);
    expect(titles(rankPalette(items, 'restart'))).toEqual(['Restart the cache', 'Restart the API']);
    // The one match cannot run: Enter has nothing to run.
    const only = rankPalette(items, 'restart the api');
    expect(titles(only)).toEqual(['Restart the API']);
    expect(only.decisive).toBe(false);
  });

  it('keeps the scenario order for an empty query', () => {
    const items = paletteItems([action('b', 'B'), action('a', 'A')]);
    expect(titles(rankPalette(items, '  '))).toEqual(['B', 'A']);
  });
});
