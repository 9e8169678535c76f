/** Levenshtein distance, case-insensitive. */
function distance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
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

/** The candidates nearest to `wanted`, best first; substring matches rank ahead of edits. */
export function closestNames(wanted: string, candidates: Iterable<string>, limit = 3): string[] {
  const needle = wanted.toLowerCase().trim();
  return [...candidates]
    .map((name) => {
      const hay = name.toLowerCase();
      const score = hay.includes(needle) || needle.includes(hay) ? 0 : distance(needle, hay) / Math.max(needle.length, hay.length);
      return { name, score };
    })
    .filter((c) => c.score <= 0.6)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((c) => c.name);
}
