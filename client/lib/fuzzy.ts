// Fuzzy matching for the command palette. Whole words of the query found in the text rank
// first (at a word start better than inside a word); otherwise every query character must
// appear in order, and runs and word starts score higher. Pure.

const WORD_BREAK = /[\s\-_/:(.,]/;
const isWordStart = (t: string, i: number) => i === 0 || WORD_BREAK.test(t[i - 1]!);

/** Every query word as a substring: 1000 + bonuses; null if a word is missing. */
function wordScore(words: readonly string[], t: string): number | null {
  let score = 1000;
  for (const w of words) {
    let best = -1;
    for (let i = t.indexOf(w); i !== -1; i = t.indexOf(w, i + 1)) {
      if (isWordStart(t, i)) {
        best = i;
        break;
      }
      if (best === -1) best = i;
    }
    if (best === -1) return null;
    score += w.length * 3 + (isWordStart(t, best) ? 10 : 0) - Math.min(best, 40) * 0.05;
  }
  return score;
}

/** The query's characters in order: a smaller score, or null. */
function subsequenceScore(q: string, t: string): number | null {
  let score = 0;
  let ti = 0;
  let run = 0;
  for (const ch of q) {
    const found = t.indexOf(ch, ti);
    if (found === -1) return null;
    run = found === ti && ti > 0 ? run + 1 : 0;
    score += 1 + (isWordStart(t, found) ? 3 : 0) + run * 2;
    ti = found + 1;
  }
  return score;
}

/** A score (higher is better) or null when the query does not match. */
export function fuzzyScore(query: string, text: string): number | null {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return 0;
  const t = text.toLowerCase();
  // Prefer shorter texts when scores tie.
  const tie = -t.length * 0.001;
  const whole = wordScore(words, t);
  if (whole !== null) return whole + tie;
  const sub = subsequenceScore(words.join(''), t);
  return sub === null ? null : sub + tie;
}

export function fuzzyFilter<T>(items: readonly T[], query: string, text: (item: T) => string): T[] {
  if (query.trim() === '') return [...items];
  return items
    .map((item, index) => ({ item, index, score: fuzzyScore(query, text(item)) }))
    .filter((x): x is { item: T; index: number; score: number } => x.score !== null)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((x) => x.item);
}
