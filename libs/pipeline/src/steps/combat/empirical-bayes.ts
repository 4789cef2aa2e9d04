/**
 * The empirical-Bayes pieces of parametric ComBat (Johnson, Li & Rabinovic 2007), as neuroCombat
 * (Fortin et al., neuroCombat/neuroCombat.py: aprior, bprior, postmean, postvar, it_sol) computes them:
 * per batch, a normal prior on the location shifts gamma and an inverse-gamma prior on the scale factors
 * delta, both estimated across features, then the posterior means found by iterating to a relative
 * change below `conv`.
 */

/** Mean and variance (divisor n - 1) of `v`, numpy's mean and var(ddof=1). */
export function meanAndSampleVariance(v: ArrayLike<number>): { mean: number; variance: number } {
  const n = v.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += v[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (v[i] - mean) * (v[i] - mean);
  return { mean, variance: ss / (n - 1) };
}

/** Inverse-gamma shape from the per-feature variances of one batch: (2 s2 + m^2) / s2. */
export function aPrior(deltaHat: Float64Array): number {
  const { mean: m, variance: s2 } = meanAndSampleVariance(deltaHat);
  return (2 * s2 + m * m) / s2;
}

/** Inverse-gamma scale: (m s2 + m^3) / s2. */
export function bPrior(deltaHat: Float64Array): number {
  const { mean: m, variance: s2 } = meanAndSampleVariance(deltaHat);
  return (m * s2 + m * m * m) / s2;
}

export function postMean(gHat: number, gBar: number, n: number, dStar: number, t2: number): number {
  return (t2 * n * gHat + dStar * gBar) / (t2 * n + dStar);
}

export function postVar(sum2: number, n: number, a: number, b: number): number {
  return (0.5 * sum2 + b) / (n / 2 + a - 1);
}

/** One batch's prior: gamma ~ N(gammaBar, t2), delta ~ InvGamma(a, b). */
export interface BatchPrior {
  gammaBar: number;
  t2: number;
  a: number;
  b: number;
}

/**
 * Posterior gamma* and delta* of one batch (neuroCombat's `it_sol`). `s` holds the batch's standardised
 * rows (n x p, row-major). The stopping rule is neuroCombat's, signs included:
 * max(max(|g_new - g_old| / g_old), max(|d_new - d_old| / d_old)) <= conv.
 */
export function iterateSolution(
  s: Float64Array,
  n: number,
  p: number,
  gammaHat: Float64Array,
  deltaHat: Float64Array,
  prior: BatchPrior,
  conv = 1e-4,
): { gammaStar: Float64Array; deltaStar: Float64Array; iterations: number } {
  let gOld = gammaHat.slice();
  let dOld = deltaHat.slice();
  let gNew = gOld;
  let dNew = dOld;
  let change = 1;
  let iterations = 0;
  while (change > conv) {
    gNew = new Float64Array(p);
    dNew = new Float64Array(p);
    for (let j = 0; j < p; j++) gNew[j] = postMean(gammaHat[j], prior.gammaBar, n, dOld[j], prior.t2);
    const sum2 = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) {
        const r = s[i * p + j] - gNew[j];
        sum2[j] += r * r;
      }
    }
    for (let j = 0; j < p; j++) dNew[j] = postVar(sum2[j], n, prior.a, prior.b);
    let gChange = -Infinity;
    let dChange = -Infinity;
    for (let j = 0; j < p; j++) {
      gChange = Math.max(gChange, Math.abs(gNew[j] - gOld[j]) / gOld[j]);
      dChange = Math.max(dChange, Math.abs(dNew[j] - dOld[j]) / dOld[j]);
    }
    change = Math.max(gChange, dChange);
    if (Number.isNaN(change)) break; // numpy's max propagates NaN and `NaN > conv` ends the loop
    gOld = gNew;
    dOld = dNew;
    iterations++;
    if (iterations > 10_000) throw new RangeError('combat: the empirical-Bayes iteration did not converge in 10,000 steps');
  }
  return { gammaStar: gNew, deltaStar: dNew, iterations };
}
