/** The middle value of the sorted timings (the upper middle for an even count); `a` is left unsorted. */
export const median = (a: number[]): number => [...a].sort((u, v) => u - v)[a.length >> 1];

/** "median M ms, min A, max B" of timings in ms (`a` is left unsorted). */
export function medianMinMax(a: number[]): string {
  const s = [...a].sort((u, v) => u - v);
  return `median ${s[s.length >> 1].toFixed(0)} ms, min ${s[0].toFixed(0)}, max ${s[s.length - 1].toFixed(0)}`;
}
