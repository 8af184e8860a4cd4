// Ranking for the command palette, with match-sorter deciding how well each query word
// matches (equal, starts with, word start, inside a word, initials, letters in order).
// Every word of the query must match the entry's label or its intent (the action's id,
// category and description); label matches weigh twice intent matches, and a word that
// matches a whole word beats the same letters starting a longer word ("log" is the app
// log more than a login). Pure.
import { matchSorterWithRankInfo, rankings } from 'match-sorter';
import type { ActionLike, PaletteItem } from './action-items.ts';

export interface RankedPalette<A extends ActionLike> {
  items: PaletteItem<A>[];
  /**
   * Whether the first entry is the query's clear winner and can run: the query is not
   * empty, the entry is available, and no other entry (available or not) scores as well. When
   * false, Enter should ask the person to pick rather than run a guess.
   */
  decisive: boolean;
}

const intentOf = (item: PaletteItem): string =>
  [item.action.id.replace(/[-_.]/g, ' '), item.action.category, item.action.description ?? '']
    .join(' ')
    .trim();

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Per-key rank of one word (0 when it does not match). */
function rankIn<A extends ActionLike>(
  items: PaletteItem<A>[],
  word: string,
  text: (item: PaletteItem<A>) => string,
): Map<PaletteItem<A>, number> {
  const found = matchSorterWithRankInfo(items, word, {
    keys: [text],
    threshold: rankings.MATCHES,
  });
  const wholeWord = new RegExp(`(^|[^\\p{L}\\p{N}])${escape(word)}($|[^\\p{L}\\p{N}])`, 'iu');
  return new Map(
    found.map((r) => [r.item, r.rank + (wholeWord.test(text(r.item)) ? 0.5 : 0)] as const),
  );
}

export function rankPalette<A extends ActionLike>(
  items: readonly PaletteItem<A>[],
  query: string,
): RankedPalette<A> {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const available = (list: PaletteItem<A>[]) => [
    ...list.filter((i) => i.action.available),
    ...list.filter((i) => !i.action.available),
  ];
  if (words.length === 0) return { items: available([...items]), decisive: false };

  const all = [...items];
  const scores = new Map<PaletteItem<A>, number>(all.map((i) => [i, 0]));
  for (const word of words) {
    const label = rankIn(all, word, (i) => i.title);
    const intent = rankIn(all, word, intentOf);
    for (const item of all) {
      const l = label.get(item) ?? 0;
      const n = intent.get(item) ?? 0;
      if (!scores.has(item)) continue;
      if (l === 0 && n === 0) scores.delete(item);
      else scores.set(item, scores.get(item)! + 2 * l + n);
    }
  }
  // The whole query as a phrase of the label ("inspect cluster dns") counts once more.
  for (const [item, phrase] of rankIn(all, words.join(' '), (i) => i.title))
    if (scores.has(item) && phrase >= rankings.CONTAINS)
      scores.set(item, scores.get(item)! + phrase);

  const order = new Map(all.map((item, index) => [item, index]));
  const sorted = [...scores.keys()].sort(
    (a, b) =>
      scores.get(b)! - scores.get(a)! ||
      // Shorter labels say less besides the query: more likely what was meant.
      a.title.length - b.title.length ||
      order.get(a)! - order.get(b)!,
  );
  const ranked = available(sorted);
  const first = ranked[0];
  // The first must beat every other match, those that cannot run included: when the best
  // match is already done ("log" with the app log read), the next one is not what was meant.
  const decisive =
    first !== undefined &&
    first.action.available &&
    ranked.slice(1).every((other) => scores.get(first)! > scores.get(other)!);
  return { items: ranked, decisive };
}
