import { RadSweepInputError } from '@radsweep/core';
import { ResolvedExperiment, ResolvedModel, fitsPerFeatureSet } from '../experiment/resolved';
import { displayPath } from '../experiment/experiment-file';
import { CancelledError } from './cancelled-error';
import { createChainParts } from './chain-factory';
import { Executor, InlineExecutor, WorkerPool, defaultWorkerCount } from './executor';
import { PreparedFold, REFIT_FOLD } from './prepare-fold';
import { ProgressTracker } from './progress';
import { taskError } from './fit-schedule';
import { pickBest, resultsHeader } from './result-assembly';
import type { RunOptions } from './run-experiment';
import { softwareVersions } from './software-versions';
import { shareFeatureSetData } from './shared-memory';
import { SurvivalEndpointStudy, SurvivalStudy, prepareSurvivalStudy } from './survival-study';
import { SurvivalEndpointResult, SurvivalExperimentResults, SurvivalFeatureSetResult } from './survival-results';
import {
  IBS_TIMES,
  SurvivalCvOutcome,
  SurvivalRefit,
  SurvivalUnit,
  failedSurvivalCvOutcome,
  survivalChain,
  survivalConfigRun,
  survivalCvOutcome,
  survivalFeatureSetData,
  survivalFeatureSetResult,
  survivalFitRequest,
  survivalModelResult,
  survivalUnit,
} from './survival-unit';
import { dropKeptModels, readDevelopmentTable, readExternalCohorts, scoreExternalCohorts } from '../locked/external-scoring';
import { CHAIN_PRIORITY, estimateTaskCost } from './task-cost';
import type { SurvivalFitResult } from './worker-protocol';

/**
 * Runs an experiment with survival endpoints. Per endpoint (its own split and CV folds, stratified on
 * its event indicator) and feature set: the preprocessing chain is fitted once per CV split and once on
 * the whole training part (training rows only, as for a binary endpoint); every model x configuration x
 * split is fitted on the worker pool (a survival model on the follow-up, a classifier on the event by the
 * endpoint's first horizon) and scored by Harrell's C of its held-out rows;
 * each model's best configuration (highest mean CV C, first in grid order on ties) is refitted on the
 * whole training part and scored on the test part. Competing events are censored at their time.
 */
/** RunOptions, and `only`: run one endpoint x feature set (a tracking-server task); the results hold just that one, with the numbers the whole run gives it. */
export interface SurvivalRunOptions extends RunOptions {
  only?: { endpoint: string; featureSet: string };
}

export async function runSurvivalExperiment(exp: ResolvedExperiment, options: SurvivalRunOptions = {}): Promise<SurvivalExperimentResults> {
  const started = performance.now();
  const { signal } = options;
  if (!exp.endpoints || exp.endpoints.length === 0) throw new RadSweepInputError('the experiment has no survival endpoints', displayPath(exp.file));
  if (signal?.aborted) throw new CancelledError();
  const study = await prepareSurvivalStudy(exp);
  const externalTables = await readExternalCohorts(exp);
  const developmentTable = await readDevelopmentTable(exp);
  const keepModels = options.keepModels === true || exp.external.length > 0;
  const workers = options.chainFactory ? 0 : (options.workers ?? defaultWorkerCount());
  if (!Number.isInteger(workers) || workers < 0) throw new RadSweepInputError(`workers must be an integer >= 0, got ${workers}`, '--workers');
  const perFeatureSet = fitsPerFeatureSet(exp);
  const { only } = options;
  const chosen = <T extends { name: string }>(items: T[], name: string | undefined, what: string): T[] => {
    const kept = name === undefined ? items : items.filter((x) => x.name === name);
    if (kept.length === 0) throw new RadSweepInputError(`no ${what} named '${name}' in the experiment`, what);
    return kept;
  };
  const endpointsRun = chosen(study.endpoints.map((es) => ({ ...es, name: es.endpoint.name })), only?.endpoint, 'endpoint');
  const featureSetsRun = chosen(study.featureSets, only?.featureSet, 'featureSet');
  // Created once nothing above can throw: a refused `only` must not leave worker threads running.
  const executor: Executor = workers === 0 ? new InlineExecutor(options.chainFactory ?? createChainParts) : new WorkerPool(workers);
  const progress = new ProgressTracker(perFeatureSet * featureSetsRun.length * endpointsRun.length, options.onProgress);
  const onAbort = () => executor.abort(new CancelledError());
  signal?.addEventListener('abort', onAbort, { once: true });
  const endpoints: SurvivalEndpointResult[] = [];
  try {
    if (signal?.aborted) onAbort();
    for (const [e, es] of endpointsRun.entries()) {
      const featureSets: SurvivalFeatureSetResult[] = [];
      for (const [f, fs] of featureSetsRun.entries()) {
        const set = e * featureSetsRun.length + f;
        featureSets.push(await runSurvivalFeatureSet(exp, study, survivalUnit(study, es, fs), set, executor, workers > 0, progress, keepModels));
      }
      endpoints.push(endpointResult(exp, study, es, featureSets));
    }
  } catch (e) {
    if (signal?.aborted) throw e instanceof CancelledError ? e : new CancelledError();
    throw e;
  } finally {
    progress.finish();
    signal?.removeEventListener('abort', onAbort);
    await executor.close();
  }
  const results = survivalExperimentResults(exp, study, endpoints, workers, performance.now() - started);
  if (exp.external.length > 0) scoreExternalCohorts(results, exp, externalTables, developmentTable);
  if (!options.keepModels) dropKeptModels(results);
  return results;
}

/** The results file of a survival run around its endpoints' results. */
export function survivalExperimentResults(exp: ResolvedExperiment, study: SurvivalStudy, endpoints: SurvivalEndpointResult[], workers: number, totalMs: number): SurvivalExperimentResults {
  return {
    format: 'radsweep-results',
    kind: 'survival',
    formatVersion: 1,
    ...resultsHeader(exp),
    dataset: { path: exp.dataset.shown, sha256: study.dataset.sha256, rows: study.dataset.ids.length, idColumn: exp.dataset.idColumn },
    settings: { steps: exp.steps, sampler: null, scoring: 'harrell_c', metrics: { calibrationBins: exp.metrics.calibrationBins, ibsTimes: IBS_TIMES } },
    software: softwareVersions(),
    workers,
    endpoints,
    timings: { loadMs: study.loadMs, totalMs },
  };
}

export function endpointResult(exp: ResolvedExperiment, study: SurvivalStudy, es: SurvivalEndpointStudy, featureSets: SurvivalFeatureSetResult[]): SurvivalEndpointResult {
  return { ...survivalEndpointHeader(exp, study, es), featureSets };
}

/** An endpoint's part of the results file before any model: columns, codes, horizons, competing events, cohort, split and folds (what the tracking server fixes at launch). */
export function survivalEndpointHeader(exp: ResolvedExperiment, study: Pick<SurvivalStudy, 'dataset'>, es: SurvivalEndpointStudy): Omit<SurvivalEndpointResult, 'featureSets'> {
  const ids = study.dataset.ids;
  const { endpoint, outcome } = es;
  return {
    name: endpoint.name,
    timeColumn: endpoint.time,
    eventColumn: endpoint.event,
    eventCodes: endpoint.eventCodes,
    horizons: endpoint.horizons,
    competingEvents: { count: outcome.competing, handling: 'censored at their time (cause-specific)' },
    cohort: { n: ids.length, events: outcome.events },
    split: { type: exp.split.type, testIds: Array.from(es.testRows, (r) => ids[r]), trainIds: Array.from(es.trainRows, (r) => ids[r]) },
    cv: { type: exp.cv.type, foldsPerRepeat: es.foldsPerRepeat, repeats: es.foldAssignments.length, foldOfTrainId: es.foldAssignments.map((a) => Array.from(a)) },
  };
}

async function runSurvivalFeatureSet(
  exp: ResolvedExperiment,
  study: SurvivalStudy,
  unit: SurvivalUnit,
  set: number,
  executor: Executor,
  shared: boolean,
  progress: ProgressTracker,
  keepModels: boolean,
): Promise<SurvivalFeatureSetResult> {
  const started = performance.now();
  const { label } = unit;
  const plain = survivalFeatureSetData(study, unit);
  await executor.broadcast({ type: 'featureSet', set, data: shared ? shareFeatureSetData(plain) : plain });
  progress.phase(label, 'preprocessing');
  const chain = survivalChain(exp, study, unit);
  const prepared = await Promise.all(unit.es.plans.map((plan) => executor.run<PreparedFold>({ type: 'prepare', set, plan, chain }, { priority: CHAIN_PRIORITY })));
  await executor.broadcast({ type: 'folds', set, folds: prepared });
  const tasksStarted = performance.now();
  progress.phase(label, 'tasks');
  const cvFolds = prepared.filter((f) => f.fold !== REFIT_FOLD);
  const refitFold = prepared.find((f) => f.fold === REFIT_FOLD)!;
  const fit = (fold: number, model: ResolvedModel, config: number, times: number[]) =>
    executor.run<SurvivalFitResult>({ ...survivalFitRequest(exp, unit, fold, model, config, times, keepModels), set }, { priority: estimateTaskCost(model.id, model.configs[config].params) });

  const runs = await Promise.all(
    exp.models.map(async (model) => {
      const perConfig = await Promise.all(
        model.configs.map(async (_, c) => {
          const outcomes = await Promise.all(
            cvFolds.map(async (fold) => {
              let outcome: SurvivalCvOutcome;
              try {
                outcome = survivalCvOutcome(unit, fold, await fit(fold.fold, model, c, []));
              } catch (e) {
                outcome = failedSurvivalCvOutcome(e, fold.fold);
              }
              progress.taskDone(label);
              return outcome;
            }),
          );
          return survivalConfigRun(model, c, outcomes);
        }),
      );
      const best = pickBest(perConfig);
      let refit: SurvivalRefit = null;
      if (best >= 0) {
        try {
          refit = { ok: true, result: await fit(REFIT_FOLD, model, best, unit.times) };
        } catch (e) {
          refit = { ok: false, error: taskError(e, 'refit') };
        }
      }
      progress.taskDone(label);
      return { model, perConfig, best, refit };
    }),
  );
  await executor.broadcast({ type: 'release', set });
  const tasksMs = performance.now() - tasksStarted;

  progress.phase(label, 'metrics');
  const metricsStarted = performance.now();
  const models = runs.map(({ model, perConfig, best, refit }) => survivalModelResult(exp, study, unit, model, perConfig, best, refit, cvFolds, refitFold));
  const metricsMs = performance.now() - metricsStarted;
  progress.phase(label, 'done');
  return survivalFeatureSetResult(exp, unit, cvFolds, refitFold, models, {
    preprocessingMs: cvFolds.map((f) => f.ms),
    refitPreprocessingMs: refitFold.ms,
    tasksMs,
    metricsMs,
    totalMs: performance.now() - started,
  });
}
