import { LN2_HI, LN2_LO, LN2_LO2, exactExpDoubleDouble, expDoubleDouble } from './exact-exp-double-double';

/**
 * e^x correctly rounded to float64 (round to nearest), as glibc's `exp` returns it
 * (ulp error < 0.51, so it agrees with the correctly rounded value except within a
 * hair of a rounding midpoint). V8's Math.exp (fdlibm, < 1 ulp) differs from glibc in
 * about 1 call in 150; scikit-learn's boosting runs its residuals y - expit(F) through
 * glibc, and a 1-ulp residual can flip a tie between equally good splits, so the
 * booster uses this instead.
 *
 * Same bits as `exactExpDoubleDouble` for every x (Ziv's strategy): a table-driven estimate
 * with a proven error bound answers when every value within the bound rounds to the same
 * double (then the correctly rounded e^x, and the double-double method's result, is that
 * double); otherwise (about 1 call in 1,000) the double-double method answers.
 */
export function exactExp(x: number): number {
  const e = exactExpByTable(x);
  return e === e ? e : exactExpDoubleDouble(x);
}

/**
 * e^x correctly rounded when the table estimate can decide the rounding, else NaN.
 *
 * x = (256 m + j) ln2 / 256 + r with |r| <= ln2 / 512 (r as a double-double), so
 * e^x = 2^m 2^(j/256) e^r: 2^(j/256) is a double-double from the table, e^r - 1 a Taylor
 * polynomial of degree 6 (truncation < 2^-78), and 2^(j/256) (1 + e^r - 1) is summed as
 * hi + lo with the leading product exact (Dekker). Absolute error of hi + lo below 2^-67
 * for hi in [1, 2) (r's reduction 2^-72, the polynomial's roundings 2^-71, the tail's
 * sums 2^-69, the table 2^-99); ERROR_BOUND allows 2^-64 relative, 8 times that.
 */
export function exactExpByTable(x: number): number {
  if (!(x > FAST_MIN && x < FAST_MAX)) return NaN; // NaN, near under/overflow: the slow method decides
  const k = Math.round(x * INV_C);
  const j = k & (TABLE_SIZE - 1);
  const m = (k - j) / TABLE_SIZE;
  // r = x - k C as rh + rl: k C1 is exact (|k| < 2^18, C1 has 32 bits), x - k C1 by two-sum.
  const kc1 = k * C1;
  const a = x - kc1;
  const av = a - x;
  const b = x - (a - av) + (-kc1 - av);
  const w = b - k * C2 - k * C3;
  const rh = a + w;
  const rv = rh - a;
  const rl = a - (rh - rv) + (w - rv);
  // e^(rh + rl) - 1 = rh + pl with pl = rl (1 + rh) + rh^2 (1/2 + rh (1/6 + ...)).
  const q = rh * rh * (0.5 + rh * (1 / 6 + rh * (1 / 24 + rh * (1 / 120 + rh * (1 / 720)))));
  const pl = rl + rl * rh + q;
  // T (1 + rh + pl), T = tHi + tLo: tHi + tHi rh exactly as sh + se, then the small terms.
  const t = 4 * j;
  const tHi = TABLE[t];
  const tLo = TABLE[t + 1];
  const ph = tHi * rh;
  const c = SPLIT * rh;
  const rhHi = c - (c - rh);
  const rhLo = rh - rhHi;
  const tSplitHi = TABLE[t + 2];
  const tSplitLo = TABLE[t + 3];
  const pe = tSplitHi * rhHi - ph + tSplitHi * rhLo + tSplitLo * rhHi + tSplitLo * rhLo;
  const sh = tHi + ph; // |ph| < tHi: fast two-sum
  const se = ph - (sh - tHi);
  const tail = se + (pe + (tLo + (tHi * pl + tLo * (rh + pl))));
  const hi = sh + tail;
  const lo = tail - (hi - sh);
  // Rounding to nearest is monotonic: if both ends of [hi + lo - eps, hi + lo + eps] round to
  // hi, so does e^x.
  const eps = hi * ERROR_BOUND;
  if (hi + (lo + eps) !== hi || hi + (lo - eps) !== hi) return NaN;
  return hi * POW2[m + 1022]; // exact: hi * 2^m stays in the normal range here
}

/** e^x for x in (FAST_MIN, FAST_MAX) is normal (e^-708 > 2^-1022, e^709 < 2^1023). */
const FAST_MIN = -708;
const FAST_MAX = 709;
const TABLE_SIZE = 256;
/** Veltkamp's splitter 2^27 + 1. */
const SPLIT = 134217729;
const ERROR_BOUND = 2 ** -64;

/** C = ln2 / 256 = C1 + C2 + C3 (C1 with 32 significant bits, the sum to ~2^-150); INV_C = 256 / ln2. */
const INV_C = TABLE_SIZE / Math.LN2;
const C1 = truncateBits(LN2_HI / TABLE_SIZE, 32);
const C1_REST = LN2_HI / TABLE_SIZE - C1; // exact: the bits below C1's
const C2 = C1_REST + LN2_LO / TABLE_SIZE;
const C3 = LN2_LO / TABLE_SIZE - (C2 - C1_REST) + LN2_LO2 / TABLE_SIZE; // C2's rounding error (fast two-sum) + the rest

/** Per j: 2^(j/256) as hi + lo (relative error ~1e-30), then hi split in two 26-bit halves for Dekker's product. */
const TABLE = buildTable();
/** 2^m at m + 1022, m = -1022 .. 1023. */
const POW2 = Float64Array.from({ length: 2046 }, (_, i) => 2 ** (i - 1022));

function buildTable(): Float64Array {
  const table = new Float64Array(4 * TABLE_SIZE);
  for (let j = 0; j < TABLE_SIZE; j++) {
    // 2^(j/256) = 2^s e^((j/256 - s) ln2), s in {0, 1}, so that |exponent| <= ln2 / 2.
    const s = j < TABLE_SIZE / 2 ? 0 : 1;
    const n = j - s * TABLE_SIZE;
    const [hi, lo] = expDoubleDouble(...reducedArgument(n));
    const c = SPLIT * hi;
    const hiHi = c - (c - hi);
    table.set([hi * 2 ** s, lo * 2 ** s, hiHi * 2 ** s, (hi - hiHi) * 2 ** s], 4 * j);
  }
  return table;
}

/** n ln2 / 256 as a double-double, for |n| <= 128 (n LN2_HI exactly by Dekker's product). */
function reducedArgument(n: number): [number, number] {
  const p = n * LN2_HI;
  const c = SPLIT * LN2_HI;
  const lHi = c - (c - LN2_HI);
  const lLo = LN2_HI - lHi;
  const pe = n * lHi - p + n * lLo; // n has 8 bits: n lHi and n lLo are exact
  const lo = pe + n * LN2_LO + n * LN2_LO2;
  const hi = p + lo;
  return [hi / TABLE_SIZE, (lo - (hi - p)) / TABLE_SIZE];
}

/** x with all but its leading `bits` significant bits cleared (toward zero). */
function truncateBits(x: number, bits: number): number {
  const scale = 2 ** (bits - 1 - Math.floor(Math.log2(Math.abs(x))));
  return Math.trunc(x * scale) / scale;
}
