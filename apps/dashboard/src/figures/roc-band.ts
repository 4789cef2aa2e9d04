import { seededRandom } from './seeded-random.js';

/** Pointwise bootstrap interval of the ROC curve: TPR limits at each FPR of `fpr`. */
export interface RocBand {
  fpr: number[];
  lower: number[];
  upper: number[];
  resamples: number;
  level: number;
  seed: number;
}

/**
 * TPR of an empirical ROC curve (points sorted by FPR, then TPR, as built from descending thresholds) at each
 * FPR of `grid`: where the curve has points at that FPR, the highest TPR among them (the top of a vertical
 * segment); elsewhere linear interpolation between its neighbours (ties give diagonal segments).
 */
export function tprAt(fpr: ArrayLike<number>, tpr: ArrayLike<number>, grid: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  for (const f of grid) {
    while (i + 1 < fpr.length && fpr[i + 1] <= f) i++;
    if (i + 1 >= fpr.length || fpr[i] === f) out.push(tpr[i]);
    else out.push(tpr[i] + ((tpr[i + 1] - tpr[i]) * (f - fpr[i])) / (fpr[i + 1] - fpr[i]));
  }
  return out;
}

/** The ROC points (FPR, TPR) of patients with weights (bootstrap multiplicities), scores sorted descending with tie groups. */
function weightedRoc(order: number[], scores: number[], labels: number[], weight: Float64Array, positives: number, negatives: number): { fpr: Float64Array; tpr: Float64Array } {
  const fpr = [0];
  const tpr = [0];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (labels[i] === 1) tp += weight[i];
    else fp += weight[i];
    if (k + 1 === order.length || scores[order[k + 1]] !== scores[i]) (fpr.push(fp / negatives), tpr.push(tp / positives));
  }
  return { fpr: Float64Array.from(fpr), tpr: Float64Array.from(tpr) };
}

/** Linear-interpolation percentile of sorted values (numpy's default, type 7). */
export function percentileSorted(sorted: Float64Array, q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/**
 * Seeded stratified bootstrap band of a ROC curve (Carpenter & Bithell 2000 percentile intervals, pROC's
 * `ci.se` with stratified = TRUE): each resample draws as many positives from the positives and negatives
 * from the negatives, with replacement, so every resample has both classes and the prevalence of the test
 * set; its ROC is read at each FPR of the grid (tprAt) and the band is the (1 - level)/2 and (1 + level)/2
 * percentiles per FPR. Computed in the browser from the test predictions the model page already has (a
 * few thousand resamples of a few hundred patients take milliseconds) and seeded with the run's seed, so it
 * is the same on every visit; the server stores only the AUC's bootstrap interval, not a curve band.
 */
export function rocBootstrapBand(labels: number[], scores: number[], options: { resamples: number; seed: number; level?: number; grid?: number[] }): RocBand {
  const level = options.level ?? 0.95;
  const grid = options.grid ?? Array.from({ length: 101 }, (_, k) => k / 100);
  if (labels.length !== scores.length) throw new Error(`rocBootstrapBand: ${labels.length} labels but ${scores.length} scores`);
  if (!(options.resamples >= 2) || !Number.isInteger(options.resamples)) throw new Error(`rocBootstrapBand: resamples must be an integer >= 2, got ${options.resamples}`);
  const pos = labels.flatMap((l, i) => (l === 1 ? [i] : []));
  const neg = labels.flatMap((l, i) => (l === 0 ? [i] : []));
  if (pos.length + neg.length !== labels.length) throw new Error('rocBootstrapBand: labels must be 0 or 1');
  if (!pos.length || !neg.length) throw new Error(`rocBootstrapBand: the test set needs both classes (${pos.length} positive, ${neg.length} negative)`);
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const random = seededRandom(options.seed);
  const weight = new Float64Array(labels.length);
  const table = grid.map(() => new Float64Array(options.resamples));
  for (let r = 0; r < options.resamples; r++) {
    weight.fill(0);
    for (const group of [pos, neg]) for (let k = 0; k < group.length; k++) weight[group[Math.floor(random() * group.length)]]++;
    const roc = weightedRoc(order, scores, labels, weight, pos.length, neg.length);
    tprAt(roc.fpr, roc.tpr, grid).forEach((t, g) => (table[g][r] = t));
  }
  const lower: number[] = [];
  const upper: number[] = [];
  for (const column of table) {
    column.sort();
    lower.push(percentileSorted(column, (1 - level) / 2));
    upper.push(percentileSorted(column, (1 + level) / 2));
  }
  return { fpr: grid, lower, upper, resamples: options.resamples, level, seed: options.seed };
}
