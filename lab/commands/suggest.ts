/**
 * "Did you mean ...?" for the lab CLI: the closest of the known names (commands, flags, values)
 * to a mistyped one, by edit distance (a transposition counts as one edit) on the names with
 * their dashes removed, so `fullcone` finds `full-cone` and `--alcie` finds `--alice`.
 */

/** Edit distance between `a` and `b`: insertions, deletions, substitutions, transpositions. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Infinity;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

const bare = (s: string): string => s.toLowerCase().replace(/^-+/, '').replace(/[-_]/g, '');

/**
 * The candidate closest to `word`, or undefined when none is close enough: at most a third of
 * the name's letters apart (at least 1, at most 3), or one name starting with the other.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = bare(word);
  if (w === '') return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const b = bare(c);
    const distance = editDistance(w, b);
    const limit = Math.min(3, Math.max(1, Math.floor(b.length / 3)));
    const prefix = b.length >= 3 && w.length >= 3 && (b.startsWith(w) || w.startsWith(b));
    if ((distance <= limit || prefix) && distance < bestDistance) {
      best = c;
      bestDistance = distance;
    }
  }
  return best;
}

/** `; did you mean X?` for `word` among `candidates`, or '' when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : `; did you mean ${c}?`;
}
