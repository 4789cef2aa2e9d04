/**
 * e^x correctly rounded to float64 (round to nearest) by double-double arithmetic: the
 * slow, self-contained method behind `exactExp` (which answers most calls from a table
 * and falls back to this one when its faster estimate lies too near a rounding midpoint).
 *
 * Method: x = k ln2 + r (ln2 as three doubles, |r| <= ln2 / 2, r kept as a double-double),
 * e^(r / 256) - 1 by its Taylor series to degree 9 in double-double arithmetic, squared
 * back eight times as t <- 2t + t^2, then 2^k (1 + t) rounded once. Relative error of the
 * double-double result ~1e-30, far below the half-ulp rounding step.
 */
export function exactExpDoubleDouble(x: number): number {
  if (!(x > -708) || !(x < 710)) return Math.exp(x); // NaN, subnormal, 0 or Infinity: nothing to gain
  const k = Math.round(x * LOG2_E);
  // r = x - k ln2 as a double-double (rHi, rLo): k LN2_HI exactly, the rest to ~1e-30.
  twoProd(k, LN2_HI);
  const pHi = outHi;
  const pLo = outLo;
  twoSum(x, -pHi);
  twoSum(outHi, outLo - pLo - k * LN2_LO - k * LN2_LO2);
  expm1Reduced(outHi, outLo);
  // 2^k (1 + t), rounded once (the scaling by powers of two is exact in the normal range).
  ddAdd(1, 0, outHi, outLo);
  const eHi = outHi;
  const k1 = k >> 1;
  return eHi * 2 ** k1 * 2 ** (k - k1);
}

/**
 * e^r as a double-double [hi, lo] (relative error ~1e-30) for |r| <= ln 2 / 2 given as
 * rHi + rLo; allocates its answer, so it is meant for building tables.
 */
export function expDoubleDouble(rHi: number, rLo: number): [number, number] {
  expm1Reduced(rHi, rLo);
  ddAdd(1, 0, outHi, outLo);
  return [outHi, outLo];
}

/** e^r - 1 for |r| <= ln 2 / 2 (r = rHi + rLo), as a double-double in outHi + outLo. */
function expm1Reduced(rHi: number, rLo: number): void {
  // s = r / 256 (exact); t = e^s - 1 = s (1 + s/2 (1 + s/3 (... (1 + s/9)))).
  const sHi = rHi / 256;
  const sLo = rLo / 256;
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
}

const LOG2_E = 1.4426950408889634;
/** ln 2 = LN2_HI + LN2_LO + LN2_LO2 to ~1e-50. */
export const LN2_HI = 0.6931471805599453;
export const LN2_LO = 2.3190468138462996e-17;
export const LN2_LO2 = 5.707708438416212e-34;
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
