import { Matrix } from '@radsweep/core';

/**
 * The training matrix as scikit-learn's trees see it: values rounded to float32
 * (sklearn's tree DTYPE), kept both row-major (for routing rows down a tree) and
 * column-major (for split scans), plus, per feature, the row indices sorted by value.
 * Built once per fit, so no stage or node ever sorts again.
 */
export class PresortedColumns {
  readonly rows: number;
  readonly cols: number;
  /** Row-major float32 copy: row i, feature j at i * cols + j. */
  readonly rowMajor: Float32Array;
  /** Column-major float32 copy: feature j, row i at j * rows + i. */
  readonly colMajor: Float32Array;
  /** Feature j's rows in increasing order of value: sorted.subarray(j * rows, (j + 1) * rows). */
  readonly sorted: Int32Array;

  constructor(x: Matrix) {
    const { rows: n, cols: p } = x;
    this.rows = n;
    this.cols = p;
    this.rowMajor = Float32Array.from(x.data);
    this.colMajor = new Float32Array(n * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) this.colMajor[j * n + i] = this.rowMajor[i * p + j];
    this.sorted = new Int32Array(n * p);
    const idx = new Int32Array(n);
    for (let j = 0; j < p; j++) {
      const col = this.colMajor.subarray(j * n, (j + 1) * n);
      for (let i = 0; i < n; i++) idx[i] = i;
      idx.sort((a, b) => col[a] - col[b] || a - b);
      this.sorted.set(idx, j * n);
    }
  }
}
