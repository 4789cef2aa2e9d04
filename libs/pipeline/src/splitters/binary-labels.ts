import { RadSweepInputError } from '@radsweep/core';

/**
 * Row counts of labels 0 and 1, refusing any other value. Splitters and samplers
 * share it so that a label outside {0, 1} is reported the same way everywhere.
 */
export function countBinaryLabels(y: Uint8Array, where: string): [number, number] {
  let ones = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v > 1) throw new RadSweepInputError(`labels must be 0 or 1, row ${i} has ${v}`, where);
    ones += v;
  }
  return [y.length - ones, ones];
}

/** Row indices (ascending) whose label equals `label`. */
export function rowsOfLabel(y: Uint8Array, label: number, count: number): Int32Array {
  const out = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === label) out[k++] = i;
  return out;
}

/** numpy's RandomState.permutation(n): 0..n-1 shuffled by the legacy Fisher-Yates. */
export function numpyPermutation(rs: { shuffle<T extends { length: number; [i: number]: any }>(a: T): T }, n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return rs.shuffle(p);
}

/** An integer seed numpy's RandomState accepts, else an input error naming `where`. */
export function checkSeed(seed: number, where: string): number {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RadSweepInputError(`seed must be an integer in [0, 2^32), got ${seed}`, where);
  }
  return seed;
}
