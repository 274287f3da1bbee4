/**
 * "Did you mean ...?" for unknown keys, enum values and environment names. A suggestion is only
 * worth showing when it is probably right, so it is offered only for near misses: the same word
 * spelled with other case or separators (`sloWindow`, `slo-window`), a prefix (`prod`), or a
 * small edit distance relative to the word's length.
 */

/**
 * Optimal string alignment distance (restricted Damerau-Levenshtein): insertions, deletions,
 * substitutions and transpositions of adjacent characters each cost 1. Transpositions matter
 * because they are the commonest typo (`teir`, `regoins`).
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i < rows; i++) {
    const row = d[i] as number[];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** How many edits still count as a typo: one per three characters, between 1 and 3. */
export function typoTolerance(word: string): number {
  return Math.max(1, Math.min(3, Math.floor(word.length / 3)));
}

function normalise(word: string): string {
  return word.toLowerCase().replace(/[-_\s]/g, '');
}

/** The candidate the user most likely meant, or undefined when none is close. */
export function nearest(input: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates].filter((candidate) => candidate !== input);
  if (list.length === 0 || input.length === 0) return undefined;
  const wanted = normalise(input);
  const sameWord = list.find((candidate) => normalise(candidate) === wanted);
  if (sameWord) return sameWord;

  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of list) {
    const distance = editDistance(wanted, normalise(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined && bestDistance <= typoTolerance(wanted)) return best;

  // `prod` for `production`, `pre_prod` for `pre_production`: a clear abbreviation.
  if (wanted.length >= 3) {
    const byPrefix = list.filter((candidate) => normalise(candidate).startsWith(wanted));
    if (byPrefix.length === 1) return byPrefix[0];
  }
  return undefined;
}

/** ` (did you mean 'x'?)` or an empty string; ready to append to a message. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const suggestion = nearest(input, candidates);
  return suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`;
}
