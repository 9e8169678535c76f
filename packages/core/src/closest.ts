/** Names longer than this are not compared at all: nobody mistypes a command name that long. */
const MAX_COMPARED = 100;
/** The best a suggestion may score (share of characters that differ). */
const MAX_SCORE = 0.6;

/** Levenshtein distance of two lower-cased strings. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The candidates nearest to `wanted`, best first; substring matches rank ahead of edits. The cost is
 * bounded: a `wanted` longer than any plausible name gets no suggestions, and candidates whose length
 * alone rules them out are skipped without computing a distance.
 */
export function closestNames(wanted: string, candidates: Iterable<string>, limit = 3): string[] {
  if (wanted.length > MAX_COMPARED * 2) return [];
  const needle = wanted.toLowerCase().trim();
  if (needle.length === 0 || needle.length > MAX_COMPARED) return [];
  const scored: { name: string; score: number }[] = [];
  for (const name of candidates) {
    const hay = name.toLowerCase();
    if (hay.length > MAX_COMPARED) continue;
    const longest = Math.max(needle.length, hay.length);
    let score: number;
    if (hay.includes(needle) || needle.includes(hay)) score = 0;
    // The distance is at least the difference in length: skip what cannot come close enough.
    else if (Math.abs(needle.length - hay.length) / longest > MAX_SCORE) continue;
    else score = distance(needle, hay) / longest;
    if (score <= MAX_SCORE) scored.push({ name, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((c) => c.name);
}
