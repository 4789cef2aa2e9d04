/**
 * Small dense-algebra helpers on Float64Array shared by the linear, Bayes,
 * neighbours and SVM families. Matrices are row-major, n x n unless stated.
 */

/** a[aOff .. aOff+n) . b[bOff .. bOff+n) */
export function dot(a: Float64Array, aOff: number, b: Float64Array, bOff: number, n: number): number {
  let s = 0;
  for (let k = 0; k < n; k++) s += a[aOff + k] * b[bOff + k];
  return s;
}

/** Logistic function 1 / (1 + exp(-z)), without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + exp(z)) without overflow (softplus). */
export function log1pExp(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * Cholesky factorisation in place: the lower triangle of `a` (n x n, symmetric
 * positive definite) becomes L with a = L L'. Returns false when a pivot is not
 * positive (matrix not numerically positive definite).
 */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / ljj;
    }
  }
  return true;
}

/** Solves (L L') x = b in place of b, L from `choleskyInPlace`. */
export function choleskySolveInPlace(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * b[k];
    b[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
    b[i] = s / l[i * n + i];
  }
}

/** Per-class row counts and means of a 0/1-labelled row-major matrix. */
export function classMeans(x: { rows: number; cols: number; data: Float64Array }, y: Uint8Array): { counts: [number, number]; means: [Float64Array, Float64Array] } {
  const p = x.cols;
  const means: [Float64Array, Float64Array] = [new Float64Array(p), new Float64Array(p)];
  const counts: [number, number] = [0, 0];
  for (let i = 0; i < x.rows; i++) {
    const m = means[y[i]];
    counts[y[i]]++;
    for (let j = 0; j < p; j++) m[j] += x.data[i * p + j];
  }
  for (let c = 0; c < 2; c++) for (let j = 0; j < p; j++) means[c][j] /= counts[c];
  return { counts, means };
}

/** Plain-JSON form of a typed array (saveState) and back (loadState). */
export const toNumbers = (a: ArrayLike<number>): number[] => Array.from(a);
export const toFloat64 = (a: unknown, what: string): Float64Array<ArrayBuffer> => {
  if (!Array.isArray(a)) throw new TypeError(`saved state: '${what}' is not an array`);
  return Float64Array.from(a as number[]);
};
