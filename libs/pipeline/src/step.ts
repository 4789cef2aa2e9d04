import { Matrix } from '@radsweep/core';

/**
 * A step that learns from training rows and then maps any rows (imputer, scaler,
 * selector). `fit` sees training rows only; `transform` never learns.
 */
export interface Transformer {
  /** Registry id, e.g. `median_imputer`, `welch_ttest`, `lasso`. */
  readonly id: string;
  fit(x: Matrix, y: Uint8Array): this;
  transform(x: Matrix): Matrix;
  readonly fitted: boolean;
}

/** What a selector decided, for results files and the reviewer. */
export interface SelectionReport {
  /** Indices into the selector's input columns, in input order. */
  selected: Int32Array;
  /** Per input column: a p-value, coefficient or importance (NaN where none). */
  scores: Float64Array;
  /** What `scores` hold: `p_value`, `coefficient`. */
  scoreKind: string;
  /** True when a fallback rule (e.g. keep the 8 smallest p) chose the columns. */
  fallbackUsed: boolean;
  /** Anything else worth storing (e.g. the chosen LASSO alpha). */
  details?: Record<string, number | string | boolean>;
}

/** A transformer that keeps a subset of its input columns. */
export interface FeatureSelector extends Transformer {
  report(): SelectionReport;
}

/** A selector that scores columns against a survival outcome (follow-up time, 0/1 event): fitted by `fitSurvival`. */
export interface SurvivalSelector extends FeatureSelector {
  fitSurvival(x: Matrix, time: Float64Array, event: Uint8Array): this;
}

export function isSurvivalSelector(t: Transformer): t is SurvivalSelector {
  return typeof (t as SurvivalSelector).fitSurvival === 'function';
}

/**
 * A sampler (imbalanced-learn's rule): acts only while fitting, never on
 * validation or test rows. Its one public verb is `fitResample`.
 */
export interface Sampler {
  readonly id: string;
  fitResample(x: Matrix, y: Uint8Array): { x: Matrix; y: Uint8Array };
}

export function isSelector(t: Transformer): t is FeatureSelector {
  return typeof (t as FeatureSelector).report === 'function';
}

/**
 * Per-row values of columns that are not features (a scanner or centre column, covariates), for the rows a
 * step is fitted on or maps, in the same order as the matrix rows. Numbers (NaN = missing) or texts (null = missing).
 */
export type RowContext = Record<string, Float64Array | (string | null)[]>;

/**
 * A transformer that also needs per-row context columns (e.g. `combat`: the batch column and covariates).
 * The chain hands it the context of exactly the rows it fits or maps; `contextColumns` names what it needs.
 */
export interface ContextualTransformer extends Transformer {
  readonly contextColumns: readonly string[];
  fitWithContext(x: Matrix, y: Uint8Array, context: RowContext): this;
  transformWithContext(x: Matrix, context: RowContext): Matrix;
}

export function isContextual(t: Transformer): t is ContextualTransformer {
  return typeof (t as ContextualTransformer).fitWithContext === 'function';
}
