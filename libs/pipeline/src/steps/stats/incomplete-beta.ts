/**
 * Special functions for the Student t distribution, written here because no
 * maintained npm package is installed for them.
 *
 * - lnGamma: Lanczos approximation, g = 7, 9 coefficients (relative error of
 *   Gamma about 1e-15 for x >= 0.5; reflection below).
 * - regularizedIncompleteBeta I_x(a, b) = B(x; a, b) / B(a, b): the continued
 *   fraction of Numerical Recipes (Press et al., 3rd ed., section 6.4, `betacf`)
 *   evaluated with the modified Lentz method, on the side x < (a + 1) / (a + b + 2)
 *   where it converges fast, using I_x(a, b) = 1 - I_{1-x}(b, a) otherwise.
 * - studentTwoSidedP(t, df) = P(|T| >= |t|) = I_{df/(df+t^2)}(df/2, 1/2).
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Gamma(x) for x > 0. */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let series = LANCZOS[0];
  for (let k = 1; k < LANCZOS.length; k++) series += LANCZOS[k] / (z + k);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LN_2PI + (z + 0.5) * Math.log(t) - t + Math.log(series);
}

/** ln B(a, b) = ln Gamma(a) + ln Gamma(b) - ln Gamma(a + b). */
function lnBeta(a: number, b: number): number {
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

const CF_EPS = 1e-16;
const CF_TINY = 1e-300;
const CF_MAX_ITER = 100_000;

/** The continued fraction of I_x(a, b) (Numerical Recipes `betacf`), modified Lentz. */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < CF_TINY) d = CF_TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= CF_MAX_ITER; m++) {
    const m2 = 2 * m;
    // Even step.
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < CF_TINY) d = CF_TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < CF_TINY) c = CF_TINY;
    d = 1 / d;
    h *= d * c;
    // Odd step.
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < CF_TINY) d = CF_TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < CF_TINY) c = CF_TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < CF_EPS) return h;
  }
  return h; // not converged in CF_MAX_ITER steps: only for a, b far beyond any t-test's
}

/**
 * I_x(a, b) for a, b > 0 and 0 <= x <= 1. `y` = 1 - x may be passed when it is
 * known more precisely than 1 - x (e.g. t^2 / (df + t^2)).
 */
export function regularizedIncompleteBeta(a: number, b: number, x: number, y = 1 - x): number {
  if (Number.isNaN(x) || Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const lnFront = a * Math.log(x) + b * Math.log(y) - lnBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(lnFront) * betaContinuedFraction(b, a, y)) / b;
}

/** Two-sided p-value of a Student t statistic with df degrees of freedom (df > 0, may be fractional). */
export function studentTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df)) return NaN;
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  return regularizedIncompleteBeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
}
