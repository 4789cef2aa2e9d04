import { Matrix, matrix } from '@radsweep/core';
import type { Table } from '../io';
import { FittedChain } from '../engine/preprocessing-chain';
import { readStepContext } from '../engine/row-context';
import { CombatStep } from '../steps';
import { cohortFeatures } from './cohort-features';
import type { LockedModel } from './locked-model';
import { applyColumnSteps } from './preprocessing-state';

/** What a locked model reads of a cohort: its input rows and, with a combat step, the harmonised input columns. */
export interface LockedModelInput {
  /** The model's selected features (`preprocessing.features`) in order, harmonised when the model has a combat step: predictLocked's input. */
  x: Matrix;
  /** The columns of the file the model does not read. */
  ignored: string[];
  /** Every input feature (`preprocessing.inputFeatures`) after the combat step; absent without one. */
  harmonised?: Matrix;
}

/** The outcome columns of a locked model's endpoint (never a batch or covariate). */
export function endpointColumns(locked: LockedModel): string[] {
  const ep = locked.endpoint;
  return ep.type === 'binary' ? [ep.labelColumn] : [ep.timeColumn, ep.eventColumn];
}

/**
 * A cohort's rows as the locked model's predictor takes them. Without a combat step: the selected
 * feature columns (cohortFeatures). With one: every input feature column (through the column-wise
 * steps before combat, e.g. an imputer) and the step's batch and
 * covariate columns (readStepContext, so a missing batch column is refused naming it), mapped by the
 * stored combat step all rows at once (FittedChain.transform): a batch (centre) the model was fitted
 * on keeps its fitted parameters; each unseen batch gets parameters estimated from all of its own rows
 * in this cohort, features and covariates only. Outcome columns are never read here.
 */
export function lockedModelInput(locked: LockedModel, table: Table, keyColumns: readonly string[]): LockedModelInput {
  const pre = locked.preprocessing;
  if (!pre.harmonisation) return cohortFeatures(table, pre.features, keyColumns);
  const step = CombatStep.fromJSON(pre.harmonisation);
  const context = readStepContext(
    table,
    { steps: [{ id: 'combat', params: { ...pre.harmonisation.params } }], featureSets: [] },
    endpointColumns(locked),
    (key) => `the locked model's combat step (${key.replace(/^steps\[0\]\./, '')}) on ${table.source}`,
  )!;
  const { x: raw, ignored } = cohortFeatures(table, pre.inputFeatures, [...keyColumns, ...step.contextColumns]);
  const harmonised = new FittedChain([step], pre.inputFeatures, []).transform(applyColumnSteps(pre.inputSteps ?? [], pre.inputFeatures.length, raw), context);
  return { x: selectColumns(harmonised, pre.inputFeatures, pre.features), ignored, harmonised };
}

/** The named columns of `x` (whose columns are `names`), in the order given. */
export function selectColumns(x: Matrix, names: readonly string[], wanted: readonly string[]): Matrix {
  const at = wanted.map((w) => names.indexOf(w));
  const out = matrix(x.rows, wanted.length);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < at.length; j++) out.data[i * at.length + j] = x.data[i * x.cols + at[j]];
  return out;
}
