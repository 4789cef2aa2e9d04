import { Matrix, Params, registerThreadCache, sameBytes } from '@radsweep/core';
import { BoostedTree } from './boosted-tree';

/**
 * The stages of recent gradient boosting fits, for fits that differ from them only in
 * n_estimators. Stage m depends on the data, the labels, the other parameters, the seed and
 * stages 0..m-1 only (its random draws come next in one RandomState stream), so a fit of N
 * stages is a fit of M < N stages continued, and its first M stages are a fit of M: a grid's
 * n_estimators 100 and 200 on one fold need 200 stages, not 300. Entries are per worker
 * thread; data and labels are compared bit for bit, never by a hash. Histogram boosting
 * keeps its iterations here too (keys start with the model id), differing only in max_iter:
 * an iteration has no random draws and early stopping is off, so the same holds for it.
 */
export interface StageCheckpoint {
  /** The fitted stages (leaf values times learning_rate), shared read-only between models. */
  readonly trees: readonly BoostedTree[];
  /** Raw scores F_M of the training rows after those stages. */
  readonly raw: Float64Array;
}

interface DataSet {
  readonly rows: number;
  readonly cols: number;
  readonly x: Float64Array;
  readonly y: Uint8Array;
  /** By the fit's other parameters and seed. */
  readonly checkpoints: Map<string, StageCheckpoint>;
}

/**
 * Data sets remembered, most recent first: a run's CV folds and refit, 6 per feature set with
 * 5 folds, 12 in the seed protocol's two. The sweep hands out its longest fits (max_iter or
 * n_estimators 200) of every fold before the shorter ones, so with fewer places than data sets
 * each one is evicted before its shorter configurations come (8 places: no hit in that run).
 */
const DATA_SETS = 16;
/** Checkpoints per data set at most (a grid's configurations apart from n_estimators). */
const CHECKPOINTS = 32;
const recent: DataSet[] = [];
registerThreadCache({ name: 'boosting stage checkpoints', entries: () => recent.length, clear: () => clearStageCheckpoints() });

/**
 * The key of a fit's other parameters: `scope` (the model, and the seed where it draws from
 * it), then every parameter but `stages` (n_estimators, max_iter) as JSON in key order.
 */
export function otherParamsKey(scope: string, params: Params, stages: string): string {
  return `${scope}:${JSON.stringify(params, Object.keys(params).filter((k) => k !== stages).sort())}`;
}

/** The longest checkpoint of a fit on (x, y) with these other parameters (n_estimators left out) and seed. */
export function findStageCheckpoint(x: Matrix, y: Uint8Array, otherParams: string): StageCheckpoint | undefined {
  return dataSetOf(x, y, false)?.checkpoints.get(otherParams);
}

/** Remembers a fit's stages unless a longer checkpoint of the same fit is already kept. */
export function storeStageCheckpoint(x: Matrix, y: Uint8Array, otherParams: string, checkpoint: StageCheckpoint): void {
  const checkpoints = dataSetOf(x, y, true)!.checkpoints;
  const kept = checkpoints.get(otherParams);
  if (kept !== undefined && kept.trees.length >= checkpoint.trees.length) return;
  checkpoints.delete(otherParams);
  if (checkpoints.size >= CHECKPOINTS) checkpoints.delete(checkpoints.keys().next().value!);
  checkpoints.set(otherParams, checkpoint);
}

function dataSetOf(x: Matrix, y: Uint8Array, create: boolean): DataSet | undefined {
  for (let i = 0; i < recent.length; i++) {
    const d = recent[i];
    if (d.rows === x.rows && d.cols === x.cols && sameBytes(d.x, x.data) && sameBytes(d.y, y)) {
      recent.splice(i, 1);
      recent.unshift(d);
      return d;
    }
  }
  if (!create) return undefined;
  const d: DataSet = { rows: x.rows, cols: x.cols, x: Float64Array.from(x.data), y: y.slice(), checkpoints: new Map() };
  recent.unshift(d);
  if (recent.length > DATA_SETS) recent.pop();
  return d;
}

/** Forgets every checkpoint of this thread (tests compare continued fits with fresh ones). */
export function clearStageCheckpoints(): void {
  recent.length = 0;
}
