import { describe, expect, it } from 'vitest';
import { RadSweepInputError, Rng } from '@radsweep/core';
import {
  aucCiBootstrap,
  aucCiDelong,
  brierScore,
  calibrationCurve,
  calibrationIntercept,
  calibrationSlope,
  classificationMetrics,
  confusionCounts,
  decisionCurve,
  delongTest,
  netBenefit,
  netBenefitTreatAll,
  normalCdf,
  normalQuantile,
  percentileOfSorted,
  rocAuc,
  rocCurve,
} from '@radsweep/metrics';
import { aucMannWhitney } from '../support/shared';

const f64 = (a: number[]) => Float64Array.from(a);
const u8 = (a: number[]) => Uint8Array.from(a);

/** Random labels and scores rounded to 1 decimal, so that many scores tie. */
function tiedData(seed: number, n: number): { y: Uint8Array; s: Float64Array } {
  const rng = new Rng(seed);
  const y = new Uint8Array(n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.next() < 0.4 ? 1 : 0;
    s[i] = Math.round((0.3 * y[i] + 0.7 * rng.next()) * 10) / 10;
  }
  y[0] = 1;
  y[1] = 0;
  return { y, s };
}

function expectInputError(fn: () => unknown, where: string | RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RadSweepInputError);
    const w = (e as RadSweepInputError).where ?? '';
    if (typeof where === 'string') expect(w).toBe(where);
    else expect(w).toMatch(where);
    return;
  }
  throw new Error('expected a RadSweepInputError');
}

describe('input validation', () => {
  const y = u8([0, 1, 0, 1]);
  const p = f64([0.1, 0.9, 0.2, 0.7]);
  it('refuses a length mismatch', () => expectInputError(() => brierScore(y, f64([0.1, 0.2])), 'probabilities'));
  it('refuses a NaN probability, naming its index', () => expectInputError(() => classificationMetrics(y, f64([0.1, NaN, 0.2, 0.7])), 'probabilities[1]'));
  it('refuses a probability outside [0, 1]', () => expectInputError(() => brierScore(y, f64([0.1, 1.5, 0.2, 0.7])), 'probabilities[1]'));
  it('refuses a label other than 0/1', () => expectInputError(() => rocAuc(u8([0, 2, 0, 1]), p), 'labels[1]'));
  it('refuses empty input', () => expectInputError(() => brierScore(u8([]), f64([])), 'labels'));
  it('accepts any finite score for AUC, but not infinity', () => {
    expect(rocAuc(y, f64([-3, 7, -1, 2]))).toBe(1);
    expectInputError(() => rocAuc(y, f64([-3, Infinity, -1, 2])), 'scores[1]');
  });
  for (const [name, fn] of [
    ['rocAuc', (yy: Uint8Array, pp: Float64Array) => rocAuc(yy, pp)],
    ['rocCurve', (yy: Uint8Array, pp: Float64Array) => rocCurve(yy, pp)],
    ['aucCiDelong', (yy: Uint8Array, pp: Float64Array) => aucCiDelong(yy, pp)],
    ['aucCiBootstrap', (yy: Uint8Array, pp: Float64Array) => aucCiBootstrap(yy, pp)],
    ['calibrationSlope', (yy: Uint8Array, pp: Float64Array) => calibrationSlope(yy, pp)],
    ['calibrationIntercept', (yy: Uint8Array, pp: Float64Array) => calibrationIntercept(yy, pp)],
  ] as const) {
    it(`${name} needs both classes`, () => expectInputError(() => fn(u8([1, 1, 1]), f64([0.2, 0.5, 0.9])), 'labels'));
  }
  it('DeLong needs two patients of each class', () => expectInputError(() => aucCiDelong(u8([1, 0, 0]), f64([0.9, 0.1, 0.2])), 'labels'));
  it('the paired DeLong test needs the same patients', () => expectInputError(() => delongTest(y, p, f64([0.1, 0.2])), 'scoresB'));
  it('net benefit needs a threshold in [0, 1)', () => expectInputError(() => netBenefit(y, p, 1), 'threshold'));
  it('the bootstrap needs a level in (0, 1) and a positive number of resamples', () => {
    expectInputError(() => aucCiBootstrap(y, p, { level: 95 }), 'level');
    expectInputError(() => aucCiBootstrap(y, p, { resamples: 0 }), 'resamples');
  });
});

describe('threshold metrics', () => {
  it('predicts positive when p > 0.5 by default, p >= 0.5 with rule ge', () => {
    const y = u8([1, 0, 1, 0]);
    const p = f64([0.5, 0.5, 0.8, 0.2]);
    expect(confusionCounts(y, p)).toEqual({ tp: 1, fp: 0, tn: 2, fn: 1 });
    expect(confusionCounts(y, p, 0.5, 'ge')).toEqual({ tp: 2, fp: 1, tn: 1, fn: 0 });
  });

  it('computes each rate from the confusion matrix', () => {
    // tp 3, fp 1, tn 4, fn 2
    const y = u8([1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
    const p = f64([0.9, 0.8, 0.7, 0.4, 0.3, 0.6, 0.1, 0.2, 0.3, 0.4]);
    const m = classificationMetrics(y, p);
    expect(m.confusion).toEqual({ tp: 3, fp: 1, tn: 4, fn: 2 });
    expect(m.accuracy).toBeCloseTo(7 / 10, 15);
    expect(m.precision).toBeCloseTo(3 / 4, 15);
    expect(m.recall).toBeCloseTo(3 / 5, 15);
    expect(m.specificity).toBeCloseTo(4 / 5, 15);
    expect(m.f1).toBeCloseTo((2 * 0.75 * 0.6) / (0.75 + 0.6), 15);
    expect(m.balancedAccuracy).toBeCloseTo(0.7, 15);
    expect(m.singleClassPrediction).toBeNull();
  });

  it('MCC equals the Pearson correlation of labels and predicted classes', () => {
    const { y, s } = tiedData(7, 300);
    const m = classificationMetrics(y, s, 0.45);
    const pred = Array.from(s, (v) => (v > 0.45 ? 1 : 0));
    const mean = (a: ArrayLike<number>) => Array.from(a).reduce((t, v) => t + v, 0) / a.length;
    const my = mean(y);
    const mp = mean(pred);
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < y.length; i++) {
      sxy += (y[i] - my) * (pred[i] - mp);
      sxx += (y[i] - my) ** 2;
      syy += (pred[i] - mp) ** 2;
    }
    expect(m.mcc).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 12);
  });

  it('flags a model that predicts one class for every patient, with precision 0 when nothing is positive', () => {
    const y = u8([1, 0, 0, 1]);
    const none = classificationMetrics(y, f64([0.1, 0.2, 0.3, 0.4]));
    expect(none.singleClassPrediction).toBe(0);
    expect([none.precision, none.recall, none.f1, none.mcc]).toEqual([0, 0, 0, 0]);
    expect(classificationMetrics(y, f64([0.6, 0.7, 0.8, 0.9])).singleClassPrediction).toBe(1);
  });
});

describe('ROC curve and AUC', () => {
  it("reproduces scikit-learn's documented example", () => {
    // sklearn.metrics.roc_curve docstring: y = [1, 1, 2, 2] (pos_label 2), scores [0.1, 0.4, 0.35, 0.8]
    const roc = rocCurve(u8([0, 0, 1, 1]), f64([0.1, 0.4, 0.35, 0.8]));
    expect(Array.from(roc.fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(roc.tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(roc.thresholds)).toEqual([1.8, 0.8, 0.4, 0.35, 0.1]);
  });

  it('makes one point per distinct score (ties) and drops collinear points only when asked', () => {
    const y = u8([0, 1, 0, 1, 1, 0]);
    const s = f64([0.5, 0.5, 0.2, 0.9, 0.8, 0.1]);
    const full = rocCurve(y, s, { dropIntermediate: false });
    expect(Array.from(full.thresholds)).toEqual([1.9, 0.9, 0.8, 0.5, 0.2, 0.1]);
    expect(Array.from(full.tpr)).toEqual([0, 1 / 3, 2 / 3, 1, 1, 1]);
    expect(Array.from(full.fpr)).toEqual([0, 0, 0, 1 / 3, 2 / 3, 1]);
    const dropped = rocCurve(y, s);
    // (0, 1/3) lies between (0, 0) and (0, 2/3); (2/3, 1) between (1/3, 1) and (1, 1)
    expect(Array.from(dropped.thresholds)).toEqual([1.9, 0.9, 0.8, 0.5, 0.1]);
  });

  it('AUC equals the Mann-Whitney statistic and the trapezoidal area under the full curve, with ties', () => {
    for (const seed of [1, 2, 3]) {
      const { y, s } = tiedData(seed, 200);
      const auc = rocAuc(y, s);
      expect(auc).toBeCloseTo(aucMannWhitney(y, s), 12);
      const roc = rocCurve(y, s, { dropIntermediate: false });
      let area = 0;
      for (let k = 1; k < roc.fpr.length; k++) area += ((roc.fpr[k] - roc.fpr[k - 1]) * (roc.tpr[k] + roc.tpr[k - 1])) / 2;
      expect(auc).toBeCloseTo(area, 12);
      const dropped = rocCurve(y, s);
      let areaDropped = 0;
      for (let k = 1; k < dropped.fpr.length; k++) areaDropped += ((dropped.fpr[k] - dropped.fpr[k - 1]) * (dropped.tpr[k] + dropped.tpr[k - 1])) / 2;
      expect(areaDropped).toBeCloseTo(area, 12);
    }
  });
});

/** DeLong's variance written out from its definition with the O(n+ n-) kernel sums. */
function bruteDelong(y: Uint8Array, a: Float64Array, b: Float64Array): { va: number; vb: number; cov: number } {
  const pos = [...y.keys()].filter((i) => y[i] === 1);
  const neg = [...y.keys()].filter((i) => y[i] === 0);
  const psi = (x: number, z: number) => (x > z ? 1 : x === z ? 0.5 : 0);
  const comp = (s: Float64Array) => ({
    v10: pos.map((i) => neg.reduce((t, j) => t + psi(s[i], s[j]), 0) / neg.length),
    v01: neg.map((j) => pos.reduce((t, i) => t + psi(s[i], s[j]), 0) / pos.length),
  });
  const ca = comp(a);
  const cb = comp(b);
  const mean = (v: number[]) => v.reduce((t, x) => t + x, 0) / v.length;
  const cov = (u: number[], v: number[]) => {
    const mu = mean(u);
    const mv = mean(v);
    return u.reduce((t, x, k) => t + (x - mu) * (v[k] - mv), 0) / (u.length - 1);
  };
  const c = (x: typeof ca, z: typeof ca) => cov(x.v10, z.v10) / pos.length + cov(x.v01, z.v01) / neg.length;
  return { va: c(ca, ca), vb: c(cb, cb), cov: c(ca, cb) };
}

describe('DeLong', () => {
  const { y, s: a } = tiedData(11, 120);
  const b = Float64Array.from(a, (v, i) => Math.round((v + 0.3 * Math.sin(i)) * 10) / 10);

  it('CI half-width is z(0.975) times the square root of the brute-force DeLong variance', () => {
    const ci = aucCiDelong(y, a);
    const { va } = bruteDelong(y, a, b);
    expect(ci.se).toBeCloseTo(Math.sqrt(va), 12);
    expect(ci.upper - ci.auc).toBeCloseTo(1.959963984540054 * Math.sqrt(va), 10);
    const ci90 = aucCiDelong(y, a, 0.9);
    expect(ci90.upper - ci90.auc).toBeCloseTo(1.6448536269514722 * Math.sqrt(va), 10);
  });

  it('truncates the interval to [0, 1]', () => {
    const ci = aucCiDelong(u8([0, 0, 0, 1, 1, 1]), f64([0.1, 0.2, 0.3, 0.7, 0.8, 0.25]));
    expect(ci.upper).toBeLessThanOrEqual(1);
    const perfect = aucCiDelong(u8([0, 0, 1, 1]), f64([0.1, 0.2, 0.8, 0.9]));
    expect([perfect.lower, perfect.upper]).toEqual([1, 1]);
  });

  it('paired test: z from the brute-force covariance, antisymmetric, z = 0 for a model against itself', () => {
    const t = delongTest(y, a, b);
    const { va, vb, cov } = bruteDelong(y, a, b);
    expect(t.z).toBeCloseTo((rocAuc(y, a) - rocAuc(y, b)) / Math.sqrt(va + vb - 2 * cov), 10);
    const back = delongTest(y, b, a);
    expect(back.z).toBeCloseTo(-t.z, 14);
    expect(back.pValue).toBeCloseTo(t.pValue, 14);
    expect(delongTest(y, a, a)).toMatchObject({ z: 0, pValue: 1 });
  });
});

describe('bootstrap CI of the AUC', () => {
  const { y, s } = tiedData(5, 80);

  it('same seed, same interval; another seed, another interval', () => {
    const one = aucCiBootstrap(y, s, { seed: 3, resamples: 300 });
    expect(aucCiBootstrap(y, s, { seed: 3, resamples: 300 })).toEqual(one);
    expect(aucCiBootstrap(y, s, { seed: 4, resamples: 300 }).lower).not.toBe(one.lower);
  });

  it('interval from the percentiles of the resampled AUCs, around the AUC', () => {
    const ci = aucCiBootstrap(y, s);
    expect(ci.aucs.length).toBe(1000);
    expect(ci.lower).toBe(percentileOfSorted(ci.aucs, 2.5));
    expect(ci.upper).toBe(percentileOfSorted(ci.aucs, 97.5));
    expect(ci.lower).toBeLessThan(ci.auc);
    expect(ci.upper).toBeGreaterThan(ci.auc);
    // the bootstrap sd estimates the DeLong standard error (both estimate the AUC's sampling sd)
    expect(ci.bootstrapSd).toBeGreaterThan(0.7 * aucCiDelong(y, s).se);
    expect(ci.bootstrapSd).toBeLessThan(1.3 * aucCiDelong(y, s).se);
  });

  it('stratified resamples always hold both classes; plain ones that do not are skipped', () => {
    const yy = new Uint8Array(20);
    yy[0] = 1; // one positive in 20: a plain resample misses it with probability (19/20)^20 = 0.358
    const ss = Float64Array.from(yy, (v, i) => v * 0.5 + i / 40);
    expect(aucCiBootstrap(yy, ss).validResamples).toBe(1000);
    const plain = aucCiBootstrap(yy, ss, { stratified: false });
    // binomial(1000, 0.642): mean 642, sd 15
    expect(plain.validResamples).toBeGreaterThan(642 - 75);
    expect(plain.validResamples).toBeLessThan(642 + 75);
    expect(plain.aucs.length).toBe(plain.validResamples);
  });

  it('percentiles interpolate linearly as numpy.percentile', () => {
    expect(percentileOfSorted([1, 2, 3, 4], 2.5)).toBeCloseTo(1.075, 14);
    expect(percentileOfSorted([1, 2, 3, 4, 10], 97.5)).toBeCloseTo(9.4, 14);
    expect(percentileOfSorted([5], 50)).toBe(5);
  });
});

describe('calibration', () => {
  it('bins as numpy.searchsorted(linspace(0, 1, 11)[1:-1], p): first bin [0, 0.1], then (lo, hi]', () => {
    const p = f64([0, 0.1, 0.1 + 1e-12, 0.3, 0.30000000000000004, 0.95, 1]);
    const y = u8([0, 1, 0, 1, 1, 0, 1]);
    const bins = calibrationCurve(y, p);
    expect(bins.map((b) => b.count)).toEqual([2, 1, 2, 0, 0, 0, 0, 0, 0, 2]);
    expect(bins[2].upper).toBe(0.30000000000000004); // 3 * 0.1, as numpy.linspace
    expect(bins[0]).toMatchObject({ meanPredicted: 0.05, observed: 0.5 });
    expect(bins[3].meanPredicted).toBeNaN();
    expect(bins[3].observed).toBeNaN();
    expect(bins[9]).toMatchObject({ meanPredicted: 0.975, observed: 0.5 });
  });

  it('quantile bins hold equally many patients', () => {
    const p = Float64Array.from({ length: 100 }, (_, k) => k / 100);
    const y = Uint8Array.from({ length: 100 }, (_, k) => k % 2);
    const bins = calibrationCurve(y, p, { strategy: 'quantile', bins: 10 });
    expect(bins.map((b) => b.count)).toEqual(new Array(10).fill(10));
    expect(bins[0].lower).toBe(0);
    expect(bins[9].upper).toBe(0.99);
  });

  /** p = sigmoid(z), y ~ Bernoulli(sigmoid(a + b z)) for 20 000 patients. */
  function simulated(a: number, b: number) {
    const rng = new Rng(99);
    const n = 20_000;
    const p = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const z = 1.5 * rng.normal() - 1;
      p[i] = 1 / (1 + Math.exp(-z));
      y[i] = rng.next() < 1 / (1 + Math.exp(-(a + b * z))) ? 1 : 0;
    }
    return { y, p };
  }

  it('slope 1 and intercept 0 for well-calibrated risks; slope 1/2 for risks twice too extreme', () => {
    const good = simulated(0, 1);
    expect(calibrationSlope(good.y, good.p)).toBeCloseTo(1, 1);
    expect(calibrationIntercept(good.y, good.p)).toBeCloseTo(0, 1);
    const extreme = simulated(0, 0.5);
    expect(calibrationSlope(extreme.y, extreme.p)).toBeCloseTo(0.5, 1);
    const under = simulated(1, 1);
    expect(calibrationIntercept(under.y, under.p)).toBeCloseTo(1, 1);
  });

  it('the calibration intercept solves its likelihood equation; the slope recovers the simulated 0.7', () => {
    const { y, p } = simulated(0.3, 0.7);
    const x = Float64Array.from(p, (v) => Math.log(v / (1 - v)));
    const b = calibrationSlope(y, p);
    const a = calibrationIntercept(y, p);
    let score = 0;
    for (let i = 0; i < y.length; i++) score += y[i] - 1 / (1 + Math.exp(-(a + x[i])));
    expect(Math.abs(score)).toBeLessThan(1e-8);
    expect(b).toBeGreaterThan(0.6);
    expect(b).toBeLessThan(0.8);
  });

  it('is NaN when the labels are separated by the risk (no maximum-likelihood slope)', () => {
    expect(calibrationSlope(u8([0, 0, 1, 1]), f64([0.1, 0.2, 0.8, 0.9]))).toBeNaN();
  });

  it('Brier score is the mean squared error', () => {
    expect(brierScore(u8([1, 0, 1]), f64([0.8, 0.3, 1]))).toBeCloseTo((0.04 + 0.09 + 0) / 3, 15);
  });
});

describe('net benefit (decision curve)', () => {
  const y = u8([1, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
  const p = f64([0.9, 0.4, 0.4, 0.1, 0.05, 0.2, 0.3, 0.6, 0.02, 0.15]);

  it('counts p >= t as treated: TP/n - FP/n * t/(1-t)', () => {
    // t = 0.4: treated 0.9 (TP), 0.4 (TP), 0.4 (FP), 0.6 (FP)
    expect(netBenefit(y, p, 0.4)).toBeCloseTo(2 / 10 - (2 / 10) * (0.4 / 0.6), 15);
  });

  it('treat-all equals the model that treats everyone; treat-none is 0', () => {
    for (const t of [0, 0.1, 0.3, 0.7]) {
      expect(netBenefitTreatAll(y, t)).toBeCloseTo(netBenefit(y, new Float64Array(y.length).fill(1), t), 15);
    }
    const curve = decisionCurve(y, p, [0.1, 0.2]);
    expect(curve.map((c) => c.threshold)).toEqual([0.1, 0.2]);
    expect(curve[1]).toEqual({ threshold: 0.2, model: netBenefit(y, p, 0.2), treatAll: 0.3 - 0.7 * 0.25, treatNone: 0 });
  });
});

describe('standard normal', () => {
  it('matches R pnorm and qnorm', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 15);
    expect(normalCdf(-8) / 6.22096057427178e-16).toBeCloseTo(1, 10);
    expect(normalCdf(1)).toBeCloseTo(0.841344746068543, 15);
  });

  it('quantile inverts the CDF', () => {
    for (const q of [1e-6, 0.01, 0.3, 0.5, 0.77, 0.999]) expect(normalCdf(normalQuantile(q))).toBeCloseTo(q, 14);
  });
});
