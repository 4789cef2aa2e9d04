import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NumpyRandomState } from '@radsweep/core';

// Values printed by numpy's RandomState (scripts/reference/numpy-random-state.py).
const ref = JSON.parse(readFileSync(resolve(__dirname, '../fixtures/numpy-random-state.json'), 'utf8'));

describe('NumpyRandomState replays numpy RandomState draws', () => {
  for (const c of ref.cases) {
    it(`seed ${c.seed}`, () => {
      let rs = new NumpyRandomState(c.seed);
      expect(Array.from({ length: 5 }, () => rs.nextUint32())).toEqual(c.words);
      rs = new NumpyRandomState(c.seed);
      expect(Array.from({ length: 5 }, () => rs.uniform())).toEqual(c.uniform);
      rs = new NumpyRandomState(c.seed);
      for (const [high, values] of Object.entries(c.randint as Record<string, number[]>)) {
        expect(values.map(() => rs.randint(Number(high))), `randint(0, ${high})`).toEqual(values);
      }
      rs = new NumpyRandomState(c.seed);
      const s = c.smote_like;
      expect(Array.from({ length: s.n }, () => rs.randint(s.high))).toEqual(s.idx);
      expect(Array.from({ length: s.n }, () => rs.uniform())).toEqual(s.u);
      rs = new NumpyRandomState(c.seed);
      const perm = Array.from({ length: 40 }, (_, i) => i);
      rs.shuffle(perm);
      expect(perm).toEqual(c.shuffle40);
    });
  }

  it('refuses a seed numpy would refuse', () => {
    expect(() => new NumpyRandomState(-1)).toThrow(/seed/);
    expect(() => new NumpyRandomState(2 ** 32)).toThrow(/seed/);
  });
});
