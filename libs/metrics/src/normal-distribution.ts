/*
 * The standard normal distribution to about 1e-15: the CDF from erfc, the quantile by Acklam's
 * rational approximation refined by Newton steps on that CDF. Used by the DeLong interval and test.
 */

const SQRT_PI = Math.sqrt(Math.PI);

/**
 * Complementary error function erfc(x) for x >= 0:
 * - x < 2.5: erf(x) = (2 / sqrt(pi)) exp(-x^2) sum_k 2^k x^(2k+1) / (1 * 3 * ... * (2k+1)) (all terms positive,
 *   so no cancellation; Abramowitz & Stegun 7.1.6), erfc = 1 - erf;
 * - x >= 2.5: the continued fraction erfc(x) = exp(-x^2) / sqrt(pi) * 1 / (x + (1/2) / (x + 1 / (x + (3/2) / (x + ...))))
 *   (A&S 7.1.14), evaluated by the modified Lentz method.
 */
function erfcNonNegative(x: number): number {
  if (x < 2.5) {
    let term = x;
    let sum = x;
    for (let k = 1; k < 200; k++) {
      term *= (2 * x * x) / (2 * k + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - ((2 / SQRT_PI) * Math.exp(-x * x) * sum);
  }
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / SQRT_PI / f;
}

/** Phi(z) = P(Z <= z) for Z ~ N(0, 1), via Phi(z) = erfc(-z / sqrt 2) / 2; accurate in both tails. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  const x = z / Math.SQRT2;
  return x < 0 ? erfcNonNegative(-x) / 2 : 1 - erfcNonNegative(x) / 2;
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549671010229528, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Acklam's approximation of the normal quantile (relative error about 1e-9). */
function acklam(p: number): number {
  const low = 0.02425;
  if (p < low || p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(p < low ? p : 1 - p));
    const x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    return p < low ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/**
 * The standard normal quantile Phi^-1(p): Acklam's approximation refined by Newton steps
 * z <- z - (Phi(z) - p) / phi(z). normalQuantile(0.975) = 1.959963984540054.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  let z = acklam(p);
  for (let k = 0; k < 3; k++) {
    const density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    const step = (normalCdf(z) - p) / density;
    z -= step;
    if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(z))) break;
  }
  return z;
}
