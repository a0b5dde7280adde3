// "Did you mean" for unknown keys, rule ids and enum values: the closest candidate by edit
// distance (transpositions count as one edit), after forgiving case and `_` for `-`.

/** The candidate the user most likely meant, or undefined when none is close enough. */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const wanted = normalise(input);
  if (wanted === '') return undefined;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const other = normalise(candidate);
    if (other === wanted) return candidate;
    const distance = editDistance(wanted, other);
    // A prefix of a name ('warn', 'err', 'pinned') is a strong hint even when far in edits.
    const prefix =
      wanted.length >= 3 && (other.startsWith(wanted) || wanted.startsWith(other)) ? 0.5 : 0;
    const limit = Math.max(1, Math.floor(Math.max(wanted.length, other.length) / 3));
    if (prefix === 0 && distance > limit) continue;
    const score = prefix ? prefix : distance;
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return best;
}

/** `; did you mean 'x'?` or an empty string, ready to append to a message. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const match = closest(input, candidates);
  return match === undefined ? '' : `; did you mean '${match}'?`;
}

function normalise(text: string): string {
  return text.trim().toLowerCase().replace(/_/g, '-');
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Names are short; cap the work for hostile input (a key thousands of characters long).
  if (a.length > 256 || b.length > 256) return Math.max(a.length, b.length);
  let twoBack = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, twoBack[j - 2] + 1);
      }
      current[j] = value;
    }
    twoBack = previous;
    previous = current;
  }
  return previous[b.length];
}
