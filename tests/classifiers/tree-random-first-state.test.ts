import { describe, expect, it } from 'vitest';
import { NumpyRandomState } from '@radsweep/core';
import { RAND_R_MAX, TreeRandom, firstRandRState } from '../../libs/classifiers/src/trees/tree-random';

describe('firstRandRState (remembered RandomState(seed).randint(RAND_R_MAX))', () => {
  // a forest's per-tree seeds, seeds differing in high or low bits only, and the range's ends
  const forest = new NumpyRandomState(42);
  const seeds = [...Array.from({ length: 300 }, () => forest.randint(RAND_R_MAX)), 0, 1, 2 ** 16, 2 ** 16 + 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1];

  it('gives a fresh RandomState draw for every seed, on first use and when remembered', () => {
    for (let pass = 0; pass < 2; pass++) {
      for (const seed of seeds) expect(firstRandRState(seed), `seed ${seed}, pass ${pass}`).toBe(new NumpyRandomState(seed).randint(RAND_R_MAX));
    }
  });

  it('TreeRandom.forSeed draws the stream of that first state', () => {
    for (const seed of seeds.slice(0, 20)) {
      const a = TreeRandom.forSeed(seed);
      const b = new TreeRandom(new NumpyRandomState(seed).randint(RAND_R_MAX));
      for (let k = 0; k < 5; k++) expect(a.int(0, 1000)).toBe(b.int(0, 1000));
    }
  });

  it('still rejects a seed outside [0, 2^32)', () => {
    expect(() => firstRandRState(-1)).toThrow(RangeError);
    expect(() => firstRandRState(2 ** 32)).toThrow(RangeError);
  });
});
