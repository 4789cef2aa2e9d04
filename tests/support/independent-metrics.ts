/**
 * Metrics recomputed from their definitions, sharing no code with libs/metrics, so a test can
 * check the engine's numbers against something other than the engine's own calls. Slow on
 * purpose where the definition is (pairs, not ranks); for test-sized data only.
 */

/** AUC as the probability that a positive outranks a negative, ties counted one half (every pair counted). */
export function aucByPairs(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] !== 0) continue;
      pairs++;
      wins += p[i] > p[j] ? 1 : p[i] === p[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

/** The confusion matrix counted patient by patient, predicted positive when p > threshold. */
export function confusionByCount(y: ArrayLike<number>, p: ArrayLike<number>, threshold: number) {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < y.length; i++) {
    const predicted = p[i] > threshold;
    if (predicted && y[i] === 1) tp++;
    else if (predicted) fp++;
    else if (y[i] === 1) fn++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}

/** The textbook formulas from the four counts; NaN where a denominator is 0. */
export function ratesFromCounts({ tp, fp, tn, fn }: { tp: number; fp: number; tn: number; fn: number }) {
  const div = (a: number, b: number) => (b === 0 ? NaN : a / b);
  const precision = div(tp, tp + fp);
  const recall = div(tp, tp + fn);
  const specificity = div(tn, tn + fp);
  return {
    accuracy: (tp + tn) / (tp + fp + tn + fn),
    precision,
    recall,
    specificity,
    f1: div(2 * tp, 2 * tp + fp + fn),
    balancedAccuracy: (recall + specificity) / 2,
    mcc: div(tp * tn - fp * fn, Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))),
  };
}

export function brierByDefinition(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i] - y[i]) ** 2;
  return s / y.length;
}

/**
 * DeLong's interval from its definition (DeLong, DeLong & Clarke-Pearson 1988): structural components
 * V10_i (each positive's share of negatives it outranks) and V01_j, variance S10/m + S01/n with
 * sample variances, normal 95 % interval clipped to [0, 1].
 */
export function delongByDefinition(y: ArrayLike<number>, p: ArrayLike<number>) {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? pos : neg).push(p[i]);
  const psi = (a: number, b: number) => (a > b ? 1 : a === b ? 0.5 : 0);
  const v10 = pos.map((a) => neg.reduce((s, b) => s + psi(a, b), 0) / neg.length);
  const v01 = neg.map((b) => pos.reduce((s, a) => s + psi(a, b), 0) / pos.length);
  const auc = v10.reduce((s, v) => s + v, 0) / pos.length;
  const sampleVar = (v: number[]) => v.reduce((s, x) => s + (x - auc) ** 2, 0) / (v.length - 1);
  const se = Math.sqrt(sampleVar(v10) / pos.length + sampleVar(v01) / neg.length);
  const z = 1.959963984540054; // qnorm(0.975)
  return { auc, se, lower: Math.max(0, auc - z * se), upper: Math.min(1, auc + z * se) };
}

/** Area under a polyline (trapezoids), points in order. */
export function trapezoidArea(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let a = 0;
  for (let k = 1; k < x.length; k++) a += ((x[k] - x[k - 1]) * (y[k] + y[k - 1])) / 2;
  return a;
}

/** Every ROC point: (0, 0), then one per distinct score from the highest down (positive when p >= score). */
export function fullRocPoints(y: ArrayLike<number>, p: ArrayLike<number>): { fpr: number[]; tpr: number[] } {
  const nPos = Array.from(y).filter((v) => v === 1).length;
  const nNeg = y.length - nPos;
  const scores = [...new Set(Array.from(p))].sort((a, b) => b - a);
  const fpr = [0];
  const tpr = [0];
  for (const t of scores) {
    let tp = 0, fp = 0;
    for (let i = 0; i < y.length; i++) if (p[i] >= t) (y[i] === 1 ? tp++ : fp++);
    fpr.push(fp / nNeg);
    tpr.push(tp / nPos);
  }
  return { fpr, tpr };
}

/** Uniform calibration bins as numpy builds them (edges k * (1 / B), p on an inner edge in the lower bin): count and observed rate per bin. */
export function uniformBinsByCount(y: ArrayLike<number>, p: ArrayLike<number>, bins: number): { count: number; observed: number }[] {
  const step = 1 / bins;
  const out = Array.from({ length: bins }, () => ({ count: 0, positives: 0 }));
  for (let i = 0; i < y.length; i++) {
    let b = 0;
    while (b < bins - 1 && (b + 1) * step < p[i]) b++;
    out[b].count++;
    out[b].positives += y[i];
  }
  return out.map((b) => ({ count: b.count, observed: b.count ? b.positives / b.count : NaN }));
}

/**
 * Logistic recalibration by Newton-Raphson (what R's glm does by IRLS): the slope is b in
 * logit P(y) = a + b logit(p); the intercept (calibration in the large) is a in
 * logit P(y) = a + offset(logit(p)). For predictions strictly inside (0, 1).
 */
export function logisticCalibrationByNewton(y: ArrayLike<number>, p: ArrayLike<number>): { slope: number; intercept: number } {
  const x = Array.from(p, (v) => Math.log(v / (1 - v)));
  // Two-parameter fit: (a, b).
  let a = 0, b = 1;
  for (let it = 0; it < 100; it++) {
    let g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0;
    for (let i = 0; i < x.length; i++) {
      const mu = 1 / (1 + Math.exp(-(a + b * x[i])));
      const w = mu * (1 - mu);
      g0 += y[i] - mu;
      g1 += (y[i] - mu) * x[i];
      h00 += w;
      h01 += w * x[i];
      h11 += w * x[i] * x[i];
    }
    const det = h00 * h11 - h01 * h01;
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    a += da;
    b += db;
    if (Math.abs(da) + Math.abs(db) < 1e-14) break;
  }
  // Intercept with the offset.
  let c = 0;
  for (let it = 0; it < 100; it++) {
    let g = 0, h = 0;
    for (let i = 0; i < x.length; i++) {
      const mu = 1 / (1 + Math.exp(-(c + x[i])));
      g += y[i] - mu;
      h += mu * (1 - mu);
    }
    c += g / h;
    if (Math.abs(g / h) < 1e-15) break;
  }
  return { slope: b, intercept: c };
}
