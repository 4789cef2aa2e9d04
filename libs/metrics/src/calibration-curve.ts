import { RadSweepInputError } from '@radsweep/core';
import { percentileOfSorted } from './percentile';
import { checkLabelsAndScores } from './validate';

/** One bin of a reliability diagram. */
export interface CalibrationBin {
  /** 0-based bin index. */
  readonly bin: number;
  readonly lower: number;
  readonly upper: number;
  /** Patients whose probability falls in the bin. */
  readonly count: number;
  /** Mean predicted probability in the bin; NaN when the bin is empty. */
  readonly meanPredicted: number;
  /** Observed fraction of positives in the bin; NaN when the bin is empty. */
  readonly observed: number;
}

/** 'uniform': equal-width bins on [0, 1]; 'quantile': bins holding about equally many patients. */
export type CalibrationStrategy = 'uniform' | 'quantile';

export interface CalibrationCurveOptions {
  /** Number of bins (default 10). */
  readonly bins?: number;
  /** Default 'uniform'. */
  readonly strategy?: CalibrationStrategy;
}

/**
 * Calibration (reliability) curve. Bin edges e_0..e_B: 'uniform' e_k = k / B (numpy.linspace(0, 1, B + 1));
 * 'quantile' e_k = the (100 k / B)-th percentile of p (numpy.percentile, linear). Patient i goes to bin
 * b = #{k in 1..B-1 : e_k < p_i} (numpy.searchsorted(edges[1:-1], p)), so the first bin is [e_0, e_1] and
 * the others (e_b, e_b+1]. Per bin: count, mean predicted probability, observed fraction positive.
 * Unlike sklearn.metrics.calibration_curve, which drops empty bins, every bin is returned: an empty bin
 * has count 0 and NaN means, so bins keep their index. Defaults: 10 bins, 'uniform'.
 * Reference: sklearn.metrics.calibration_curve (scikit-learn 1.2); Niculescu-Mizil & Caruana 2005.
 */
export function calibrationCurve(y: Uint8Array, p: Float64Array, options: CalibrationCurveOptions = {}): CalibrationBin[] {
  const { bins = 10, strategy = 'uniform' } = options;
  checkLabelsAndScores('calibrationCurve', y, p);
  if (!Number.isInteger(bins) || bins < 1) throw new RadSweepInputError(`calibrationCurve: bins must be a positive integer, got ${bins}`, 'bins');
  const edges = new Float64Array(bins + 1);
  if (strategy === 'uniform') {
    const step = 1 / bins;
    for (let k = 0; k < bins; k++) edges[k] = k * step;
    edges[bins] = 1;
  } else if (strategy === 'quantile') {
    const sorted = Float64Array.from(p).sort();
    for (let k = 0; k <= bins; k++) edges[k] = percentileOfSorted(sorted, (k / bins) * 100);
  } else {
    throw new RadSweepInputError(`calibrationCurve: unknown strategy '${strategy as string}', expected 'uniform' or 'quantile'`, 'strategy');
  }

  const count = new Float64Array(bins);
  const sumPredicted = new Float64Array(bins);
  const positives = new Float64Array(bins);
  for (let i = 0; i < y.length; i++) {
    const b = binOf(edges, p[i]);
    count[b]++;
    sumPredicted[b] += p[i];
    positives[b] += y[i];
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const c = count[b];
    out.push({
      bin: b,
      lower: edges[b],
      upper: edges[b + 1],
      count: c,
      meanPredicted: c === 0 ? NaN : sumPredicted[b] / c,
      observed: c === 0 ? NaN : positives[b] / c,
    });
  }
  return out;
}

/** Number of inner edges edges[1..B-1] strictly below v (binary search): numpy.searchsorted(edges[1:-1], v, 'left'). */
function binOf(edges: Float64Array, v: number): number {
  let lo = 1;
  let hi = edges.length - 1; // inner edges are indices 1..B-1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
