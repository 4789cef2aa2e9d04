import { describe, expect, it } from 'vitest';
import { exactExp } from '../../libs/classifiers/src/boosting/exact-exp';
import { sigmoid } from '../../libs/classifiers/src/boosting/logistic';

/**
 * Arguments whose e^x lies within 1e-4 ulp of a rounding midpoint (the hardest of 60,000
 * uniform draws on [-10, 10]), with e^x computed to 60 digits by Python's decimal module
 * and rounded once to float64.
 */
const HARD_CASES: [number, number][] = [
  [2.325921925373038, 10.236112669044848],
  [-9.581824066559143, 6.897102517507345e-5],
  [7.266604961147671, 1431.681578121634],
  [-8.636394546553968, 0.00017752581081926667],
  [4.559785892427826, 95.56301687397499],
  [-1.2866947236536745, 0.2761821344022035],
  [-4.789931225845992, 0.008313029083806222],
  [-6.594960740474938, 0.0013672405868749942],
  [8.362158172540656, 4281.925936560908],
  [-2.74487221411599, 0.06425651149502049],
  [7.686220946649279, 2178.127728539746],
  [6.927491866254044, 1019.9326413994485],
];

describe('exactExp (correctly rounded e^x for the boosters\' residuals)', () => {
  it('returns the correctly rounded value next to rounding midpoints', () => {
    for (const [x, e] of HARD_CASES) expect(exactExp(x), `exp(${x})`).toBe(e);
  });

  it('exact and limiting values', () => {
    expect(exactExp(0)).toBe(1);
    expect(exactExp(1)).toBe(Math.E);
    expect(exactExp(Math.LN2 * 10)).toBeCloseTo(1024, 12);
    expect(exactExp(709.78)).toBeLessThan(Infinity);
    expect(exactExp(710)).toBe(Infinity);
    expect(exactExp(-Infinity)).toBe(0);
    expect(exactExp(-800)).toBe(0);
    expect(Number.isNaN(exactExp(NaN))).toBe(true);
  });

  it('stays within one ulp of Math.exp across the range', () => {
    for (let x = -700; x < 709; x += 0.731) {
      const a = exactExp(x);
      const b = Math.exp(x);
      expect(Math.abs(a - b), `exp(${x})`).toBeLessThanOrEqual(Math.abs(b) * 2 ** -52);
    }
  });

  it('sigmoid is scipy expit\'s 1 / (1 + e^-z), 0 and 1 at the extremes', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(-2.325921925373038)).toBe(1 / (1 + 10.236112669044848));
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
  });
});
