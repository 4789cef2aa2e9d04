import { Matrix, RadSweepInputError, matrix } from '@radsweep/core';
import type { FittedChain } from '../engine/preprocessing-chain';
import { isSelector } from '../step';
import { CombatStep, MedianImputer, StandardScaler } from '../steps';

/** A fitted `combat` step stored whole (`CombatStep.toJSON`): params, pooled mean/variance, covariate design and per-batch gamma*, delta*. */
export type CombatStepState = ReturnType<CombatStep['toJSON']>;

/**
 * One harmonisation stage of a chain: take the named columns (from the cohort for the first stage, else
 * from the previous stage's output), apply the column-wise `steps` (one value per column), then the
 * stored `combat` step on all of them at once. ComBat cannot be pruned to the columns that reach the
 * model: for a batch (centre) it was not fitted on, its empirical-Bayes priors pool every column it maps.
 */
export interface HarmonisationStage {
  /** The columns the combat step maps, by input feature name, in the chain's order at that point. */
  features: string[];
  steps: ColumnStepState[];
  combat: CombatStepState;
}

/**
 * A fitted preprocessing chain reduced to what a prediction needs. The chain's steps act column by
 * column (an imputer fills a column from its own median, a scaler maps a column by its own mean and
 * scale), keep a subset of columns (selectors), or harmonise every column they get at once (combat).
 * Without combat the chain's output equals: take the selected input columns in output order, then apply
 * each column-wise step to them in the chain's order. `features` are the selected input columns (the
 * model's columns, in order); each entry of `steps` holds one value per selected feature. Selectors act
 * only while fitting and are recorded in `selection` for the reader.
 *
 * With combat steps the chain is cut at each of them into harmonisation stages (HarmonisationStage),
 * applied in order before `features` are taken from the last stage's output and `steps` (the column-wise
 * steps after the last combat) applied. Two layouts, the oldest that expresses the chain is written:
 * - format version 1: one combat step that sees every input column (no selector before it): `inputSteps`
 *   (column-wise steps before it, on every input column) and `harmonisation` (the step);
 * - format version 2: `stages`, any number of combat steps anywhere in the chain (e.g. after a selector).
 * harmonisationStages() reads either as a list of stages.
 */
export interface PreprocessingState {
  /** The feature set's columns the chain was fitted on (its input). */
  inputFeatures: string[];
  /** The selected columns in the model's order. */
  features: string[];
  steps: ColumnStepState[];
  selection: { step: string; inputCount: number; keptCount: number }[];
  /** Format version 1: a combat step on every input feature (after `inputSteps`), before the column-wise `steps`. */
  harmonisation?: CombatStepState;
  /** Format version 1: column-wise steps before the combat step, on every input column; absent without them. */
  inputSteps?: ColumnStepState[];
  /** Format version 2: the chain's combat steps in order, each with the columns it maps and the column-wise steps before it. */
  stages?: HarmonisationStage[];
}

export type ColumnStepState =
  | { id: 'median_imputer'; medians: number[] }
  | { id: 'standard_scaler'; mean: number[]; scale: number[] };

type PendingColumnStep = { id: ColumnStepState['id']; values: (j: number) => number[] };

/** Reads the fitted chain's state, pruned to the columns that reach the model (or a combat step). */
export function preprocessingState(chain: FittedChain, inputFeatures: readonly string[]): PreprocessingState {
  // origin[j] = input column of the chain's current column j
  let origin = Array.from(inputFeatures, (_, j) => j);
  let pending: PendingColumnStep[] = [];
  const selection: PreprocessingState['selection'] = [];
  const stages: HarmonisationStage[] = [];
  const names = (columns: number[]) => columns.map((j) => inputFeatures[j]);
  for (const step of chain.steps) {
    if (step instanceof CombatStep) {
      stages.push({ features: names(origin), steps: columnStates(pending, origin), combat: step.toJSON() });
      pending = [];
      continue;
    }
    const here = origin.slice();
    const at = (j: number) => here.indexOf(j);
    if (step instanceof MedianImputer) {
      const m = step.medians;
      pending.push({ id: 'median_imputer', values: (j) => [m[at(j)]] });
    } else if (step instanceof StandardScaler) {
      const mean = step.mean;
      const scale = step.scale;
      pending.push({ id: 'standard_scaler', values: (j) => [mean[at(j)], scale[at(j)]] });
    } else if (isSelector(step)) {
      const kept = step.report().selected;
      selection.push({ step: step.id, inputCount: origin.length, keptCount: kept.length });
      origin = Array.from(kept, (k) => here[k]);
    } else {
      throw new Error(`step '${step.id}' cannot be locked (not a column-wise step, a selector or combat)`);
    }
  }
  return {
    inputFeatures: [...inputFeatures],
    features: names(origin),
    steps: columnStates(pending, origin),
    selection,
    ...stagesLayout(stages, inputFeatures),
  };
}

/** Version 1's fields when its layout expresses the stages (one combat on every input column), else version 2's `stages`. */
function stagesLayout(stages: HarmonisationStage[], inputFeatures: readonly string[]): Pick<PreprocessingState, 'harmonisation' | 'inputSteps' | 'stages'> {
  if (stages.length === 0) return {};
  const [first] = stages;
  if (stages.length === 1 && sameNames(first.features, inputFeatures)) {
    return { harmonisation: first.combat, ...(first.steps.length > 0 ? { inputSteps: first.steps } : {}) };
  }
  return { stages };
}

/** The locked file format version a preprocessing state needs (2 for `stages`, else 1). */
export function preprocessingFormatVersion(state: PreprocessingState): 1 | 2 {
  return state.stages ? 2 : 1;
}

/** The state's harmonisation stages in chain order, whichever layout holds them (none without combat). */
export function harmonisationStages(state: PreprocessingState): HarmonisationStage[] {
  if (state.stages) return state.stages;
  if (state.harmonisation) return [{ features: state.inputFeatures, steps: state.inputSteps ?? [], combat: state.harmonisation }];
  return [];
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** The column-wise steps' values of the given input columns, in that order. */
function columnStates(perInput: PendingColumnStep[], columns: number[]): ColumnStepState[] {
  return perInput.map((s): ColumnStepState => {
    const v = columns.map((j) => s.values(j));
    return s.id === 'median_imputer' ? { id: s.id, medians: v.map((x) => x[0]) } : { id: s.id, mean: v.map((x) => x[0]), scale: v.map((x) => x[1]) };
  });
}

/**
 * Applies the column-wise steps of the state to rows holding `state.features` in order (NaN = missing;
 * already harmonised when the state has combat steps: harmonised-input.ts), with the same
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
