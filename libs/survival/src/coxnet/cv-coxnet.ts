import { Matrix, RadSweepInputError, Rng, takeRows } from '@radsweep/core';
import { CoxnetOptions, CoxnetPath, coxnetPath } from './coxnet-path';
import { glmnetLogLik, glmnetRiskGroups } from './glmnet-risk-groups';
import { harrellC } from '@radsweep/metrics';
import { linearPredictor } from '../cox/linear-hazard';

export type CvMeasure = 'deviance' | 'C';

export interface CvCoxnetOptions extends CoxnetOptions {
  /** Fold of each row, 1..K (glmnet's `foldid`); when absent, K = nfolds folds drawn with `seed`. */
  foldIds?: ArrayLike<number>;
  nfolds: number;
  seed: number;
  measure: CvMeasure;
}

export interface CvCoxnetResult {
  /** The full-data path's lambdas (decreasing). */
  lambdas: Float64Array;
  /** Mean CV measure per lambda (deviance per event, or Harrell's C) and its standard error. */
  cvm: Float64Array;
  cvsd: Float64Array;
  /** Best lambda (smallest deviance / largest C; the largest lambda among ties). */
  lambdaMin: number;
  /** Largest lambda within one standard error of the best. */
  lambda1se: number;
  foldIds: Int32Array;
}

/**
 * K-fold cross-validation of the LASSO-Cox penalty as glmnet's `cv.glmnet(family = "cox")`:
 * the lambdas are the full-data path; each fold's model is its own glmnet path on the other folds,
 * its coefficients at the full-data lambdas interpolated linearly in lambda (`predict(s = lambda)`).
 * Deviance ("grouped", Verweij & van Houwelingen 1993): fold k scores
 * dev(all rows) - dev(rows outside k) with the fold's coefficients, divided by the fold's events;
 * C: Harrell's C of the held-out rows' linear predictor. cvm / cvsd are the fold-weighted mean and
 * standard error (weights: the fold's events for deviance, its rows for C).
 * Folds: balanced, assigned by a seeded shuffle of rep(1..K) when no `foldIds` are given.
 */
export function cvCoxnet(x: Matrix, time: Float64Array, event: Uint8Array, opts: CvCoxnetOptions, where = 'lasso_cox'): CvCoxnetResult {
  const n = x.rows;
  const foldIds = opts.foldIds ? Int32Array.from(opts.foldIds) : seededFolds(n, opts.nfolds, opts.seed);
  if (foldIds.length !== n) throw new RadSweepInputError(`${foldIds.length} fold ids for ${n} rows`, `${where}.foldIds`);
  const k = Math.max(...foldIds);
  if (k < 2 || foldIds.some((f) => !Number.isInteger(f) || f < 1)) throw new RadSweepInputError('fold ids must be integers 1..K with K >= 2', `${where}.foldIds`);
  const full = coxnetPath(x, time, event, { ...opts, lambdas: opts.lambdas }, where);
  const lambdas = full.lambdas;
  const L = lambdas.length;
  const raw: Float64Array[] = [];
  const weights: number[] = [];
  for (let fold = 1; fold <= k; fold++) {
    const trainRows: number[] = [];
    const testRows: number[] = [];
    for (let i = 0; i < n; i++) (foldIds[i] === fold ? testRows : trainRows).push(i);
    const trainTime = Float64Array.from(trainRows, (i) => time[i]);
    const trainEvent = Uint8Array.from(trainRows, (i) => event[i]);
    if (!trainEvent.some((e) => e)) throw new RadSweepInputError(`no events in the training rows of fold ${fold}`, `${where}.event`);
    const fit = coxnetPath(takeRows(x, trainRows), trainTime, trainEvent, { ...opts, lambdas: undefined }, `${where} (fold ${fold})`);
    const coefs = interpolateCoefs(fit, lambdas);
    const scores = new Float64Array(L);
    if (opts.measure === 'deviance') {
      let events = 0;
      for (const i of testRows) events += event[i];
      for (let l = 0; l < L; l++) {
        const eta = linearPredictor(x, coefs[l]);
        const trainEta = Float64Array.from(trainRows, (i) => eta[i]);
        scores[l] = (coxnetDeviance(time, event, eta, where) - coxnetDeviance(trainTime, trainEvent, trainEta, where)) / events;
      }
      weights.push(events);
    } else {
      const testX = takeRows(x, testRows);
      const testTime = Float64Array.from(testRows, (i) => time[i]);
      const testEvent = Uint8Array.from(testRows, (i) => event[i]);
      for (let l = 0; l < L; l++) scores[l] = harrellC(testTime, testEvent, linearPredictor(testX, coefs[l])).concordance;
      weights.push(testRows.length);
    }
    raw.push(scores);
  }
  const cvm = new Float64Array(L);
  const cvsd = new Float64Array(L);
  const wsum = weights.reduce((a, b) => a + b, 0);
  for (let l = 0; l < L; l++) {
    let m = 0;
    for (let f = 0; f < k; f++) m += weights[f] * raw[f][l];
    m /= wsum;
    let v = 0;
    for (let f = 0; f < k; f++) v += weights[f] * (raw[f][l] - m) ** 2;
    cvm[l] = m;
    cvsd[l] = Math.sqrt(v / wsum / (k - 1));
  }
  // glmnet's getOptcv: minimise deviance, maximise C
  const loss = opts.measure === 'C' ? cvm.map((v) => -v) : cvm;
  const best = Math.min(...loss);
  let iMin = -1;
  for (let l = 0; l < L; l++) if (loss[l] <= best && (iMin < 0 || lambdas[l] > lambdas[iMin])) iMin = l;
  const bound = loss[iMin] + cvsd[iMin];
  let i1se = iMin;
  for (let l = 0; l < L; l++) if (loss[l] <= bound && lambdas[l] > lambdas[i1se]) i1se = l;
  return { lambdas, cvm, cvsd, lambdaMin: lambdas[iMin], lambda1se: lambdas[i1se], foldIds };
}

/** Balanced folds: a seeded shuffle of 1..K repeated over the rows. */
export function seededFolds(n: number, nfolds: number, seed: number): Int32Array {
  if (!Number.isInteger(nfolds) || nfolds < 2 || nfolds > n) throw new RadSweepInputError(`nfolds must be an integer in [2, ${n}], got ${nfolds}`, 'cv_folds');
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = (i % nfolds) + 1;
  return new Rng(seed).shuffle(ids);
}

/**
 * glmnet's `coxnet.deviance` (unit weights): 2 (lsat - loglik), loglik the Breslow partial
 * likelihood over glmnet's risk groups of these rows, lsat = -sum d_t log d_t over event times.
 */
export function coxnetDeviance(time: Float64Array, event: Uint8Array, eta: Float64Array, where: string): number {
  const deathsAt = new Map<number, number>();
  for (let i = 0; i < time.length; i++) if (event[i]) deathsAt.set(time[i], (deathsAt.get(time[i]) ?? 0) + 1);
  let lsat = 0;
  for (const d of deathsAt.values()) lsat -= d * Math.log(d);
  const w = new Float64Array(time.length).fill(1);
  const g = glmnetRiskGroups(time, event, w, where);
  const dq = new Float64Array(time.length);
  const e = new Float64Array(time.length);
  for (let i = 0; i < time.length; i++) {
    dq[i] = event[i];
    e[i] = Math.exp(eta[i]);
  }
  return 2 * (lsat - glmnetLogLik(g, dq, eta, e));
}

/** Coefficients at `s` interpolated linearly in lambda between a path's neighbours (glmnet's `lambda.interp`). */
export function interpolateCoefs(path: CoxnetPath, s: Float64Array): Float64Array[] {
  const lam = path.lambdas;
  const k = lam.length;
  if (k === 1) return Array.from(s, () => path.coefs[0].slice());
  const span = lam[0] - lam[k - 1];
  const pos = Array.from(lam, (l) => (lam[0] - l) / span);
  return Array.from(s, (si) => {
    const frac = Math.min(Math.max((lam[0] - si) / span, pos[0]), pos[k - 1]);
    // position in the normalised path, as approx(pos, 1..k, frac)
    let r = 1;
    while (r < k - 1 && pos[r] < frac) r++;
    const coord = pos[r] === pos[r - 1] ? r - 1 : r - 1 + (frac - pos[r - 1]) / (pos[r] - pos[r - 1]);
    const left = Math.floor(coord);
    const right = Math.ceil(coord);
    let w = left === right || Math.abs(pos[left] - pos[right]) < Number.EPSILON ? 1 : (frac - pos[right]) / (pos[left] - pos[right]);
    const a = path.coefs[left];
    const b = path.coefs[right];
    return a.map((v, j) => v * w + b[j] * (1 - w));
  });
}
