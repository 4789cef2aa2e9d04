import { Matrix, RadSweepInputError, matrix } from '@radsweep/core';
import type { FittedChain } from '../engine/preprocessing-chain';
import { isSelector } from '../step';
import { CombatStep, MedianImputer, StandardScaler } from '../steps';

/**
 * A fitted preprocessing chain reduced to what a prediction needs. The chain's steps act column by
 * column (an imputer fills a column from its own median, a scaler maps a column by its own mean and
 * scale) or keep a subset of columns (selectors), so the chain's output equals: take the selected
 * input columns in output order, then apply each column-wise step to them in the chain's order.
 * `features` are the selected input columns (the model's columns, in order); each entry of `steps`
 * holds one value per selected feature. Selectors act only while fitting and are recorded in
 * `selection` for the reader.
 */
export interface PreprocessingState {
  /** The feature set's columns the chain was fitted on (its input). */
  inputFeatures: string[];
  /** The selected columns in the model's order. */
  features: string[];
  steps: ColumnStepState[];
  selection: { step: string; inputCount: number; keptCount: number }[];
  /**
   * A `combat` step (scanner harmonisation; before any selector): it acts on every input column at once (its
   * empirical-Bayes priors pool the columns), so it is stored whole (`CombatStep.toJSON`) and applied to
   * `inputFeatures` (after `inputSteps`) before the column-wise `steps`; the batch and covariate columns are read from the
   * cohort (harmonised-input.ts). Absent when the chain has no combat step.
   */
  harmonisation?: ReturnType<CombatStep['toJSON']>;
  /** Column-wise steps before the combat step (e.g. a median imputer), on every input column; absent without them. */
  inputSteps?: ColumnStepState[];
}

export type ColumnStepState =
  | { id: 'median_imputer'; medians: number[] }
  | { id: 'standard_scaler'; mean: number[]; scale: number[] };

/** Reads the fitted chain's state, pruned to the columns that reach the model. */
export function preprocessingState(chain: FittedChain, inputFeatures: readonly string[]): PreprocessingState {
  // origin[j] = input column of the chain's current column j
  let origin = Array.from(inputFeatures, (_, j) => j);
  const perInput: { id: ColumnStepState['id']; values: (j: number) => number[] }[] = [];
  const selection: PreprocessingState['selection'] = [];
  let harmonisation: PreprocessingState['harmonisation'];
  let inputSteps: ColumnStepState[] = [];
  for (const step of chain.steps) {
    if (step instanceof CombatStep) {
      if (harmonisation || selection.length > 0) throw new Error('a combat step can be locked only once and before any selector (it acts on every input column)');
      harmonisation = step.toJSON();
      inputSteps = columnStates(perInput.splice(0), origin);
      continue;
    }
    const here = origin.slice();
    const at = (j: number) => here.indexOf(j);
    if (step instanceof MedianImputer) {
      const m = step.medians;
      perInput.push({ id: 'median_imputer', values: (j) => [m[at(j)]] });
    } else if (step instanceof StandardScaler) {
      const mean = step.mean;
      const scale = step.scale;
      perInput.push({ id: 'standard_scaler', values: (j) => [mean[at(j)], scale[at(j)]] });
    } else if (isSelector(step)) {
      const kept = step.report().selected;
      selection.push({ step: step.id, inputCount: origin.length, keptCount: kept.length });
      origin = Array.from(kept, (k) => here[k]);
    } else {
      throw new Error(`step '${step.id}' cannot be locked (not a column-wise step or a selector)`);
    }
  }
  return {
    inputFeatures: [...inputFeatures],
    features: origin.map((j) => inputFeatures[j]),
    steps: columnStates(perInput, origin),
    selection,
    ...(harmonisation ? { harmonisation } : {}),
    ...(inputSteps.length > 0 ? { inputSteps } : {}),
  };
}

/** The column-wise steps' values of the given input columns, in that order. */
function columnStates(perInput: { id: ColumnStepState['id']; values: (j: number) => number[] }[], columns: number[]): ColumnStepState[] {
  return perInput.map((s): ColumnStepState => {
    const v = columns.map((j) => s.values(j));
    return s.id === 'median_imputer' ? { id: s.id, medians: v.map((x) => x[0]) } : { id: s.id, mean: v.map((x) => x[0]), scale: v.map((x) => x[1]) };
  });
}

/**
 * Applies the column-wise steps of the state to rows holding `state.features` in order (NaN = missing;
 * already harmonised when the state has a combat step: harmonised-input.ts), with the same
 * arithmetic as the fitted steps' transform (so the same bits).
 */
export function applyPreprocessing(state: PreprocessingState, x: Matrix): Matrix {
  return applyColumnSteps(state.steps, state.features.length, x);
}

/** Applies column-wise step states (one value per column of `x`, which has `p` columns) in order. */
export function applyColumnSteps(steps: readonly ColumnStepState[], p: number, x: Matrix): Matrix {
  if (x.cols !== p) throw new RadSweepInputError(`expected ${p} feature columns, got ${x.cols}`, 'preprocessing');
  let out = matrix(x.rows, p, x.data.slice());
  for (const step of steps) {
    if (step.id === 'median_imputer') {
      out = MedianImputer.fromMedians(Float64Array.from(step.medians)).transform(out);
    } else {
      out = StandardScaler.fromMoments(Float64Array.from(step.mean), Float64Array.from(step.scale)).transform(out);
    }
  }
  return out;
}
