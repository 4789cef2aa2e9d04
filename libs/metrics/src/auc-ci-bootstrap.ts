import { NumpyRandomState, RadSweepInputError, Rng } from '@radsweep/core';
import type { AucInterval } from './auc-ci-delong';
import { percentileOfSorted } from './percentile';
import { aucFromOrder, ascendingOrder } from './score-order';
import { checkLabelsAndScores, requireBothClasses, requireOpenInterval } from './validate';

export interface BootstrapOptions {
  /** Number of resamples (default 1000). */
  readonly resamples?: number;
  /** Seed of the Rng drawing the resamples (default 42). */
  readonly seed?: number;
  /** Confidence level (default 0.95). */
  readonly level?: number;
  /**
   * true (default): resample positives and negatives separately, each with replacement and at its own
   * count, so every resample has both classes (pROC's stratified bootstrap).
   * false: resample all n patients with replacement and skip resamples that hold one class only
   * (the protocol's scikit-learn reference does this with numpy's RandomState(42)).
   */
  readonly stratified?: boolean;
  /**
   * 'radsweep' (default): our seeded Rng. 'numpy': replay numpy's RandomState(seed) with
   * randint(0, n, n) per resample, which reproduces a scikit-learn script's interval exactly
   * (plain resampling only).
   */
  readonly randomStream?: 'radsweep' | 'numpy';
}

/** Percentile bootstrap interval of the AUC, with what the resampling did. */
export interface BootstrapInterval extends AucInterval {
  readonly resamples: number;
  readonly seed: number;
  readonly stratified: boolean;
  /** Resamples with both classes (the ones the interval is computed from). */
  readonly validResamples: number;
  /** Mean and sample standard deviation (n - 1) of the bootstrap AUCs. */
  readonly bootstrapMean: number;
  readonly bootstrapSd: number;
  /** The AUCs of the valid resamples, sorted increasing (the bootstrap distribution). */
  readonly aucs: Float64Array;
}

/**
 * Percentile bootstrap confidence interval of the ROC AUC: draw `resamples` resamples of the patients
 * with replacement (stratified by class by default), compute the AUC of each, and report the
 * (1 - level)/2 and (1 + level)/2 percentiles of those AUCs (linear interpolation, as numpy.percentile).
 * Defaults: 1000 resamples, seed 42, level 0.95, stratified. The scores are sorted once; each resample
 * only counts multiplicities, so a resample costs O(n) with no allocation.
 * Reference: Efron & Tibshirani 1993, ch. 13; pROC::ci.auc(method = 'bootstrap', stratified = TRUE).
 */
export function aucCiBootstrap(y: Uint8Array, s: Float64Array, options: BootstrapOptions = {}): BootstrapInterval {
  const { resamples = 1000, seed = 42, level = 0.95, randomStream = 'radsweep' } = options;
  const stratified = options.stratified ?? randomStream !== 'numpy';
  if (randomStream === 'numpy' && stratified) {
    throw new RadSweepInputError('aucCiBootstrap: the numpy random stream replays plain (unstratified) resampling only', 'randomStream');
  }
  const counts = checkLabelsAndScores('aucCiBootstrap', y, s, 'score');
  requireBothClasses('aucCiBootstrap', counts);
  requireOpenInterval('aucCiBootstrap', 'level', level, 0, 1);
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RadSweepInputError(`aucCiBootstrap: resamples must be a positive integer, got ${resamples}`, 'resamples');
  }
  const n = y.length;
  const positives = new Uint32Array(counts.positives);
  const negatives = new Uint32Array(counts.negatives);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (y[i] === 1) positives[a++] = i;
    else negatives[b++] = i;
  }
  const order = ascendingOrder(s);
  const weights = new Int32Array(n);
  const aucs = new Float64Array(resamples);
  const rng = new Rng(seed);
  const numpy = randomStream === 'numpy' ? new NumpyRandomState(seed) : null;
  let valid = 0;
  for (let r = 0; r < resamples; r++) {
    weights.fill(0);
    if (stratified) {
      for (let k = 0; k < positives.length; k++) weights[positives[rng.int(positives.length)]]++;
      for (let k = 0; k < negatives.length; k++) weights[negatives[rng.int(negatives.length)]]++;
    } else {
      for (let k = 0; k < n; k++) weights[numpy ? numpy.randint(n) : rng.int(n)]++;
    }
    const auc = aucFromOrder(order, s, y, weights);
    if (!Number.isNaN(auc)) aucs[valid++] = auc; // NaN: a one-class resample, skipped
  }
  const kept = aucs.subarray(0, valid).sort();
  let mean = 0;
  for (let i = 0; i < valid; i++) mean += kept[i];
  mean /= valid;
  let ss = 0;
  for (let i = 0; i < valid; i++) ss += (kept[i] - mean) ** 2;
  const tail = ((1 - level) / 2) * 100;
  return {
    auc: aucFromOrder(order, s, y),
    lower: percentileOfSorted(kept, tail),
    upper: percentileOfSorted(kept, 100 - tail),
    level,
    resamples,
    seed,
    stratified,
    validResamples: valid,
    bootstrapMean: valid > 0 ? mean : NaN,
    bootstrapSd: valid > 1 ? Math.sqrt(ss / (valid - 1)) : NaN,
    aucs: kept,
  };
}
