/**
 * The one matrix kernel of the MLP: rows of weighted sums of the rows of a row-major matrix m,
 *   out[o + r * outGap + j] = start[j] + sum_{t < terms} x[x0 + r * xGap + t * xStep] * m[t * mWidth + j]
 * for output rows r < rows and columns j < width (start null: 0). The forward pass
 * (Z_i. = b + sum_k A_ik W_k.), the weight gradient (G_k. = sum_i A_ik D_i.) and the
 * back-propagated delta (P_i. = sum_j D_ij W^T_j.) are all this sum.
 *
 * Each output is summed in ascending t, skipping x = 0 (a zero relu unit, a zero delta): the
 * order of the textbook i-k-j loops that skip zeros, so results are theirs bit for bit.
 * Dense x: two output rows by four columns at a time held in registers (each m value read
 * serves two rows, each x value four columns). Mostly-zero x (relu layers): each row's
 * non-zero x compacted into (offset, value) lists, eight columns at a time, so zeros cost nothing.
 */
export interface RowSumScratch {
  /** Compacted offsets t * mWidth of one row's non-zero x, and the x values; length >= terms. */
  readonly offset: Int32Array;
  readonly value: Float64Array;
}

/**
 * `sparse`: x is mostly zeros (relu activations, or deltas masked by the relu derivative);
 * then rows are compacted first, else summed densely in pairs. Both give the same numbers.
 */
export function rowSums(
  out: Float64Array, o: number, outGap: number, rows: number, width: number, start: Float64Array | null,
  x: Float64Array, x0: number, xGap: number, xStep: number, terms: number,
  m: Float64Array, mWidth: number, sparse: boolean, scratch: RowSumScratch,
): void {
  let r = 0;
  if (!sparse) {
    for (; r + 2 <= rows; r += 2) denseRowPair(out, o + r * outGap, outGap, width, start, x, x0 + r * xGap, xGap, xStep, terms, m, mWidth);
  }
  for (; r < rows; r++) {
    const count = compactNonZero(x, x0 + r * xGap, xStep, terms, mWidth, scratch.offset, scratch.value);
    sparseRow(out, o + r * outGap, width, start, scratch.offset, scratch.value, count, m);
  }
}

/** Two output rows (at o and o + outGap) from dense x, 2 x 4 outputs in registers. */
function denseRowPair(
  out: Float64Array, o: number, outGap: number, width: number, start: Float64Array | null,
  x: Float64Array, x0: number, xGap: number, xStep: number, terms: number, m: Float64Array, mWidth: number,
): void {
  const x1 = x0 + xGap;
  const o1 = o + outGap;
  let j = 0;
  for (; j + 4 <= width; j += 4) {
    let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
    if (start !== null) {
      c00 = start[j]; c01 = start[j + 1]; c02 = start[j + 2]; c03 = start[j + 3];
    }
    let c10 = c00, c11 = c01, c12 = c02, c13 = c03;
    for (let t = 0, p = 0, q = j; t < terms; t++, p += xStep, q += mWidth) {
      const v0 = x[x0 + p];
      const v1 = x[x1 + p];
      const m0 = m[q], m1 = m[q + 1], m2 = m[q + 2], m3 = m[q + 3];
      c00 += v0 * m0; c01 += v0 * m1; c02 += v0 * m2; c03 += v0 * m3;
      c10 += v1 * m0; c11 += v1 * m1; c12 += v1 * m2; c13 += v1 * m3;
    }
    out[o + j] = c00; out[o + j + 1] = c01; out[o + j + 2] = c02; out[o + j + 3] = c03;
    out[o1 + j] = c10; out[o1 + j + 1] = c11; out[o1 + j + 2] = c12; out[o1 + j + 3] = c13;
  }
  for (; j < width; j++) {
    let c0 = start === null ? 0 : start[j];
    let c1 = c0;
    for (let t = 0; t < terms; t++) {
      const mv = m[t * mWidth + j];
      c0 += x[x0 + t * xStep] * mv;
      c1 += x[x1 + t * xStep] * mv;
    }
    out[o + j] = c0;
    out[o1 + j] = c1;
  }
}

/** One output row from a compacted list of `count` (offset, value) pairs, 8 columns at a time (then 4, 2, 1). */
function sparseRow(
  out: Float64Array, o: number, width: number, start: Float64Array | null,
  offset: Int32Array, value: Float64Array, count: number, m: Float64Array,
): void {
  let j = 0;
  for (; j + 8 <= width; j += 8) {
    let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
    if (start !== null) {
      c0 = start[j]; c1 = start[j + 1]; c2 = start[j + 2]; c3 = start[j + 3];
      c4 = start[j + 4]; c5 = start[j + 5]; c6 = start[j + 6]; c7 = start[j + 7];
    }
    for (let t = 0; t < count; t++) {
      const v = value[t];
      const q = offset[t] + j;
      c0 += v * m[q]; c1 += v * m[q + 1]; c2 += v * m[q + 2]; c3 += v * m[q + 3];
      c4 += v * m[q + 4]; c5 += v * m[q + 5]; c6 += v * m[q + 6]; c7 += v * m[q + 7];
    }
    const q = o + j;
    out[q] = c0; out[q + 1] = c1; out[q + 2] = c2; out[q + 3] = c3;
    out[q + 4] = c4; out[q + 5] = c5; out[q + 6] = c6; out[q + 7] = c7;
  }
  for (; j + 4 <= width; j += 4) {
    let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
    if (start !== null) {
      c0 = start[j]; c1 = start[j + 1]; c2 = start[j + 2]; c3 = start[j + 3];
    }
    for (let t = 0; t < count; t++) {
      const v = value[t];
      const q = offset[t] + j;
      c0 += v * m[q]; c1 += v * m[q + 1]; c2 += v * m[q + 2]; c3 += v * m[q + 3];
    }
    const q = o + j;
    out[q] = c0; out[q + 1] = c1; out[q + 2] = c2; out[q + 3] = c3;
  }
  for (; j + 2 <= width; j += 2) {
    let c0 = 0, c1 = 0;
    if (start !== null) {
      c0 = start[j]; c1 = start[j + 1];
    }
    for (let t = 0; t < count; t++) {
      const v = value[t];
      const q = offset[t] + j;
      c0 += v * m[q]; c1 += v * m[q + 1];
    }
    out[o + j] = c0; out[o + j + 1] = c1;
  }
  if (j < width) {
    let c = start === null ? 0 : start[j];
    for (let t = 0; t < count; t++) c += value[t] * m[offset[t] + j];
    out[o + j] = c;
  }
}

/**
 * Writes t * mWidth and x for the non-zero x[first + t * step], t < terms, in ascending t;
 * returns how many. Branch-free: which relu units are zero is unpredictable, and a
 * mispredicted branch per value costs more than the sums it saves.
 */
function compactNonZero(x: Float64Array, first: number, step: number, terms: number, mWidth: number, offset: Int32Array, value: Float64Array): number {
  let count = 0;
  for (let t = 0; t < terms; t++) {
    const v = x[first + t * step];
    offset[count] = t * mWidth;
    value[count] = v;
    count += Number(v !== 0); // compiles to a flag move, not a branch
  }
  return count;
}
