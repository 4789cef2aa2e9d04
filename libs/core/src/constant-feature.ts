/**
 * scikit-learn's `_is_constant_feature` (sklearn/preprocessing/_data.py, 1.2): a column whose variance is
 * within the rounding of its mean, var <= n eps var + (n mean eps)^2, is constant, and StandardScaler gives
 * it scale 1 instead of dividing by a rounding residual. Shared by the z-score step and LDA's Ledoit-Wolf
 * standardisation, which both follow StandardScaler.
 */
export function isConstantFeature(variance: number, mean: number, n: number): boolean {
  const eps = Number.EPSILON;
  return variance <= n * eps * variance + (n * mean * eps) ** 2;
}
