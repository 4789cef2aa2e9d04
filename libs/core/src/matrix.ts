/**
 * A dense row-major matrix of float64: row i, column j is data[i * cols + j].
 * Every numeric step passes matrices in this form, never arrays of objects.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  const d = data ?? new Float64Array(rows * cols);
  if (d.length !== rows * cols) {
    throw new RangeError(`matrix: data has ${d.length} values, expected ${rows} x ${cols} = ${rows * cols}`);
  }
  return { rows, cols, data: d };
}

/** Builds a matrix from nested arrays (tests and small fixtures only). */
export function fromRows(rows: ArrayLike<ArrayLike<number>>): Matrix {
  const n = rows.length;
  const p = n === 0 ? 0 : rows[0].length;
  const m = matrix(n, p);
  for (let i = 0; i < n; i++) {
    if (rows[i].length !== p) throw new RangeError(`fromRows: row ${i} has ${rows[i].length} values, expected ${p}`);
    for (let j = 0; j < p; j++) m.data[i * p + j] = rows[i][j];
  }
  return m;
}

/** A new matrix holding the given rows, in the given order. */
export function takeRows(x: Matrix, rowIdx: ArrayLike<number>): Matrix {
  const p = x.cols;
  const out = matrix(rowIdx.length, p);
  for (let k = 0; k < rowIdx.length; k++) {
    const src = rowIdx[k] * p;
    out.data.set(x.data.subarray(src, src + p), k * p);
  }
  return out;
}

/** A new matrix holding the given columns, in the given order. */
export function takeCols(x: Matrix, colIdx: ArrayLike<number>): Matrix {
  const n = x.rows;
  const q = colIdx.length;
  const out = matrix(n, q);
  for (let i = 0; i < n; i++) {
    const src = i * x.cols;
    const dst = i * q;
    for (let k = 0; k < q; k++) out.data[dst + k] = x.data[src + colIdx[k]];
  }
  return out;
}

/** Column j as a new Float64Array. */
export function column(x: Matrix, j: number): Float64Array {
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) out[i] = x.data[i * x.cols + j];
  return out;
}

/** Column-major copy: column j is out.subarray(j * rows, (j + 1) * rows). Trees and coordinate descent scan columns. */
export function toColumnMajor(x: Matrix): Float64Array {
  const { rows, cols, data } = x;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const r = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = data[r + j];
  }
  return out;
}

/** Index of the first NaN or infinite value, or -1. */
export function firstNonFinite(x: Matrix): number {
  const d = x.data;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return i;
  return -1;
}

export function takeLabels(y: Uint8Array, rowIdx: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(rowIdx.length);
  for (let k = 0; k < rowIdx.length; k++) out[k] = y[rowIdx[k]];
  return out;
}
