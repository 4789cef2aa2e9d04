import { Matrix, isConstantFeature } from '@radsweep/core';

/**
 * One class's covariance as scikit-learn's `discriminant_analysis._cov` computes it
 * (population normalisation, divisor n):
 * - shrinkage null: the empirical covariance S;
 * - shrinkage s in [0, 1]: (1 - s) S + s mu I, mu = trace(S) / p;
 * - shrinkage 'auto': Ledoit-Wolf on the standardised data (each feature divided by
 *   its population sd, 1 for a column constant up to rounding, as StandardScaler), then
 *   rescaled: sd_j sd_k Sigma*_jk.
 * Reference: O. Ledoit, M. Wolf, "A well-conditioned estimator for large-dimensional
 * covariance matrices", J. Multivariate Anal. 88 (2004) 365-411; scikit-learn 1.2
 * `covariance.ledoit_wolf_shrinkage` for the exact finite-sample formula.
 */
export function shrunkCovariance(x: Matrix, shrinkage: number | 'auto' | null): Float64Array {
  const { rows: n, cols: p, data } = x;
  const mean = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] += data[i * p + j];
  for (let j = 0; j < p; j++) mean[j] /= n;
  const scale = new Float64Array(p).fill(1);
  if (shrinkage === 'auto') {
    // StandardScaler's scale: corrected two-pass variance, 1 for a column constant up to rounding
    // (a class can hold a single value of a tied column: its sd is a rounding residual, not 0)
    for (let j = 0; j < p; j++) {
      let correction = 0;
      let ss = 0;
      for (let i = 0; i < n; i++) {
        const d = data[i * p + j] - mean[j];
        correction += d;
        ss += d * d;
      }
      const variance = (ss - (correction * correction) / n) / n;
      scale[j] = isConstantFeature(variance, mean[j], n) ? 1 : Math.sqrt(variance);
    }
  }
  // centred (and for 'auto' standardised) copy, then S = Z'Z / n
  const z = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) z[i * p + j] = (data[i * p + j] - mean[j]) / scale[j];
  const cov = new Float64Array(p * p);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let a = 0; a < p; a++) {
      const za = z[o + a];
      if (za === 0) continue;
      for (let b = 0; b <= a; b++) cov[a * p + b] += za * z[o + b];
    }
  }
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) cov[b * p + a] = cov[a * p + b] = cov[a * p + b] / n;
  }
  if (shrinkage === null) return cov;
  const s = shrinkage === 'auto' ? ledoitWolfShrinkage(z, n, p, cov) : shrinkage;
  let mu = 0;
  for (let j = 0; j < p; j++) mu += cov[j * p + j];
  mu /= p;
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const v = (1 - s) * cov[a * p + b] + (a === b ? s * mu : 0);
      cov[a * p + b] = v * scale[a] * scale[b];
    }
  }
  return cov;
}

/**
 * Ledoit-Wolf shrinkage intensity of centred data z (n x p) with empirical covariance
 * `cov` = S = z'z / n, as scikit-learn's ledoit_wolf_shrinkage (without its column blocking):
 * beta = (sum_i ||z_i||^4 / n - ||S||_F^2) / (n p), delta = ||S - mu I||_F^2 / p,
 * shrinkage = min(beta, delta) / delta (0 when beta = 0).
 */
function ledoitWolfShrinkage(z: Float64Array, n: number, p: number, cov: Float64Array): number {
  if (p === 1) return 0;
  let traceSum = 0; // sum_j S_jj
  for (let j = 0; j < p; j++) traceSum += cov[j * p + j];
  const mu = traceSum / p;
  // beta_ = sum of <X2', X2> = sum_i (sum_j z_ij^2)^2
  let betaRaw = 0;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let j = 0; j < p; j++) r += z[i * p + j] * z[i * p + j];
    betaRaw += r * r;
  }
  // delta_ = sum of squared entries of z'z, divided by n^2 = ||S||_F^2
  let deltaRaw = 0;
  for (let k = 0; k < p * p; k++) deltaRaw += cov[k] * cov[k];
  let beta = (betaRaw / n - deltaRaw) / (p * n);
  const delta = (deltaRaw - 2 * mu * traceSum + p * mu * mu) / p;
  beta = Math.min(beta, delta);
  return beta === 0 ? 0 : beta / delta;
}
