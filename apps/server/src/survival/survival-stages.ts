import type { EntityManager } from 'typeorm';
import {
  CancelledError,
  PreparedFold,
  ResolvedExperiment,
  StageThreads,
  SurvivalFitItemOutcome,
  SurvivalFitRequest,
  SurvivalModelResult,
  SurvivalStudy,
  SurvivalUnit,
  combineSurvivalModelStage,
  fitUnits,
  prepareSurvivalFoldStage,
  survivalFeatureSetResult,
  survivalFitBatchStage,
  survivalFitShapes,
  survivalUnits,
} from '@radsweep/pipeline';
import type { StageSpec } from '../runs/two-stage/stage-plan';
import { SurvivalEndpointEntity } from './survival.entities';
import { insertSurvivalFeatureSetResult } from './survival-writer';

/**
 * The stage tasks of a survival run on a worker (the engine's survival two-stage functions): a
 * stage's `set` is an endpoint x feature set (survivalUnits order, the one-task path's task
 * position). They run on the worker's engine threads (StageThreads, `--threads`) as classification
 * stages do; with `--threads 0` in the event-loop thread, one fit at a time with the loop let through
 * between fits (heartbeats, cancel).
 */
export interface SurvivalRunContext {
  study: SurvivalStudy;
  units: SurvivalUnit[];
}

export function survivalRunContext(study: SurvivalStudy): SurvivalRunContext {
  return { study, units: survivalUnits(study) };
}

/**
 * What a stage task stores: a prepared fold, a batch's fit outcomes, or a model's result (`{ result }`);
 * `inputs`: its input folds and, for a combine, its batches' outcomes. With `engine` (the worker's
 * --threads) the chain, the fits and the refit run on its threads; without, in this thread.
 */
export async function executeSurvivalStage(
  resolved: ResolvedExperiment,
  ctx: SurvivalRunContext,
  stage: string,
  spec: StageSpec,
  inputs: { folds: Map<number, PreparedFold>; outcomes: SurvivalFitItemOutcome[] },
  signal: AbortSignal,
  onFit: () => void,
  engine: StageThreads | null,
): Promise<unknown> {
  const unit = ctx.units[spec.set];
  if (!unit) throw new Error(`survival stage task of unit ${spec.set}: the run has ${ctx.units.length} endpoint x feature set units`);
  if (stage === 'prepare') return engine ? engine.prepareSurvival(resolved, ctx.study, unit, spec.fold!) : prepareSurvivalFoldStage(resolved, ctx.study, unit, spec.fold!);
  if (stage === 'fit') {
    if (engine) return engine.fitSurvivalBatch(resolved, unit, spec.items!, [...inputs.folds.values()], { signal, onFit });
    const outcomes: SurvivalFitItemOutcome[] = [];
    for (const item of spec.items!) {
      // One fit at a time, with the event loop let through between fits: heartbeats and a cancel reach the batch.
      await new Promise((r) => setImmediate(r));
      if (signal.aborted) throw new CancelledError();
      outcomes.push(...survivalFitBatchStage(resolved, unit, [item], (fold) => inputs.folds.get(fold)!, onFit));
    }
    return outcomes;
  }
  // The tracking server keeps no fitted models (it scores no external cohort), as its one-task path.
  const prepared = unit.es.plans.map((p) => inputs.folds.get(p.fold)!);
  const refit = engine ? (fold: PreparedFold, request: SurvivalFitRequest) => engine.fitSurvival(fold, request) : undefined;
  return { result: await combineSurvivalModelStage(resolved, ctx.study, unit, spec.set, spec.modelIndex!, inputs.outcomes, prepared, false, refit) };
}

/** Writes a unit's results once its last combine is done (`prepared`: its folds in plan order; `models`: experiment order), as the one-task path does. */
export async function insertSurvivalUnitResult(
  m: EntityManager,
  runId: string,
  resolved: ResolvedExperiment,
  ctx: SurvivalRunContext,
  set: number,
  prepared: PreparedFold[],
  models: SurvivalModelResult[],
  modelOrder: string[],
): Promise<void> {
  const unit = ctx.units[set];
  const cvFolds = prepared.filter((f) => f.fold >= 0);
  const refitFold = prepared.find((f) => f.fold < 0)!;
  const fs = survivalFeatureSetResult(resolved, unit, cvFolds, refitFold, models, { preprocessingMs: cvFolds.map((f) => f.ms), refitPreprocessingMs: refitFold.ms, tasksMs: 0, metricsMs: 0, totalMs: 0 });
  const endpoint = await m.findOneByOrFail(SurvivalEndpointEntity, { runId, name: unit.es.endpoint.name });
  await insertSurvivalFeatureSetResult(m, endpoint, unit.featureSetIndex, fs, modelOrder);
}

/** A batch's fits as samples of the store's fit-cost means (a failed fit has no time). */
export function survivalFitCostSamples(resolved: ResolvedExperiment, ctx: SurvivalRunContext, outcomes: SurvivalFitItemOutcome[]) {
  const shapes = survivalFitShapes(ctx.units);
  return outcomes
    .filter((o) => o.error === undefined)
    .map((o) => {
      const model = resolved.models[o.modelIndex];
      return { modelId: model.id, units: fitUnits(model.id, model.configs[o.configIndex].params, shapes[o.set]), ms: o.fitMs };
    });
}
