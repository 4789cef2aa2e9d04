import { wilsonInterval } from './wilson.js';

/** One bin of the calibration curve with its events and the Wilson interval of its observed fraction. */
export interface CalibrationBinCi {
  lower: number;
  upper: number;
  count: number;
  positives: number;
  meanPredicted: number | null;
  observed: number | null;
  ciLower: number | null;
  ciUpper: number | null;
}

/**
 * The engine's calibration bins recounted from the test predictions, with their edges and per-bin Wilson
 * intervals: `bins` equal-width bins on [0, 1] (the engine's only strategy for test metrics), patient i in
 * bin b = #{k in 1..B-1 : k/B < p_i}, so the first bin is [0, 1/B] and the others (k/B, (k+1)/B] (the rule
 * of libs/metrics calibrationCurve). The stored curve has counts and fractions but neither edges nor event
 * counts, which the table and the intervals need.
 */
export function calibrationBins(labels: number[], probabilities: number[], bins: number, level = 0.95): CalibrationBinCi[] {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`calibrationBins: bins must be a positive integer, got ${bins}`);
  if (labels.length !== probabilities.length) throw new Error(`calibrationBins: ${labels.length} labels but ${probabilities.length} probabilities`);
  const count = new Array<number>(bins).fill(0);
  const positives = new Array<number>(bins).fill(0);
  const sum = new Array<number>(bins).fill(0);
  // edges as the engine computes them (k * (1 / B): 3 * 0.1 is 0.30000000000000004, not 0.3)
  const step = 1 / bins;
  const edge = (k: number) => (k === bins ? 1 : k * step);
  probabilities.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new Error(`calibrationBins: probability ${p} of patient ${i + 1} is outside [0, 1]`);
    let b = 0;
    while (b + 1 < bins && edge(b + 1) < p) b++;
    count[b]++;
    positives[b] += labels[i] === 1 ? 1 : 0;
    sum[b] += p;
  });
  return count.map((n, b) => {
    const ci = wilsonInterval(positives[b], n, level);
    return {
      lower: edge(b),
      upper: edge(b + 1),
      count: n,
      positives: positives[b],
      meanPredicted: n ? sum[b] / n : null,
      observed: n ? positives[b] / n : null,
      ciLower: ci?.lower ?? null,
      ciUpper: ci?.upper ?? null,
    };
  });
}
