import { numpySum } from './numpy-sum';

/**
 * Per-leaf sums of gradient boosting's Newton step for the binomial deviance,
 * sum(r_i) and sum((y_i - r_i)(1 - y_i + r_i)) over a leaf's rows, taken as
 * scikit-learn 1.2 takes them (_gb_losses.BinomialDeviance._update_terminal_region):
 * the leaf's rows in increasing row order, summed with numpy's pairwise `np.sum`.
 * Buffers are sized once per fit; `collect` groups the rows of one tree by leaf.
 */
export class LeafTerms {
  private readonly residuals: Float64Array;
  private readonly hessians: Float64Array;
  private offsets = new Int32Array(0);

  constructor(rows: number) {
    this.residuals = new Float64Array(rows);
    this.hessians = new Float64Array(rows);
  }

  /** Groups rows by leaf (rows with leafOfRow -1 are left out), keeping row order inside a leaf. */
  collect(leafOfRow: Int32Array, nodes: number, y: Uint8Array, residual: Float64Array): void {
    if (this.offsets.length < nodes + 1) this.offsets = new Int32Array(nodes + 1);
    const offsets = this.offsets;
    offsets.fill(0, 0, nodes + 1);
    for (let i = 0; i < leafOfRow.length; i++) if (leafOfRow[i] >= 0) offsets[leafOfRow[i] + 1]++;
    for (let k = 0; k < nodes; k++) offsets[k + 1] += offsets[k];
    for (let i = 0; i < leafOfRow.length; i++) {
      const leaf = leafOfRow[i];
      if (leaf < 0) continue;
      const at = offsets[leaf]++;
      const r = residual[i];
      this.residuals[at] = r;
      this.hessians[at] = (y[i] - r) * (1 - y[i] + r);
    }
    // offsets[k] now ends leaf k; shift back so that leaf k spans [offsets[k], offsets[k + 1]).
    for (let k = nodes; k > 0; k--) offsets[k] = offsets[k - 1];
    offsets[0] = 0;
  }

  /** [sum of residuals, sum of hessian terms] of node k (both 0 for an inner node). */
  sums(k: number): [number, number] {
    const start = this.offsets[k];
    const n = this.offsets[k + 1] - start;
    return [numpySum(this.residuals, start, n), numpySum(this.hessians, start, n)];
  }
}
