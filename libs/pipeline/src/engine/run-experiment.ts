import { RadSweepInputError } from '@radsweep/core';
import { ResolvedExperiment, fitsPerFeatureSet } from '../experiment/resolved';
import { displayPath } from '../experiment/experiment-file';
import { dropKeptModels, readDevelopmentTable, readExternalCohorts, scoreExternalCohorts } from '../locked/external-scoring';
import { CancelledError } from './cancelled-error';
import { Executor } from './executor';
import { fitFeatureSet, runFeatureSets, sweepExecutor } from './fit-schedule';
import { ProgressListener, ProgressTracker } from './progress';
import { experimentResults, featureSetResult, modelResults, splitPrepared, summarizeSelection } from './result-assembly';
import { ExperimentResults, FeatureSetResult } from './results';
import { Study, prepareStudy } from './study';
import { ChainPartsFactory } from './worker-state';

export interface RunOptions {
  /** Worker threads (default: one per available core); 0 runs everything in this thread. */
  workers?: number;
  onProgress?: ProgressListener;
  /**
   * Builds each fold's chain in this thread instead of from the experiment's steps
   * (implies workers = 0). For tests that instrument a step.
   */
  chainFactory?: ChainPartsFactory;
  /**
   * Cancels the run: checked between tasks; when it fires the worker pool is
   * terminated (fits in progress are dropped) and the run rejects with CancelledError.
   */
  signal?: AbortSignal;
  /**
   * Keep each model's refit (fitted preprocessing and model state) in its result's `kept`, so it can be
   * locked (`radsweep run --keep-models`, external cohorts of the experiment).
   */
  keepModels?: boolean;
}

/**
 * Runs an experiment: for each feature set, fits the preprocessing chain once per
 * CV split and once on the whole training part (each on its own training rows
 * only), then every model x configuration x split as a task on the worker pool,
 * picks each model's best configuration by mean CV ROC AUC (first in grid order on
 * ties, as GridSearchCV), refits it on the whole (sampled) training part and scores
 * it on the test part. Two feature sets at a time share the pool's one priority
 * queue (chains first, then the longest fits), so the next feature set's chains
 * run beside the current one's last fits; results are listed in the experiment's
 * order and do not depend on the schedule.
 */
export async function runExperiment(exp: ResolvedExperiment, options: RunOptions = {}): Promise<ExperimentResults> {
  const started = performance.now();
  const { signal } = options;
  if (exp.endpoints) {
    throw new RadSweepInputError('the experiment has survival endpoints: run it with runSurvivalExperiment (the CLI and the tracking server do)', displayPath(exp.file));
  }
  if (signal?.aborted) throw new CancelledError();
  // The worker threads start (load their modules: a few tenths of a second) while this thread reads the data.
  const { executor, workers } = sweepExecutor(options.workers, options.chainFactory);
  const { study, externalTables, developmentTable } = await readInputs(exp).catch(async (e: unknown) => {
    await executor.close();
    throw e;
  });
  const keepModels = options.keepModels === true || exp.external.length > 0;
  const progress = new ProgressTracker(fitsPerFeatureSet(exp) * study.featureSets.length, options.onProgress);
  const featureSets = await runFeatureSets(study.featureSets.length, executor, progress, signal, (set) => runFeatureSet(exp, study, set, executor, workers > 0, progress, keepModels));
  const results = experimentResults(exp, study, featureSets, workers, performance.now() - started);
  if (exp.external.length > 0) scoreExternalCohorts(results, exp, externalTables, developmentTable);
  if (!options.keepModels) dropKeptModels(results);
  return results;
}

/** The study (data, split, feature sets), the external cohorts' tables and the development table. */
async function readInputs(exp: ResolvedExperiment) {
  const study = await prepareStudy(exp);
  const externalTables = await readExternalCohorts(exp);
  const developmentTable = await readDevelopmentTable(exp);
  return { study, externalTables, developmentTable };
}

/** A feature set's fits (fit-schedule.ts), then its result (result-assembly.ts), with the time each part took. */
async function runFeatureSet(exp: ResolvedExperiment, study: Study, set: number, executor: Executor, shared: boolean, progress: ProgressTracker, keepModels: boolean): Promise<FeatureSetResult> {
  const started = performance.now();
  const fs = study.featureSets[set];
  const { prepared, modelRuns, tasksMs, refitsMs } = await fitFeatureSet(exp, study, set, executor, shared, progress, keepModels);
  const { cvFolds, refitFold } = splitPrepared(prepared);

  progress.phase(fs.name, 'metrics');
  const metricsStarted = performance.now();
  const selection = summarizeSelection(refitFold);
  const models = modelResults(exp, study, modelRuns, refitFold, cvFolds, selection.selectedFeatures);
  const metricsMs = performance.now() - metricsStarted;
  progress.phase(fs.name, 'done');
  return featureSetResult(exp, study, set, prepared, models, {
    preprocessingMs: cvFolds.map((f) => f.ms),
    refitPreprocessingMs: refitFold.ms,
    tasksMs,
    refitsMs,
    metricsMs,
    totalMs: performance.now() - started,
  });
}
