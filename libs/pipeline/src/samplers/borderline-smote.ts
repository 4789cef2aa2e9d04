import { Matrix, NumpyRandomState } from '@radsweep/core';
import { BaseSampler, ClassPlan, StrategyParams, withAppendedRows } from './base-sampler';
import { kNearestNeighbours } from './nearest-neighbours';
import { numpyBeta } from './numpy-beta';
import { writeSmoteSamples } from './smote';

export interface BorderlineSmoteParams extends StrategyParams {
  /** Minority neighbours used to make synthetic rows (default 5). */
  k_neighbors: number;
  /** Neighbours among all training rows that decide whether a minority row is in danger (default 10). */
  m_neighbors: number;
  /** 'borderline-1' (default) or 'borderline-2'. */
  kind: 'borderline-1' | 'borderline-2';
}

/**
 * Borderline-SMOTE (Han, Wang & Mao, ICIC 2005), as imbalanced-learn 0.10's
 * `BorderlineSMOTE(k_neighbors=5, m_neighbors=10, kind='borderline-1')`:
 * - a minority row is in danger when m' of its m nearest training rows (any class) are
 *   majority rows with m/2 <= m' < m (m' = m is noise and is not used);
 * - if no row is in danger, nothing is added (imbalanced-learn does the same);
 * - borderline-1: G = n_majority - n_minority rows made exactly as SMOTE, from danger
 *   rows towards one of their k nearest minority rows;
 * - borderline-2: f ~ Beta(10, 10); floor(f * (G + 1)) rows towards minority neighbours
 *   (gap U[0, 1)) and floor((1 - f) * G) rows towards the k nearest majority rows of the
 *   danger row (gap 0.5 * U[0, 1)), so the total may differ from G by one, as in
 *   imbalanced-learn. Deviation: imbalanced-learn 0.10 indexes the other-class rows with
 *   the minority neighbour numbers; here the k nearest other-class rows are used, as the
 *   paper describes. Each part redraws from RandomState(seed), as imbalanced-learn does.
 * Output: the original rows unchanged and in order, then the synthetic rows. Runs on
 * training rows only (inside fit), never on validation or test rows.
 */
export class BorderlineSmote extends BaseSampler<BorderlineSmoteParams> {
  readonly id = 'borderline_smote';

  protected resample(x: Matrix, y: Uint8Array, plan: ClassPlan) {
    const { k_neighbors: k, m_neighbors: m, kind } = this.params;
    const nNew = this.rowsToAdd(plan);
    if (nNew === 0) return withAppendedRows(x, y, 0, plan.minority);
    const minRows = plan.minorityRows;
    this.requireNeighbours(x.rows, m, 'm_neighbors', 'training rows');
    this.requireNeighbours(minRows.length, k, 'k_neighbors', `the minority class (label ${plan.minority})`);
    const danger = this.dangerRows(x, y, plan, m);
    if (danger.length === 0) return withAppendedRows(x, y, 0, plan.minority);
    const nns = kNearestNeighbours(x, danger, minRows, k);
    if (kind === 'borderline-1') {
      const out = withAppendedRows(x, y, nNew, plan.minority);
      writeSmoteSamples(x, danger, minRows, nns, k, nNew, 1, new NumpyRandomState(this.seed), out.x, x.rows);
      return out;
    }
    const f = numpyBeta(new NumpyRandomState(this.seed), 10, 10);
    const nTowardsMinority = Math.floor(f * (nNew + 1));
    const nTowardsOther = Math.floor((1 - f) * nNew);
    const out = withAppendedRows(x, y, nTowardsMinority + nTowardsOther, plan.minority);
    writeSmoteSamples(x, danger, minRows, nns, k, nTowardsMinority, 1, new NumpyRandomState(this.seed), out.x, x.rows);
    const other = plan.majorityRows;
    const otherNns = kNearestNeighbours(x, danger, other, k);
    writeSmoteSamples(x, danger, other, otherNns, k, nTowardsOther, 0.5, new NumpyRandomState(this.seed), out.x, x.rows + nTowardsMinority);
    return out;
  }

  /** Minority rows with m/2 <= (majority rows among their m nearest) < m, ascending. */
  private dangerRows(x: Matrix, y: Uint8Array, plan: ClassPlan, m: number): Int32Array {
    const rows = plan.minorityRows;
    const all = Int32Array.from({ length: x.rows }, (_, i) => i);
    const nn = kNearestNeighbours(x, rows, all, m);
    const danger: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      let others = 0;
      for (let j = 0; j < m; j++) if (y[nn[i * m + j]] !== plan.minority) others++;
      if (2 * others >= m && others < m) danger.push(rows[i]);
    }
    return Int32Array.from(danger);
  }
}
