/** The middle value of the sorted timings (the upper middle for an even count); `a` is left unsorted. */
export const median = (a: number[]): number => [...a].sort((u, v) => u - v)[a.length >> 1];
