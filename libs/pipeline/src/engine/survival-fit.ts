import { createSurvivalModel } from '@radsweep/survival';
import type { PreparedFold } from './prepare-fold';
import type { SurvivalFitResult, SurvivalFitTask } from './worker-protocol';

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
  return { risk, survival: Float64Array.from(survival), trainingRisk, fitMs: performance.now() - started };
}
