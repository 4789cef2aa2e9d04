import { Matrix, NumpyRandomState } from '@radsweep/core';
import { BaseSampler, ClassPlan, StrategyParams, interpolateRow, withAppendedRows } from './base-sampler';
import { kNearestNeighbours } from './nearest-neighbours';

export interface AdasynParams extends StrategyParams {
  /** Neighbours used both for the difficulty ratio (among all rows) and for interpolation (among minority rows) (default 5). */
  n_neighbors: number;
}

/**
 * ADASYN, adaptive synthetic sampling (He, Bai, Garcia & Li, IJCNN 2008), as
 * imbalanced-learn 0.10's `ADASYN(n_neighbors=5, sampling_strategy='auto')`:
 * - G = n_majority - n_minority (the 'auto' target);
 * - for minority row i, r_i = (majority rows among its K nearest training rows) / K,
 *   normalised to sum 1 (all r_i = 0 is an error: ADASYN has no direction then);
 * - row i gets g_i = rint(r_i * G) synthetic rows (round half to even, numpy's rint),
 *   so the total sum g_i is close to, not always equal to, G;
 * - each synthetic row: neighbour = randint(K) of row i's K nearest minority rows,
 *   gap u ~ U[0, 1), x = x_i + u * (x_nn - x_i); rows are made in minority-row order.
 * Draws replay numpy's RandomState(seed) as imbalanced-learn does (all neighbour picks,
 * then all gaps). Output: the original rows unchanged and in order, then the synthetic
 * rows. Runs on training rows only (inside fit), never on validation or test rows.
 */
export class Adasyn extends BaseSampler<AdasynParams> {
  readonly id = 'adasyn';

  protected resample(x: Matrix, y: Uint8Array, plan: ClassPlan) {
    const { n_neighbors: k } = this.params;
    const target = this.rowsToAdd(plan);
    if (target === 0) return withAppendedRows(x, y, 0, plan.minority);
    const rows = plan.minorityRows;
    this.requireNeighbours(x.rows, k, 'n_neighbors', 'training rows');
    this.requireNeighbours(rows.length, k, 'n_neighbors', `the minority class (label ${plan.minority})`);
    const perRow = adasynCounts(x, y, plan, k, target);
    if (perRow === null) this.fail(`no minority row has a majority row among its ${k} nearest neighbours, so ADASYN has no direction; use smote`);
    let nNew = 0;
    for (const g of perRow) nNew += g;
    if (nNew === 0) this.fail(`rounding leaves no synthetic rows to make (target ${target}); use smote`);
    const nns = kNearestNeighbours(x, rows, rows, k);
    const out = withAppendedRows(x, y, nNew, plan.minority);
    const rs = new NumpyRandomState(this.seed);
    const cols = new Int32Array(nNew);
    for (let s = 0; s < nNew; s++) cols[s] = rs.randint(k);
    let s = 0;
    for (let i = 0; i < rows.length; i++) {
      for (let g = 0; g < perRow[i]; g++, s++) {
        interpolateRow(x, rows[i], rows[nns[i * k + cols[s]]], rs.uniform(), out.x, x.rows + s);
      }
    }
    return out;
  }
}

/**
 * g_i = rint(r_i * G) per minority row (see Adasyn), or null when every r_i is 0.
 * Exported so that tests and reports can state the count rule.
 */
export function adasynCounts(x: Matrix, y: Uint8Array, plan: ClassPlan, k: number, target: number): Int32Array | null {
  const rows = plan.minorityRows;
  const all = Int32Array.from({ length: x.rows }, (_, i) => i);
  const nn = kNearestNeighbours(x, rows, all, k);
  const ratio = new Float64Array(rows.length);
  let sum = 0;
  for (let i = 0; i < rows.length; i++) {
    let others = 0;
    for (let j = 0; j < k; j++) if (y[nn[i * k + j]] !== plan.minority) others++;
    ratio[i] = others / k;
    sum += ratio[i];
  }
  if (sum === 0) return null;
  return Int32Array.from(ratio, (r) => roundHalfEven((r / sum) * target));
}

/** numpy's rint: nearest integer, halves to the even one. */
function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const diff = v - f;
  if (diff < 0.5) return f;
  if (diff > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}
