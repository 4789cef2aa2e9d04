import { Matrix, matrix } from '@radsweep/core';
import type { Table } from '../io';
import { FittedChain } from '../engine/preprocessing-chain';
import { readStepContext } from '../engine/row-context';
import { CombatStep } from '../steps';
import { cohortFeatures } from './cohort-features';
import type { LockedModel } from './locked-model';
import { applyColumnSteps, harmonisationStages } from './preprocessing-state';

/** What a locked model reads of a cohort: its input rows, harmonised when the model has combat steps. */
export interface LockedModelInput {
  /** The model's selected features (`preprocessing.features`) in order, harmonised when the model has combat steps: predictLocked's input. */
  x: Matrix;
  /** The columns of the file the model does not read. */
  ignored: string[];
}

/** The outcome columns of a locked model's endpoint (never a batch or covariate). */
export function endpointColumns(locked: LockedModel): string[] {
  const ep = locked.endpoint;
  return ep.type === 'binary' ? [ep.labelColumn] : [ep.timeColumn, ep.eventColumn];
}

/**
 * A cohort's rows as the locked model's predictor takes them. Without combat: the selected feature
 * columns (cohortFeatures). With combat steps (harmonisation stages, in chain order): the first stage's
 * feature columns and every step's batch and covariate columns (readStepContext, so a missing batch
 * column is refused naming it); each stage takes its columns, applies its column-wise steps (e.g. an
 * imputer) and maps them by its stored combat step all rows at once (FittedChain.transform): a batch
 * (centre) the model was fitted on keeps its fitted parameters; each unseen batch gets parameters
 * estimated from all of its own rows in this cohort, features and covariates only. Outcome columns are
 * never read here.
 */
export function lockedModelInput(locked: LockedModel, table: Table, keyColumns: readonly string[]): LockedModelInput {
  const pre = locked.preprocessing;
  const stages = harmonisationStages(pre);
  if (stages.length === 0) return cohortFeatures(table, pre.features, keyColumns);
  const combats = stages.map((s) => CombatStep.fromJSON(s.combat));
  const context = readStepContext(
    table,
    { steps: stages.map((s) => ({ id: 'combat' as const, params: { ...s.combat.params } })), featureSets: [] },
    endpointColumns(locked),
    (key) => {
      const [, index, rest] = /^steps\[(\d+)\]\.(.*)$/.exec(key) ?? [undefined, '0', key];
      return `the locked model's combat step${stages.length > 1 ? ` ${Number(index) + 1} of ${stages.length}` : ''} (${rest}) on ${table.source}`;
    },
  )!;
  const contextColumns = combats.flatMap((c) => c.contextColumns);
  const { x: raw, ignored } = cohortFeatures(table, stages[0].features, [...keyColumns, ...contextColumns]);
  let x = raw;
  let names: readonly string[] = stages[0].features;
  stages.forEach((stage, k) => {
    const columns = applyColumnSteps(stage.steps, stage.features.length, selectColumns(x, names, stage.features));
    x = new FittedChain([combats[k]], stage.features, []).transform(columns, context);
    names = stage.features;
  });
  return { x: selectColumns(x, names, pre.features), ignored };
}

/** The named columns of `x` (whose columns are `names`), in the order given. */
export function selectColumns(x: Matrix, names: readonly string[], wanted: readonly string[]): Matrix {
  const at = wanted.map((w) => names.indexOf(w));
  const out = matrix(x.rows, wanted.length);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < at.length; j++) out.data[i * at.length + j] = x.data[i * x.cols + at[j]];
  return out;
}
