import { Matrix, NumpyRandomState, takeLabels, takeRows } from '@radsweep/core';
import { numpyPermutation } from '../splitters/binary-labels';
import { BaseSampler, ClassPlan, StrategyParams } from './base-sampler';

export type RandomUnderParams = StrategyParams;

/**
 * Random under-sampling, as imbalanced-learn 0.10's `RandomUnderSampler()`
 * (replacement=False): the majority class is cut to the minority count, keeping the rows
 * at the first n_minority positions of numpy RandomState(seed).permutation(n_majority).
 * Output rows are grouped by label in ascending order (label 0's rows, then label 1's),
 * the kept majority rows in permutation order and the minority rows in row order, as
 * imbalanced-learn returns them. Unlike the over-samplers, rows are removed.
 * Runs on training rows only (inside fit), never on validation or test rows.
 */
export class RandomUnderSampler extends BaseSampler<RandomUnderParams> {
  readonly id = 'random_under';

  protected resample(x: Matrix, y: Uint8Array, plan: ClassPlan) {
    const nKeep = this.rowsToKeep(plan);
    const maj = plan.majorityRows;
    const rs = new NumpyRandomState(this.seed);
    const perm = numpyPermutation(rs, maj.length);
    const kept = Int32Array.from(perm.subarray(0, nKeep), (i) => maj[i]);
    const byLabel = plan.minority === 0 ? [plan.minorityRows, kept] : [kept, plan.minorityRows];
    const take = new Int32Array(byLabel[0].length + byLabel[1].length);
    take.set(byLabel[0]);
    take.set(byLabel[1], byLabel[0].length);
    return { x: takeRows(x, take), y: takeLabels(y, take) };
  }
}
