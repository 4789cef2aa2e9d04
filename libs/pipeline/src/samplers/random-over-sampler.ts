import { Matrix, NumpyRandomState, takeLabels, takeRows } from '@radsweep/core';
import { BaseSampler, ClassPlan, StrategyParams } from './base-sampler';

export type RandomOverParams = StrategyParams;

/**
 * Random over-sampling, as imbalanced-learn 0.10's `RandomOverSampler()` (no shrinkage):
 * G = n_majority - n_minority minority rows drawn with replacement (numpy
 * RandomState(seed).choice(minority rows, G), i.e. G draws of randint(n_minority)) and
 * appended after the original rows, which stay unchanged and in order.
 * Runs on training rows only (inside fit), never on validation or test rows.
 */
export class RandomOverSampler extends BaseSampler<RandomOverParams> {
  readonly id = 'random_over';

  protected resample(x: Matrix, y: Uint8Array, plan: ClassPlan) {
    const nNew = this.rowsToAdd(plan);
    const rows = plan.minorityRows;
    const take = new Int32Array(x.rows + nNew);
    for (let i = 0; i < x.rows; i++) take[i] = i;
    const rs = new NumpyRandomState(this.seed);
    for (let s = 0; s < nNew; s++) take[x.rows + s] = rows[rs.randint(rows.length)];
    return { x: takeRows(x, take), y: takeLabels(y, take) };
  }
}
