import { Matrix, NumpyRandomState } from '@radsweep/core';
import { BaseSampler, ClassPlan, StrategyParams, interpolateRow, withAppendedRows } from './base-sampler';
import { kNearestNeighbours } from './nearest-neighbours';

export interface SmoteParams extends StrategyParams {
  /** Neighbours of each minority row among the minority rows (default 5). */
  k_neighbors: number;
}

/**
 * SMOTE, synthetic minority over-sampling (Chawla, Bowyer, Hall & Kegelmeyer, JAIR 16,
 * 2002), as imbalanced-learn 0.10's `SMOTE(k_neighbors=5, sampling_strategy='auto',
 * random_state=seed)`:
 * - the minority class is the smaller one; G = n_majority - n_minority rows are made;
 * - each minority row's k nearest minority rows are found (Euclidean; `kNearestNeighbours`: scikit-learn's
 *   KD-tree where its algorithm='auto' picks one, so equally distant rows come back in its order);
 * - synthetic row s: draw i = randint(n_min * k) (row i / k, neighbour i % k, so rows are
 *   drawn with replacement), then u ~ U[0, 1), and x_s = x_row + u * (x_nn - x_row):
 *   every synthetic row lies on the segment between a minority row and one of its k
 *   nearest minority neighbours;
 * - output: the original rows unchanged and in order, then the synthetic rows.
 * Random draws replay numpy's RandomState(seed) in imbalanced-learn's order (all G
 * indices, then all G gaps), so with the same rows in the same order the synthetic rows
 * equal imbalanced-learn's (neighbour ties included where the search is the KD-tree; in the brute-force
 * search, past 15 features, they go to the lower row).
 * Fewer than k + 1 minority rows is an error, as in imbalanced-learn.
 * Only training rows reach a sampler: it runs inside fit and never on validation or test rows.
 */
export class Smote extends BaseSampler<SmoteParams> {
  readonly id = 'smote';

  protected resample(x: Matrix, y: Uint8Array, plan: ClassPlan) {
    const { k_neighbors: k } = this.params;
    const nNew = this.rowsToAdd(plan);
    const out = withAppendedRows(x, y, nNew, plan.minority);
    if (nNew === 0) return out;
    const rows = plan.minorityRows;
    this.requireNeighbours(rows.length, k, 'k_neighbors', `the minority class (label ${plan.minority})`);
    const nns = kNearestNeighbours(x, rows, rows, k);
    writeSmoteSamples(x, rows, rows, nns, k, nNew, 1, new NumpyRandomState(this.seed), out.x, x.rows);
    return out;
  }
}

/**
 * imbalanced-learn's `BaseSMOTE._make_samples`: nNew rows written to `out` from row
 * `outStart` on. Base point i of `base` has its k neighbours at nns[i * k ..] (positions
 * in `pool`). Draws: nNew indices randint(base.length * k), then nNew gaps
 * stepSize * uniform().
 */
export function writeSmoteSamples(
  x: Matrix,
  base: Int32Array,
  pool: Int32Array,
  nns: Int32Array,
  k: number,
  nNew: number,
  stepSize: number,
  rs: NumpyRandomState,
  out: Matrix,
  outStart: number,
): void {
  const picks = new Int32Array(nNew);
  const high = base.length * k;
  for (let s = 0; s < nNew; s++) picks[s] = rs.randint(high);
  for (let s = 0; s < nNew; s++) {
    const step = stepSize * rs.uniform();
    const i = Math.floor(picks[s] / k);
    const nn = pool[nns[picks[s]]];
    interpolateRow(x, base[i], nn, step, out, outStart + s);
  }
}
