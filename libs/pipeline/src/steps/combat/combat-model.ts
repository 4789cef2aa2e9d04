import { Matrix, RadSweepInputError, matrix } from '@radsweep/core';
import { choleskyInPlace, choleskySolveInPlace } from '@radsweep/classifiers';
import { CombatCovariates, CovariateCoding, covariateCoding, covariateDesign, sortedLevels } from './combat-design';
import { BatchPrior, aPrior, bPrior, iterateSolution, meanAndSampleVariance, postMean } from './empirical-bayes';

/**
 * ComBat (Johnson, Li & Rabinovic 2007) as neuroCombat computes it (neuroCombat.py, Fortin et al.; no
 * reference batch). Per feature j, x_ij = alpha_j + X_i beta_j + gamma_bj + delta_bj eps_ij:
 * 1. least squares of x on [batch one-hot | categorical one-hots without the first level | continuous];
 *    grand mean alpha_j = sum_b (n_b / n) B_bj; pooled variance = mean over rows of the squared residual;
 * 2. standardise s_ij = (x_ij - alpha_j - X_i beta_j) / sqrt(var_j);
 * 3. gamma_hat = batch means of s, delta_hat = batch variances (n_b - 1) of s;
 * 4. parametric EB (eb): per batch, priors across features, posterior gamma*, delta* (empirical-bayes.ts);
 *    `meanOnly`: gamma* = postmean(gamma_hat, gamma_bar, 1, 1, t2), delta* = 1; `eb: false`: the hats;
 * 5. harmonised x*_ij = (s_ij - gamma*_bj) / sqrt(delta*_bj) * sqrt(var_j) + alpha_j + X_i beta_j.
 * Deviations, all refusals instead of silent fixes: NaN input, a batch with < 2 rows, a feature constant
 * within a batch (neuroCombat sets its delta_hat to 1), a singular design (covariate confounded with batch).
 * One batch only: gamma* = 0, delta* = 1 (harmonising a batch to itself is the identity); the fitted
 * location/scale model still maps new batches (`estimateNewBatch`).
 */
export interface CombatOptions {
  /** Empirical-Bayes shrinkage (default true); false = the per-batch least-squares estimates. */
  eb: boolean;
  /** Adjust the location only (delta* = 1). */
  meanOnly: boolean;
  /** Relative-change tolerance of the EB iteration (neuroCombat: 1e-4). */
  conv: number;
}

export const DEFAULT_COMBAT_OPTIONS: CombatOptions = { eb: true, meanOnly: false, conv: 1e-4 };

/** The parameters of one batch: location shift gamma* and scale factor delta* per feature, with the estimates they came from. */
export interface BatchParameters {
  batch: string;
  rows: number;
  gammaHat: Float64Array;
  deltaHat: Float64Array;
  gammaStar: Float64Array;
  deltaStar: Float64Array;
  /** The EB prior (absent with eb: false or a single training batch). */
  prior?: BatchPrior;
}

export interface CombatModel {
  features: number;
  options: CombatOptions;
  coding: CovariateCoding;
  /** Covariate coefficients: coding.columns x features, row-major (the design rows after the batch indicators). */
  covariateBeta: Float64Array;
  /** alpha_j. */
  grandMean: Float64Array;
  /** Pooled residual variance per feature (divisor n). */
  varPooled: Float64Array;
  /** One entry per training batch, in sorted batch order. */
  batches: BatchParameters[];
}

const WHERE = 'steps: combat';

export function fitCombat(x: Matrix, batch: readonly (string | null)[], covariates: CombatCovariates, options: CombatOptions = DEFAULT_COMBAT_OPTIONS): CombatModel {
  const { rows: n, cols: p, data } = x;
  if (batch.length !== n) throw new RangeError(`combat: ${n} rows but ${batch.length} batch values`);
  checkFinite(x, 'the rows ComBat is fitted on');
  const missing = batch.indexOf(null);
  if (missing >= 0) throw new RadSweepInputError(`the batch value is missing in row ${missing + 1} of the rows the step is fitted on`, WHERE);
  const levels = sortedLevels(batch);
  const rowsOf = levels.map((level) => indicesOf(batch, level));
  rowsOf.forEach((r, b) => {
    if (r.length < 2) throw new RadSweepInputError(`batch '${levels[b]}' has ${r.length} row in the rows the step is fitted on; ComBat needs at least 2 rows per batch`, WHERE);
  });
  rowsOf.forEach((r, b) => checkNotConstant(x, r, levels[b]));
  if (options.eb && p < 2) throw new RadSweepInputError(`empirical Bayes estimates its priors across features and needs at least 2 features (got ${p}); set eb: false`, WHERE);

  const coding = covariateCoding(covariates, n);
  const covDesign = covariateDesign(coding, covariates, n);
  const nb = levels.length;
  const q = nb + coding.columns;
  const batchOf = new Int32Array(n);
  rowsOf.forEach((r, b) => r.forEach((i) => (batchOf[i] = b)));
  const designRow = (i: number, k: number) => (k < nb ? (batchOf[i] === k ? 1 : 0) : covDesign[i * coding.columns + k - nb]);
  const beta = leastSquares(designRow, n, q, x);

  const grandMean = new Float64Array(p);
  for (let b = 0; b < nb; b++) for (let j = 0; j < p; j++) grandMean[j] += (rowsOf[b].length / n) * beta[b * p + j];
  const varPooled = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      let fit = 0;
      for (let k = 0; k < q; k++) fit += designRow(i, k) * beta[k * p + j];
      const r = data[i * p + j] - fit;
      varPooled[j] += r * r;
    }
  }
  for (let j = 0; j < p; j++) varPooled[j] /= n;
  const model: CombatModel = {
    features: p,
    options,
    coding,
    covariateBeta: beta.slice(nb * p),
    grandMean,
    varPooled,
    batches: [],
  };
  const s = standardise(model, x, covDesign);
  model.batches = levels.map((level, b) => batchParameters(level, takeRowsOf(s, rowsOf[b], p), rowsOf[b].length, p, options, nb === 1));
  return model;
}

/**
 * Parameters of a batch not seen at fit (an external centre) from its own rows: their features (and the
 * covariates to preserve) only, never an outcome. The rows are standardised with the fitted grand mean,
 * covariate effects and pooled variance; gamma_hat and delta_hat are their means and variances, and the
 * prior is estimated across features from this batch alone, exactly as for a training batch (the training
 * batches' parameters are left untouched). Needs at least 2 rows and no feature constant among them.
 */
export function estimateNewBatch(model: CombatModel, x: Matrix, covariates: CombatCovariates, batch = 'new'): BatchParameters {
  checkWidth(model, x);
  checkFinite(x, `the rows of batch '${batch}'`);
  if (x.rows < 2) throw new RadSweepInputError(`batch '${batch}' has ${x.rows} row; its ComBat parameters are estimated from its own rows and need at least 2`, WHERE);
  const all = Int32Array.from({ length: x.rows }, (_, i) => i);
  checkNotConstant(x, all, batch);
  const s = standardise(model, x, covariateDesign(model.coding, covariates, x.rows));
  return batchParameters(batch, s, x.rows, model.features, model.options, false);
}

/** Harmonises rows whose batch parameters are known (`paramsOfRow[i]`). */
export function applyCombat(model: CombatModel, x: Matrix, covariates: CombatCovariates, paramsOfRow: readonly BatchParameters[]): Matrix {
  checkWidth(model, x);
  checkFinite(x, 'the rows ComBat maps');
  const p = model.features;
  const covDesign = covariateDesign(model.coding, covariates, x.rows);
  const s = standardise(model, x, covDesign);
  const out = matrix(x.rows, p);
  const effect = new Float64Array(p);
  for (let i = 0; i < x.rows; i++) {
    const bp = paramsOfRow[i];
    covariateEffect(model, covDesign, i, effect);
    for (let j = 0; j < p; j++) {
      const adjusted = (s[i * p + j] - bp.gammaStar[j]) / Math.sqrt(bp.deltaStar[j]);
      out.data[i * p + j] = adjusted * Math.sqrt(model.varPooled[j]) + model.grandMean[j] + effect[j];
    }
  }
  return out;
}

/** s_ij = (x_ij - alpha_j - X_i beta_j) / sqrt(var_j). */
function standardise(model: CombatModel, x: Matrix, covDesign: Float64Array): Float64Array {
  const p = model.features;
  const s = new Float64Array(x.rows * p);
  const effect = new Float64Array(p);
  for (let i = 0; i < x.rows; i++) {
    covariateEffect(model, covDesign, i, effect);
    for (let j = 0; j < p; j++) s[i * p + j] = (x.data[i * p + j] - model.grandMean[j] - effect[j]) / Math.sqrt(model.varPooled[j]);
  }
  return s;
}

function covariateEffect(model: CombatModel, covDesign: Float64Array, i: number, out: Float64Array): void {
  const p = model.features;
  const c = model.coding.columns;
  out.fill(0);
  for (let k = 0; k < c; k++) {
    const d = covDesign[i * c + k];
    if (d !== 0) for (let j = 0; j < p; j++) out[j] += d * model.covariateBeta[k * p + j];
  }
}

function batchParameters(batch: string, s: Float64Array, n: number, p: number, options: CombatOptions, single: boolean): BatchParameters {
  const gammaHat = new Float64Array(p);
  const deltaHat = new Float64Array(p);
  const column = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) column[i] = s[i * p + j];
    const mv = meanAndSampleVariance(column);
    gammaHat[j] = mv.mean;
    deltaHat[j] = options.meanOnly ? 1 : mv.variance;
  }
  const base = { batch, rows: n, gammaHat, deltaHat };
  if (single) return { ...base, gammaStar: new Float64Array(p), deltaStar: new Float64Array(p).fill(1) };
  if (!options.eb) return { ...base, gammaStar: gammaHat.slice(), deltaStar: deltaHat.slice() };
  const g = meanAndSampleVariance(gammaHat);
  if (options.meanOnly) {
    const prior = { gammaBar: g.mean, t2: g.variance, a: NaN, b: NaN };
    const gammaStar = gammaHat.map((gh) => postMean(gh, g.mean, 1, 1, g.variance));
    return { ...base, gammaStar, deltaStar: new Float64Array(p).fill(1), prior };
  }
  const prior = { gammaBar: g.mean, t2: g.variance, a: aPrior(deltaHat), b: bPrior(deltaHat) };
  const solved = iterateSolution(s, n, p, gammaHat, deltaHat, prior, options.conv);
  return { ...base, gammaStar: solved.gammaStar, deltaStar: solved.deltaStar, prior };
}

/** Least squares B = (D'D)^-1 D'X for every feature at once (q x p, row-major). */
function leastSquares(designRow: (i: number, k: number) => number, n: number, q: number, x: Matrix): Float64Array {
  const p = x.cols;
  const gram = new Float64Array(q * q);
  const dtx = new Float64Array(q * p);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < q; k++) {
      const dk = designRow(i, k);
      if (dk === 0) continue;
      for (let l = 0; l < q; l++) gram[k * q + l] += dk * designRow(i, l);
      for (let j = 0; j < p; j++) dtx[k * p + j] += dk * x.data[i * p + j];
    }
  }
  if (!choleskyInPlace(gram, q)) {
    throw new RadSweepInputError('the design (batch indicators and covariates) is singular: a covariate is constant or confounded with the batch in the rows the step is fitted on', WHERE);
  }
  const beta = new Float64Array(q * p);
  const rhs = new Float64Array(q);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < q; k++) rhs[k] = dtx[k * p + j];
    choleskySolveInPlace(gram, q, rhs);
    for (let k = 0; k < q; k++) beta[k * p + j] = rhs[k];
  }
  return beta;
}

function indicesOf(values: readonly (string | null)[], level: string): number[] {
  const out: number[] = [];
  values.forEach((v, i) => {
    if (v === level) out.push(i);
  });
  return out;
}

function takeRowsOf(s: Float64Array, rows: ArrayLike<number>, p: number): Float64Array {
  const out = new Float64Array(rows.length * p);
  for (let r = 0; r < rows.length; r++) out.set(s.subarray(rows[r] * p, rows[r] * p + p), r * p);
  return out;
}

function checkNotConstant(x: Matrix, rows: ArrayLike<number>, batch: string): void {
  const p = x.cols;
  for (let j = 0; j < p; j++) {
    const first = x.data[rows[0] * p + j];
    let constant = true;
    for (let r = 1; r < rows.length && constant; r++) constant = x.data[rows[r] * p + j] === first;
    if (constant) throw new RadSweepInputError(`feature column ${j + 1} of the step's input is constant (${first}) within batch '${batch}'; ComBat cannot estimate its scale there (exclude the feature)`, WHERE);
  }
}

function checkFinite(x: Matrix, what: string): void {
  for (let k = 0; k < x.data.length; k++) {
    if (!Number.isFinite(x.data[k])) {
      throw new RadSweepInputError(`${what}: feature column ${(k % x.cols) + 1} of row ${Math.floor(k / x.cols) + 1} is missing or not finite (put median_imputer before combat)`, WHERE);
    }
  }
}

function checkWidth(model: CombatModel, x: Matrix): void {
  if (x.cols !== model.features) throw new RangeError(`combat: input has ${x.cols} columns, the step was fitted on ${model.features}`);
}
