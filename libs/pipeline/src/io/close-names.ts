/**
 * Names in `candidates` close to `name` (case-insensitive Levenshtein distance at
 * most a third of the name's length, at least 2), nearest first; for "did you mean".
 */
function closeNames(name: string, candidates: string[], max = 3): string[] {
  const target = name.toLowerCase();
  const limit = Math.max(2, Math.floor(target.length / 3));
  return candidates
    .map((c) => ({ c, d: editDistance(target, c.toLowerCase()) }))
    .filter(({ c, d }) => d <= limit || c.toLowerCase().includes(target) || target.includes(c.toLowerCase()))
    .sort((a, b) => a.d - b.d)
    .slice(0, max)
    .map(({ c }) => c);
}

/** A sentence for an error message: "did you mean 'a', 'b'?" or the first few names there are. */
export function suggestNames(name: string, candidates: string[]): string {
  const close = closeNames(name, candidates);
  if (close.length > 0) return `did you mean ${close.map((c) => `'${c}'`).join(', ')}?`;
  return listColumns(candidates);
}

/** "columns are 'a', 'b', ... (n in all)": the first few names. */
export function listColumns(candidates: string[]): string {
  const shown = candidates.slice(0, 8).map((c) => `'${c}'`).join(', ');
  return `columns are ${shown}${candidates.length > 8 ? `, ... (${candidates.length} in all)` : ''}`;
}

function editDistance(a: string, b: string): number {
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}
