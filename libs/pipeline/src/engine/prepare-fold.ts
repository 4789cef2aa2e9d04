import { Matrix, RadSweepInputError, firstNonFinite, takeLabels, takeRows } from '@radsweep/core';
import type { RowContext } from '../step';
import { takeContextRows } from './row-context';
import { ChainParts, FittedChain, SelectionRecord, fitChain } from './preprocessing-chain';
import { PreprocessingState, preprocessingState } from '../locked/preprocessing-state';

/** The rows of one CV split (or of the final refit), as row indices into the feature-set matrix. */
export interface FoldPlan {
  /** CV split index, or REFIT_FOLD for the whole training part (held-out = test rows). */
  fold: number;
  fitRows: Int32Array;
  heldRows: Int32Array;
}

/** Fold index of the final refit on the whole training part. */
export const REFIT_FOLD = -1;

/**
 * One fold's preprocessed data, computed once and reused by every model and
 * configuration: the sampled training rows and the transformed held-out rows.
 */
export interface PreparedFold {
  fold: number;
  fitX: Matrix;
  fitY: Uint8Array;
  heldX: Matrix;
  heldY: Uint8Array;
  /** Rows (of the feature-set matrix) of heldX, in order. */
  heldRows: Int32Array;
  /** Training rows before the sampler. */
  fitRowsBeforeSampling: number;
  /** Output column names of the chain. */
  features: string[];
  selections: SelectionRecord[];
  /** The refit fold's fitted chain as a locked model stores it (absent for CV splits). */
  preprocessing?: PreprocessingState;
  /** Wall time of fitting the chain, sampling and transforming (ms). */
  ms: number;
}

/** A feature set's data: every row of the data set, the chosen columns (NaN = missing). */
export interface FeatureSetData {
  x: Matrix;
  /** Binary label; for a survival endpoint the event indicator. */
  y: Uint8Array;
  features: string[];
  /** A survival endpoint's follow-up times (every row), for survival selectors. */
  time?: Float64Array;
  /** Non-feature columns the steps read per row (combat's batch and covariates), every row; absent when no step needs any. */
  context?: RowContext;
}

/**
 * Fits a fresh chain on the fold's training rows only, resamples those rows, and
 * transforms the held-out rows with the fitted chain. With `leakyRows` (the
 * "replicate as published" mode) the chain is fitted on those rows instead
 * (every row, test rows included); the sampler still sees training rows only.
 */
export function prepareFold(data: FeatureSetData, plan: FoldPlan, parts: ChainParts, leakyRows?: Int32Array): PreparedFold {
  const started = performance.now();
  const chainRows = leakyRows ?? plan.fitRows;
  const followUp = data.time ? Float64Array.from(chainRows, (r) => data.time![r]) : undefined;
  const contextOf = (rows: Int32Array) => (data.context ? takeContextRows(data.context, rows) : undefined);
  const fitted = fitChain(parts, takeRows(data.x, chainRows), takeLabels(data.y, chainRows), data.features, followUp, contextOf(chainRows));
  const trainX = leakyRows ? fitted.chain.transform(takeRows(data.x, plan.fitRows), contextOf(plan.fitRows)) : fitted.xTrain;
  const trainY = takeLabels(data.y, plan.fitRows);
  const sampled = parts.sampler ? parts.sampler.fitResample(trainX, trainY) : { x: trainX, y: trainY };
  const heldX = fitted.chain.transform(takeRows(data.x, plan.heldRows), contextOf(plan.heldRows));
  requireFinite(trainX, fitted.chain.features, 'training');
  requireFinite(heldX, fitted.chain.features, 'held-out');
  return {
    fold: plan.fold,
    fitX: sampled.x,
    fitY: sampled.y,
    heldX,
    heldY: takeLabels(data.y, plan.heldRows),
    heldRows: plan.heldRows,
    fitRowsBeforeSampling: plan.fitRows.length,
    features: [...fitted.chain.features],
    selections: [...fitted.chain.selections],
    ...(plan.fold === REFIT_FOLD ? lockableState(fitted.chain, data.features) : {}),
    ms: performance.now() - started,
  };
}

/** The refit chain's state as a locked model stores it; none for a chain with a step that cannot be locked (a test's instrumented step). */
function lockableState(chain: FittedChain, features: readonly string[]): { preprocessing?: PreprocessingState } {
  try {
    return { preprocessing: preprocessingState(chain, features) };
  } catch {
    return {};
  }
}

/** Models need complete numeric input: a missing value left by the chain is the experiment's error (no imputer), named by column. */
function requireFinite(x: Matrix, features: readonly string[], what: string): void {
  const at = firstNonFinite(x);
  if (at < 0) return;
  const column = features[at % x.cols];
  throw new RadSweepInputError(
    `column '${column}' still holds a missing or non-finite value in the ${what} rows after the preprocessing steps; add a median_imputer step (first) or exclude the column`,
    'steps',
  );
}
