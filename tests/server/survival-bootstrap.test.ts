import { describe, expect, it } from 'vitest';
import { Rng } from '@radsweep/core';
import { harrellC } from '@radsweep/metrics';
import { ConcordanceCounter, pairedBootstrapCIndex } from '../../apps/server/src/survival/paired-bootstrap-c-index';
import { countHarrellC } from './support/survival';

/** A cohort with tied times (events and censorings at one time) and tied risks. */
function cohort(n: number, seed: number) {
  const rng = new Rng(seed);
  const time = Float64Array.from({ length: n }, () => 1 + rng.int(25));
  const event = Uint8Array.from({ length: n }, () => Number(rng.next() < 0.6));
  const a = Float64Array.from({ length: n }, () => rng.int(12) / 4);
  const b = Float64Array.from(a, (v) => v + rng.normal());
  return { time, event, a, b };
}

describe("the compare's paired bootstrap of Harrell's C", () => {
  it('rates a draw as its weighted patients: equal to harrellC on the drawn cohort and to a pair-by-pair count', () => {
    const { time, event, a } = cohort(60, 4);
    const counter = new ConcordanceCounter(time, event, a);
    expect(counter.concordance(new Float64Array(60).fill(1))).toBeCloseTo(harrellC(time, event, a).concordance, 14);
    const rng = new Rng(8);
    for (let r = 0; r < 5; r++) {
      const picks = Array.from({ length: 60 }, () => rng.int(60));
      const weight = new Float64Array(60);
      picks.forEach((i) => weight[i]++);
      const t = Float64Array.from(picks, (i) => time[i]);
      const e = Uint8Array.from(picks, (i) => event[i]);
      const x = Float64Array.from(picks, (i) => a[i]);
      expect(counter.concordance(weight)).toBeCloseTo(harrellC(t, e, x).concordance, 14);
      expect(counter.concordance(weight)).toBeCloseTo(countHarrellC(Array.from(t), Array.from(e), Array.from(x)), 14);
    }
  });

  it('is reproducible with its seed, states resamples and seed, and its difference is the full-cohort difference', () => {
    const { time, event, a, b } = cohort(80, 2);
    const one = pairedBootstrapCIndex(time, event, a, b, 500, 7);
    expect(pairedBootstrapCIndex(time, event, a, b, 500, 7)).toEqual(one);
    expect(one).toMatchObject({ resamples: 500, seed: 7, skipped: 0 });
    expect(one.difference).toBe(harrellC(time, event, a).concordance - harrellC(time, event, b).concordance);
    expect(one.lower).toBeLessThan(one.difference);
    expect(one.upper).toBeGreaterThan(one.difference);
    expect(pairedBootstrapCIndex(time, event, a, b, 500, 8).lower).not.toBe(one.lower);
    // a model against itself: every resampled difference is 0
    expect(pairedBootstrapCIndex(time, event, a, a, 200, 1)).toMatchObject({ difference: 0, lower: 0, upper: 0, stdErr: 0, pValue: 1 });
  });
});
