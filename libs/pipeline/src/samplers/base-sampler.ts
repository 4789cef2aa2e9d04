import { Matrix, RadSweepInputError, firstNonFinite, matrix } from '@radsweep/core';
import { Sampler } from '../step';
import { countBinaryLabels, rowsOfLabel } from '../splitters/binary-labels';

/**
 * `'auto'`: the minority class is brought to the majority count (over-samplers) or the
 * majority down to the minority count (under-samplers); a number r in (0, 1] is the
 * wanted minority/majority ratio after resampling (imbalanced-learn's float strategy).
 */
export type SamplingStrategy = 'auto' | number;

/** The parameter every sampler takes. */
export interface StrategyParams {
  /** 'auto' (default) or a minority/majority ratio in (0, 1] after resampling. */
  sampling_strategy: SamplingStrategy;
}

/** The two classes of the rows being resampled. The minority is the smaller class. */
export interface ClassPlan {
  minority: number;
  majority: number;
  minorityRows: Int32Array;
  majorityRows: Int32Array;
}

/**
 * Shared checks of every sampler. A sampler runs inside the fit of a pipeline, on the
 * training rows (or training folds) only, and never sees validation or test rows: the
 * engine calls `fitResample` once per fit and skips samplers at predict and score time.
 * Public `fitResample` validates its input; the protected `resample` holds the algorithm.
 */
export abstract class BaseSampler<P extends StrategyParams> implements Sampler {
  abstract readonly id: string;

  /** `params` are already checked and complete (the registry fills defaults); `seed` seeds numpy's RandomState replay. */
  constructor(
    readonly params: Readonly<P>,
    readonly seed: number,
  ) {}

  fitResample(x: Matrix, y: Uint8Array): { x: Matrix; y: Uint8Array } {
    const where = `sampler.${this.id}`;
    if (x.rows !== y.length) throw new RadSweepInputError(`${x.rows} rows but ${y.length} labels`, where);
    const bad = firstNonFinite(x);
    if (bad >= 0) {
      throw new RadSweepInputError(`row ${Math.floor(bad / x.cols)}, column ${bad % x.cols} is ${x.data[bad]}; impute missing values before resampling`, where);
    }
    const counts = countBinaryLabels(y, where);
    if (counts[0] === 0 || counts[1] === 0) throw new RadSweepInputError(`needs rows of both classes, got ${counts[0]} of label 0 and ${counts[1]} of label 1`, where);
    // On a tie the class of the first row counts as the minority (imbalanced-learn's Counter order).
    const minority = counts[0] < counts[1] ? 0 : counts[1] < counts[0] ? 1 : y[0];
    const majority = 1 - minority;
    const plan: ClassPlan = {
      minority,
      majority,
      minorityRows: rowsOfLabel(y, minority, counts[minority]),
      majorityRows: rowsOfLabel(y, majority, counts[majority]),
    };
    return this.resample(x, y, plan);
  }

  protected abstract resample(x: Matrix, y: Uint8Array, plan: ClassPlan): { x: Matrix; y: Uint8Array };

  /** Rows to add to the minority class under this sampler's sampling_strategy. */
  protected rowsToAdd(plan: ClassPlan): number {
    return oversampleCount(this.params.sampling_strategy, plan, `sampler.${this.id}.sampling_strategy`);
  }

  /** Majority rows to keep under this sampler's sampling_strategy. */
  protected rowsToKeep(plan: ClassPlan): number {
    return undersampleCount(this.params.sampling_strategy, plan, `sampler.${this.id}.sampling_strategy`);
  }

  protected fail(message: string): never {
    throw new RadSweepInputError(message, `sampler.${this.id}`);
  }

  /** An error unless the minority class has the k + 1 rows a k-neighbour search needs (imbalanced-learn raises too). */
  protected requireNeighbours(available: number, k: number, param: string, of: string): void {
    if (available < k + 1) {
      this.fail(`${param} = ${k} needs at least ${k + 1} rows of ${of}, got ${available}; lower ${param} or use random_over`);
    }
  }
}

/** Rows to add to the minority class (imbalanced-learn `_sampling_strategy_auto` / `_float` for over-sampling). */
function oversampleCount(strategy: SamplingStrategy, plan: ClassPlan, where: string): number {
  const nMin = plan.minorityRows.length;
  const nMaj = plan.majorityRows.length;
  if (strategy === 'auto') return nMaj - nMin;
  const n = Math.trunc(nMaj * strategy - nMin);
  if (n < 0) throw new RadSweepInputError(`sampling_strategy ${strategy} asks for fewer minority rows (${Math.trunc(nMaj * strategy)}) than there are (${nMin}); increase it`, where);
  return n;
}

/** Majority rows to keep (imbalanced-learn `_sampling_strategy_auto` / `_float` for under-sampling). */
function undersampleCount(strategy: SamplingStrategy, plan: ClassPlan, where: string): number {
  const nMin = plan.minorityRows.length;
  const nMaj = plan.majorityRows.length;
  if (strategy === 'auto') return nMin;
  const n = Math.trunc(nMin / strategy);
  if (n > nMaj) throw new RadSweepInputError(`sampling_strategy ${strategy} asks for more majority rows (${n}) than there are (${nMaj}); increase it`, where);
  return n;
}

/**
 * The output of an over-sampler: the original rows unchanged and in order, then room for
 * `nNew` rows of class `label` (their features are written by the caller from row x.rows on).
 */
export function withAppendedRows(x: Matrix, y: Uint8Array, nNew: number, label: number): { x: Matrix; y: Uint8Array } {
  const out = matrix(x.rows + nNew, x.cols);
  out.data.set(x.data);
  const yOut = new Uint8Array(y.length + nNew);
  yOut.set(y);
  yOut.fill(label, y.length);
  return { x: out, y: yOut };
}

/** out row `dst` = x row a + step * (x row b - x row a): a point on the segment from a to b (SMOTE's interpolation). */
export function interpolateRow(x: Matrix, a: number, b: number, step: number, out: Matrix, dst: number): void {
  const p = x.cols;
  const src = x.data;
  const d = out.data;
  const aOff = a * p;
  const bOff = b * p;
  const dOff = dst * p;
  for (let j = 0; j < p; j++) d[dOff + j] = src[aOff + j] + step * (src[bOff + j] - src[aOff + j]);
}
