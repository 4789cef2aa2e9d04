/**
 * e^x correctly rounded to float64 (round to nearest), as glibc's `exp` returns it
 * (ulp error < 0.51, so it agrees with the correctly rounded value except within a
 * hair of a rounding midpoint). V8's Math.exp (fdlibm, < 1 ulp) differs from glibc in
 * about 1 call in 150; scikit-learn's boosting runs its residuals y - expit(F) through
 * glibc, and a 1-ulp residual can flip a tie between equally good splits, so the
 * booster uses this instead.
 *
 * Method: x = k ln2 + r (ln2 as three doubles, |r| <= ln2 / 2, r kept as a double-double),
 * e^(r / 256) - 1 by its Taylor series to degree 9 in double-double arithmetic, squared
 * back eight times as t <- 2t + t^2, then 2^k (1 + t) rounded once. Relative error of the
 * double-double result ~1e-30, far below the half-ulp rounding step.
 */
export function exactExp(x: number): number {
  if (!(x > -708) || !(x < 710)) return Math.exp(x); // NaN, subnormal, 0 or Infinity: nothing to gain
  const k = Math.round(x * LOG2_E);
  // r = x - k ln2 as a double-double (rHi, rLo): k LN2_HI exactly, the rest to ~1e-30.
  twoProd(k, LN2_HI);
  const pHi = outHi;
  const pLo = outLo;
  twoSum(x, -pHi);
  twoSum(outHi, outLo - pLo - k * LN2_LO - k * LN2_LO2);
  // s = r / 256 (exact); t = e^s - 1 = s (1 + s/2 (1 + s/3 (... (1 + s/9)))).
  const sHi = outHi / 256;
  const sLo = outLo / 256;
  let tHi = 1;
  let tLo = 0;
  for (let n = 9; n >= 2; n--) {
    ddDivInt(sHi, sLo, n);
    ddMul(tHi, tLo, outHi, outLo);
    ddAdd(outHi, outLo, 1, 0);
    tHi = outHi;
    tLo = outLo;
  }
  ddMul(tHi, tLo, sHi, sLo);
  tHi = outHi;
  tLo = outLo;
  // e^r - 1 from e^s - 1: (1 + t)^2 - 1 = 2t + t^2, eight times.
  for (let i = 0; i < 8; i++) {
    ddMul(tHi, tLo, tHi, tLo);
    ddAdd(2 * tHi, 2 * tLo, outHi, outLo);
    tHi = outHi;
    tLo = outLo;
  }
  // 2^k (1 + t), rounded once (the scaling by powers of two is exact in the normal range).
  ddAdd(1, 0, tHi, tLo);
  const eHi = outHi;
  const k1 = k >> 1;
  return eHi * 2 ** k1 * 2 ** (k - k1);
}

const LOG2_E = 1.4426950408889634;
/** ln 2 = LN2_HI + LN2_LO + LN2_LO2 to ~1e-50. */
const LN2_HI = 0.6931471805599453;
const LN2_LO = 2.3190468138462996e-17;
const LN2_LO2 = 5.707708438416212e-34;
/** Veltkamp's splitter 2^27 + 1. */
const SPLIT = 134217729;

// Results of the double-double helpers below, hi + lo: module variables instead of returned
// pairs, so that exactExp allocates nothing.
let outHi = 0;
let outLo = 0;

/** a + b exactly as hi + lo (Knuth's two-sum), hi = fl(a + b). */
function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  outHi = s;
  outLo = a - (s - bb) + (b - bb);
}

/** a * b exactly as hi + lo (Dekker). */
function twoProd(a: number, b: number): void {
  const p = a * b;
  const ca = SPLIT * a;
  const aHi = ca - (ca - a);
  const aLo = a - aHi;
  const cb = SPLIT * b;
  const bHi = cb - (cb - b);
  const bLo = b - bHi;
  outHi = p;
  outLo = aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo;
}

/** (aHi + aLo) + (bHi + bLo) as a normalised double-double. */
function ddAdd(aHi: number, aLo: number, bHi: number, bLo: number): void {
  twoSum(aHi, bHi);
  twoSum(outHi, outLo + aLo + bLo);
}

/** (aHi + aLo) (bHi + bLo) as a normalised double-double. */
function ddMul(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const cross = aHi * bLo + aLo * bHi;
  twoProd(aHi, bHi);
  twoSum(outHi, outLo + cross);
}

/** (aHi + aLo) / n for a small integer n, as a normalised double-double. */
function ddDivInt(aHi: number, aLo: number, n: number): void {
  const q = aHi / n;
  twoProd(q, n);
  twoSum(q, (aHi - outHi - outLo + aLo) / n);
}
