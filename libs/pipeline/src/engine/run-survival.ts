import { RadSweepInputError } from '@radsweep/core';
import { harrellC, riskGroupCutoffs } from '@radsweep/metrics';
import { datasetMatrix } from '../io';
import { ResolvedExperiment, ResolvedModel, featureSetSteps, fitsPerFeatureSet } from '../experiment/resolved';
import { displayPath } from '../experiment/experiment-file';
import { CancelledError } from './cancelled-error';
import { createChainParts } from './chain-factory';
import { Executor, InlineExecutor, WorkerPool, defaultWorkerCount } from './executor';
import { FeatureSetData, PreparedFold, REFIT_FOLD } from './prepare-fold';
import { ProgressTracker } from './progress';
import { taskError } from './fit-schedule';
import { bestMeanSd, chosenConfiguration, failure, foldSummary, pickBest, resultsHeader, summarizeSelection } from './result-assembly';
import type { RunOptions } from './run-experiment';
import { softwareVersions } from './software-versions';
import { shareFeatureSetData } from './shared-memory';
import { SurvivalEndpointStudy, SurvivalStudy, prepareSurvivalStudy } from './survival-study';
import { SurvivalConfigResult, SurvivalEndpointResult, SurvivalExperimentResults, SurvivalFeatureSetResult, SurvivalModelResult } from './survival-results';
import { computeSurvivalTestMetrics } from './survival-test-metrics';
import { dropKeptModels, readDevelopmentTable, readExternalCohorts, scoreExternalCohorts } from '../locked/external-scoring';
import { CHAIN_PRIORITY, estimateTaskCost } from './task-cost';
import { taskSeed } from './task-seed';
import { ChainSpec, FitTask, SurvivalFitResult, SurvivalFitTask, WorkerRequest } from './worker-protocol';

/** Evenly spaced times, up to the last horizon, over which the integrated Brier score is taken (riskRegression's 60 in the reference). */
export const IBS_TIMES = 60;

type SurvivalConfigRun = SurvivalConfigResult & { fitMs: number; foldRisk: (Float64Array | null)[] };

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
  const executor: Executor = workers === 0 ? new InlineExecutor(options.chainFactory ?? createChainParts) : new WorkerPool(workers);
  const perFeatureSet = fitsPerFeatureSet(exp);
  const { only } = options;
  const chosen = <T extends { name: string }>(items: T[], name: string | undefined, what: string): T[] => {
    const kept = name === undefined ? items : items.filter((x) => x.name === name);
    if (kept.length === 0) throw new RadSweepInputError(`no ${what} named '${name}' in the experiment`, what);
    return kept;
  };
  const endpointsRun = chosen(study.endpoints.map((es) => ({ ...es, name: es.endpoint.name })), only?.endpoint, 'endpoint');
  const featureSetsRun = chosen(study.featureSets, only?.featureSet, 'featureSet');
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
        featureSets.push(await runSurvivalFeatureSet(exp, study, es, fs, set, executor, workers > 0, progress, keepModels));
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
  const results: SurvivalExperimentResults = {
    format: 'radsweep-results',
    kind: 'survival',
    formatVersion: 1,
    ...resultsHeader(exp),
    dataset: { path: exp.dataset.shown, sha256: study.dataset.sha256, rows: study.dataset.ids.length, idColumn: exp.dataset.idColumn },
    settings: { steps: exp.steps, sampler: null, scoring: 'harrell_c', metrics: { calibrationBins: exp.metrics.calibrationBins, ibsTimes: IBS_TIMES } },
    software: softwareVersions(),
    workers,
    endpoints,
    timings: { loadMs: study.loadMs, totalMs: performance.now() - started },
  };
  if (exp.external.length > 0) scoreExternalCohorts(results, exp, externalTables, developmentTable);
  if (!options.keepModels) dropKeptModels(results);
  return results;
}

function endpointResult(exp: ResolvedExperiment, study: SurvivalStudy, es: SurvivalEndpointStudy, featureSets: SurvivalFeatureSetResult[]): SurvivalEndpointResult {
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
  es: SurvivalEndpointStudy,
  fs: { name: string; features: string[] },
  set: number,
  executor: Executor,
  shared: boolean,
  progress: ProgressTracker,
  keepModels: boolean,
): Promise<SurvivalFeatureSetResult> {
  const started = performance.now();
  const ds = study.dataset;
  const { time, event } = es.outcome;
  const label = `${es.endpoint.name}/${fs.name}`;
  // The chain's label is the event indicator; with the follow-up times it is what a survival selector fits on.
  const plain: FeatureSetData = { x: datasetMatrix(ds, fs.features), y: event, time, features: fs.features, ...(study.context ? { context: study.context } : {}) };
  await executor.broadcast({ type: 'featureSet', set, data: shared ? shareFeatureSetData(plain) : plain });
  progress.phase(label, 'preprocessing');
  const chain: ChainSpec = {
    steps: featureSetSteps(exp, set),
    sampler: null,
    seed: exp.seed,
    ...(exp.leaky ? { leakyRows: Int32Array.from({ length: ds.ids.length }, (_, i) => i) } : {}),
  };
  const prepared = await Promise.all(es.plans.map((plan) => executor.run<PreparedFold>({ type: 'prepare', set, plan, chain }, { priority: CHAIN_PRIORITY })));
  await executor.broadcast({ type: 'folds', set, folds: prepared });
  const tasksStarted = performance.now();
  progress.phase(label, 'tasks');
  const fitRowsOf = new Map(es.plans.map((p) => [p.fold, p.fitRows]));
  // A classifier learns the status at the first horizon: training patients censored before it are left out.
  const classifierHorizon = es.endpoint.horizons[0];
  const statusKnown = (rows: Int32Array) => {
    const known: number[] = [];
    rows.forEach((r, i) => (event[r] === 1 || time[r] >= classifierHorizon) && known.push(i));
    return known;
  };
  const excludedCensored = (fold: number) => fitRowsOf.get(fold)!.length - statusKnown(fitRowsOf.get(fold)!).length;
  const fitRequest = (fold: number, model: ResolvedModel, config: number, times: number[]): WorkerRequest => {
    const rows = fitRowsOf.get(fold)!;
    const base: FitTask = { fold, modelId: model.id, params: model.configs[config].params, seed: taskSeed(exp.seed, label, model.id, model.configs[config].index, fold, exp.modelSeeds) };
    const trainingRisk = fold === REFIT_FOLD;
    if (trainingRisk && keepModels) base.keepModel = true;
    if (model.atHorizon) {
      const known = Int32Array.from(statusKnown(rows));
      const labels = Uint8Array.from(known, (i) => Number(event[rows[i]] === 1 && time[rows[i]] <= classifierHorizon));
      return { type: 'fitAtHorizon', set, task: { ...base, rows: known, labels, trainingRisk } };
    }
    const task: SurvivalFitTask = { ...base, fitTime: Float64Array.from(rows, (r) => time[r]), fitEvent: Uint8Array.from(rows, (r) => event[r]), times, trainingRisk };
    return { type: 'fitSurvival', set, task };
  };
  const cvFolds = prepared.filter((f) => f.fold !== REFIT_FOLD);
  const refitFold = prepared.find((f) => f.fold === REFIT_FOLD)!;
  const horizons = es.endpoint.horizons;
  const last = horizons[horizons.length - 1];
  const ibsTimes = Array.from({ length: IBS_TIMES }, (_, k) => (last * (k + 1)) / IBS_TIMES);
  const times = [...new Set([...horizons, ...ibsTimes])].sort((a, b) => a - b);

  const runs = await Promise.all(
    exp.models.map(async (model) => {
      const perConfig = await Promise.all(model.configs.map((_, c) => runCvConfig(es, model, c, cvFolds, executor, fitRequest, progress, label)));
      const best = pickBest(perConfig);
      let refit: { ok: true; result: SurvivalFitResult } | { ok: false; error: string } | null = null;
      if (best >= 0) {
        try {
          const priority = estimateTaskCost(model.id, model.configs[best].params);
          refit = { ok: true, result: await executor.run<SurvivalFitResult>(fitRequest(REFIT_FOLD, model, best, times), { priority }) };
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
  const selection = summarizeSelection(refitFold);
  const models = runs.map(({ model, perConfig, best, refit }): SurvivalModelResult => {
    const configs = perConfig.map(({ fitMs: _fitMs, foldRisk: _foldRisk, ...c }) => c);
    const base: SurvivalModelResult = {
      ...chosenConfiguration(model, best),
      cv: { cIndex: bestMeanSd(configs, best), perConfig: configs },
      test: null,
      selectedFeatures: selection.selectedFeatures,
      predictions: [],
      predictedAt: model.atHorizon ? [classifierHorizon] : horizons,
      ...(model.atHorizon ? { atHorizon: { horizon: classifierHorizon, excludedCensored: { cvSplits: cvFolds.map((f) => excludedCensored(f.fold)), refit: excludedCensored(REFIT_FOLD) } } } : {}),
      oofPredictions: best >= 0 ? cvFolds.flatMap((f, i) => Array.from(f.heldRows, (r, j) => ({ id: ds.ids[r], fold: f.fold, time: time[r], event: event[r], linearPredictor: perConfig[best].foldRisk[i]![j] }))) : [],
      timings: { cvFitMs: perConfig.reduce((s, c) => s + c.fitMs, 0), refitMs: refit?.ok ? refit.result.fitMs : 0 },
    };
    const failed = failure(configs, best, refit);
    if (failed || !refit?.ok) return { ...base, error: failed ?? 'refit failed' };
    const { risk, survival, trainingRisk } = refit.result;
    const held = refitFold.heldRows;
    // A classifier predicted survival at its one horizon only: it is scored there, with no IBS.
    const predictedTimes = model.atHorizon ? [classifierHorizon] : times;
    const test = computeSurvivalTestMetrics({
      time: Float64Array.from(held, (r) => time[r]),
      event: Uint8Array.from(held, (r) => event[r]),
      risk,
      survival,
      times: predictedTimes,
      horizons: base.predictedAt,
      ibsTimes: model.atHorizon ? [] : ibsTimes,
      trainingRisk: trainingRisk!,
      riskGroups: es.endpoint.riskGroups,
      calibrationBins: exp.metrics.calibrationBins,
    });
    const at = base.predictedAt.map((h) => predictedTimes.indexOf(h));
    return {
      ...base,
      test,
      predictions: Array.from(held, (r, i) => ({
        id: ds.ids[r],
        time: time[r],
        event: event[r],
        linearPredictor: risk[i],
        survival: at.map((k) => survival[i * predictedTimes.length + k]),
      })),
      ...(refit.result.model && refitFold.preprocessing
        ? {
            kept: {
              kind: model.atHorizon ? ('classifier_at_horizon' as const) : ('survival' as const),
              preprocessing: refitFold.preprocessing!,
              model: refit.result.model,
              riskGroupCutoffs: Array.from(riskGroupCutoffs(trainingRisk!, es.endpoint.riskGroups)),
            },
          }
        : {}),
    };
  });
  const metricsMs = performance.now() - metricsStarted;
  progress.phase(label, 'done');
  const count = (rows: Int32Array) => ({ n: rows.length, events: rows.reduce((s, r) => s + event[r], 0) });
  return {
    name: fs.name,
    features: fs.features,
    ...(exp.featureSets[set]?.steps ? { steps: exp.featureSets[set].steps } : {}),
    events: { train: count(es.trainRows), test: count(es.testRows) },
    selection,
    folds: cvFolds.map((f) => ({
      fold: f.fold,
      trainRows: f.fitRowsBeforeSampling,
      trainEvents: f.fitY.reduce((s, e) => s + e, 0),
      heldRows: f.heldY.length,
      nFeatures: f.features.length,
      ms: f.ms,
    })),
    models,
    timings: { preprocessingMs: cvFolds.map((f) => f.ms), refitPreprocessingMs: refitFold.ms, tasksMs, metricsMs, totalMs: performance.now() - started },
  };
}

/** One configuration on every CV split, each scored by Harrell's C of its held-out rows. */
async function runCvConfig(
  es: SurvivalEndpointStudy,
  model: ResolvedModel,
  config: number,
  folds: PreparedFold[],
  executor: Executor,
  fitRequest: (fold: number, model: ResolvedModel, config: number, times: number[]) => WorkerRequest,
  progress: ProgressTracker,
  label: string,
): Promise<SurvivalConfigRun> {
  const { time, event } = es.outcome;
  const outcomes = await Promise.all(
    folds.map(async (fold) => {
      let outcome;
      try {
        const r = await executor.run<SurvivalFitResult>(fitRequest(fold.fold, model, config, []), { priority: estimateTaskCost(model.id, model.configs[config].params) });
        const c = harrellC(Float64Array.from(fold.heldRows, (row) => time[row]), Uint8Array.from(fold.heldRows, (row) => event[row]), r.risk).concordance;
        outcome = { c, risk: r.risk, fitMs: r.fitMs, error: undefined };
      } catch (e) {
        outcome = { c: NaN, risk: null, fitMs: 0, error: taskError(e, `fold ${fold.fold}`) };
      }
      progress.taskDone(label);
      return outcome;
    }),
  );
  const { scores: foldC, ...summary } = foldSummary(outcomes.map((o) => ({ ...o, score: o.c })));
  return { index: model.configs[config].index, params: model.configs[config].gridParams, foldC, ...summary, foldRisk: outcomes.map((o) => o.risk) };
}
