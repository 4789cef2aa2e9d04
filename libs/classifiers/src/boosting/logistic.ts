import { exactExp } from './exact-exp';

/**
 * The logistic function 1 / (1 + e^-z), computed as scipy's `expit` computes it (the
 * same expression for every z, e^-z from C's exp, here correctly rounded: `exactExp`;
 * e^-z overflows to Infinity for z < -709, giving 0), so boosted probabilities and
 * residuals round as scikit-learn's do.
 */
export function sigmoid(z: number): number {
  return 1 / (1 + exactExp(-z));
}

/**
 * log(p / (1 - p)) of the class-1 prior p = mean(y), with p clipped to [eps, 1 - eps]:
 * the starting raw score of both boosters (scikit-learn's prior init; `eps` is float32's
 * machine epsilon for GradientBoostingClassifier, float64's for HistGradientBoostingClassifier).
 */
export function priorLogOdds(y: Uint8Array, eps: number): number {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i];
  const p = Math.min(Math.max(pos / y.length, eps), 1 - eps);
  return Math.log(p / (1 - p));
}

/** Machine epsilon of float32 (2^-23) and float64 (2^-52), as numpy's finfo. */
export const FLOAT32_EPS = 2 ** -23;
export const FLOAT64_EPS = 2 ** -52;
