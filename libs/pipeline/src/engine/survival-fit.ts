import { takeRows } from '@radsweep/core';
import { createClassifier } from '@radsweep/classifiers';
import { createSurvivalModel } from '@radsweep/survival';
import type { PreparedFold } from './prepare-fold';
import type { HorizonFitTask, SurvivalFitResult, SurvivalFitTask } from './worker-protocol';

/**
 * Fits a survival model (by registry id, so every model of @radsweep/survival is available) on a fold's
 * preprocessed training rows and predicts its held-out rows. The fold has no sampler, so its training
 * rows are the plan's in order and `task.fitTime` / `fitEvent` line up with them.
 */
export function fitSurvivalTask(fold: PreparedFold, task: SurvivalFitTask): SurvivalFitResult {
  if (task.fitTime.length !== fold.fitX.rows) throw new Error(`survival fit of fold ${fold.fold}: ${task.fitTime.length} times for ${fold.fitX.rows} training rows`);
  const started = performance.now();
  const model = createSurvivalModel(task.modelId, task.params, task.seed).fit(fold.fitX, task.fitTime, task.fitEvent);
  const risk = model.predictRisk(fold.heldX);
  const survival = task.times.length > 0 ? model.predictSurvival(fold.heldX, task.times).data : new Float64Array(0);
  const trainingRisk = task.trainingRisk ? model.predictRisk(fold.fitX) : null;
  return { risk, survival: Float64Array.from(survival), trainingRisk, fitMs: performance.now() - started, ...(task.keepModel ? { model: model.toJSON() } : {}) };
}

/**
 * A classifier at a horizon: fitted on the training rows whose status at the horizon is known (event
 * by then = 1, still event-free at it = 0; censored before it left out), it predicts P(event by the
 * horizon) of every held-out row: its risk score is the logit of it (a linear predictor for the C-index,
 * risk groups and calibration slope) and its survival at the horizon 1 - it.
 */
export function fitAtHorizonTask(fold: PreparedFold, task: HorizonFitTask): SurvivalFitResult {
  const started = performance.now();
  const model = createClassifier(task.modelId, task.params, task.seed).fit(takeRows(fold.fitX, task.rows), task.labels);
  const p = model.predictProba(fold.heldX);
  const trainingRisk = task.trainingRisk ? model.predictProba(fold.fitX).map(logit) : null;
  return { risk: p.map(logit), survival: p.map((v) => 1 - v), trainingRisk, fitMs: performance.now() - started, ...(task.keepModel ? { model: model.toJSON() } : {}) };
}

/** log(p / (1 - p)), p kept 1e-15 away from 0 and 1 so that a certain prediction stays finite. */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-15, Math.max(1e-15, p));
  return Math.log(q / (1 - q));
}
