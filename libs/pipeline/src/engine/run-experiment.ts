import { RadSweepInputError } from '@radsweep/core';
import { rocAuc } from '@radsweep/metrics';
import { datasetMatrix } from '../io';
import { ResolvedExperiment, ResolvedModel, featureSetSteps, fitsPerFeatureSet } from '../experiment/resolved';
import { displayPath } from '../experiment/experiment-file';
import { CancelledError } from './cancelled-error';
import { EngineWorkerLostError } from './engine-worker-lost-error';
import { createChainParts } from './chain-factory';
import { ConcurrencyLimit } from './concurrency-limit';
import { Executor, InlineExecutor, WorkerPool, defaultWorkerCount } from './executor';
import { FeatureSetData, PreparedFold, REFIT_FOLD } from './prepare-fold';
import { ProgressListener, ProgressTracker } from './progress';
import { ConfigResult, ExperimentResults, FeatureSetResult, LEAKY_NOTE, ModelResult, OofPrediction, SelectedFeature, SelectionSummary } from './results';
import { shareFeatureSetData } from './shared-memory';
import { Study, prepareStudy } from './study';
import { CHAIN_PRIORITY, estimateTaskCost, refitPriority } from './task-cost';
import { taskSeed } from './task-seed';
import { computeTestMetrics } from './test-metrics';
import { ChainSpec, FitResult, FitTask } from './worker-protocol';
import { ChainPartsFactory } from './worker-state';
import { softwareVersions } from './software-versions';

export { softwareVersions };
import { dropKeptModels, readDevelopmentTable, readExternalCohorts, scoreExternalCohorts } from '../locked/external-scoring';

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
 * Feature sets live at once: the next one's chains and fits share the queue with the
 * current one's, so the pool never drains between feature sets; more would only
 * hold more fold caches in memory.
 */
const FEATURE_SETS_IN_FLIGHT = 2;

/** A configuration's CV outcome as the engine keeps it until the best one is picked. */
export type ConfigRun = ConfigResult & { fitMs: number; foldProba: (Float64Array | null)[] };

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
  const study = await prepareStudy(exp);
  const externalTables = await readExternalCohorts(exp);
  const developmentTable = await readDevelopmentTable(exp);
  const keepModels = options.keepModels === true || exp.external.length > 0;
  const workers = options.chainFactory ? 0 : (options.workers ?? defaultWorkerCount());
  if (!Number.isInteger(workers) || workers < 0) throw new RadSweepInputError(`workers must be an integer >= 0, got ${workers}`, '--workers');
  const executor: Executor =
    workers === 0 ? new InlineExecutor(options.chainFactory ?? createChainParts) : new WorkerPool(workers);
  const perFeatureSet = fitsPerFeatureSet(exp);
  const progress = new ProgressTracker(perFeatureSet * study.featureSets.length, options.onProgress);
  const featureSets: FeatureSetResult[] = [];
  const onAbort = () => executor.abort(new CancelledError());
  signal?.addEventListener('abort', onAbort, { once: true });
  let settled = false;
  try {
    if (signal?.aborted) onAbort();
    const live = new ConcurrencyLimit(FEATURE_SETS_IN_FLIGHT);
    const runs = study.featureSets.map((fs, set) =>
      live.run(() => (settled ? Promise.reject(new Error('run already settled')) : runFeatureSet(exp, study, fs, set, executor, workers > 0, progress, keepModels))),
    );
    // Awaited in order, so a failing run reports the first failing feature set's error, as one at a time would.
    runs.forEach((r) => r.catch(() => undefined));
    for (const run of runs) featureSets.push(await run);
  } catch (e) {
    // Once cancelled, whatever failed first (a refused fold, a terminated worker) is the cancel.
    if (signal?.aborted) throw e instanceof CancelledError ? e : new CancelledError();
    throw e;
  } finally {
    settled = true;
    progress.finish();
    signal?.removeEventListener('abort', onAbort);
    await executor.close();
  }
  const results = experimentResults(exp, study, featureSets, workers, performance.now() - started);
  if (exp.external.length > 0) scoreExternalCohorts(results, exp, externalTables, developmentTable);
  if (!options.keepModels) dropKeptModels(results);
  return results;
}

/** The results file around its feature sets: the experiment, data set, split, folds, settings and software. */
export function experimentResults(exp: ResolvedExperiment, study: Study, featureSets: FeatureSetResult[], workers: number, totalMs: number): ExperimentResults {
  const ds = study.dataset;
  return {
    format: 'radsweep-results',
    formatVersion: 1,
    ...resultsHeader(exp),
    dataset: {
      path: exp.dataset.shown,
      sha256: ds.sha256,
      rows: ds.ids.length,
      positives: ds.positives,
      positiveClass: exp.dataset.positiveClass,
      idColumn: exp.dataset.idColumn,
      labelColumn: exp.dataset.labelColumn,
    },
    split: {
      type: exp.split.type,
      testIds: Array.from(study.testRows, (r) => ds.ids[r]),
      trainIds: Array.from(study.trainRows, (r) => ds.ids[r]),
    },
    cv: {
      type: exp.cv.type,
      foldsPerRepeat: study.foldsPerRepeat,
      repeats: study.foldAssignments.length,
      foldOfTrainId: study.foldAssignments.map((a) => Array.from(a)),
    },
    settings: {
      steps: exp.steps,
      sampler: exp.sampler,
      scoring: 'roc_auc',
      metrics: exp.metrics,
    },
    software: softwareVersions(),
    workers,
    featureSets,
    timings: { loadMs: study.loadMs, totalMs },
  };
}

async function runFeatureSet(
  exp: ResolvedExperiment,
  study: Study,
  fs: { name: string; features: string[] },
  set: number,
  executor: Executor,
  shared: boolean,
  progress: ProgressTracker,
  keepModels: boolean,
): Promise<FeatureSetResult> {
  const started = performance.now();
  const ds = study.dataset;
  const { data: plain, chain } = featureSetInputs(exp, study, set);
  await executor.broadcast({ type: 'featureSet', set, data: shared ? shareFeatureSetData(plain) : plain });

  progress.phase(fs.name, 'preprocessing');
  // Each fold's chain runs as a request (the refit chain, the longest, queued first); as
  // soon as one is ready it is broadcast and its fit tasks are queued (behind the remaining
  // chains), so no worker idles between phases. Per worker, messages arrive in order: the
  // fold always reaches a worker before its tasks.
  const broadcasts: Promise<void>[] = [];
  let tasksStarted = 0;
  const ready: Promise<PreparedFold>[] = [];
  const refitFirst = [...study.plans.keys()].sort((a, b) => Number(study.plans[b].fold === REFIT_FOLD) - Number(study.plans[a].fold === REFIT_FOLD));
  for (const i of refitFirst) {
    ready[i] = executor.run<PreparedFold>({ type: 'prepare', set, plan: study.plans[i], chain }, { priority: CHAIN_PRIORITY }).then((fold) => {
      const sent = executor.broadcast({ type: 'folds', set, folds: [fold] });
      sent.catch(() => undefined); // awaited below unless a task failed the run first
      broadcasts.push(sent);
      if (tasksStarted === 0) {
        tasksStarted = performance.now();
        progress.phase(fs.name, 'tasks');
      }
      return fold;
    });
  }
  ready.forEach((p) => p.catch(() => undefined)); // awaited below; a failure is reported once, there
  const cvReady = study.plans.map((plan, i) => ({ plan, fold: ready[i] })).filter((f) => f.plan.fold !== REFIT_FOLD).map((f) => f.fold);
  const refitReady = ready[study.plans.findIndex((plan) => plan.fold === REFIT_FOLD)];

  let refitsMs = 0;
  const modelRuns = await Promise.all(
    orderByCost(exp.models).map(async (model) => {
      const perConfig = await runCvTasks(exp, fs.name, set, model, cvReady, executor, progress);
      const best = pickBest(perConfig);
      await refitReady;
      const refitStarted = performance.now();
      const refit = best < 0 ? null : await runRefit(exp, fs.name, set, model, best, executor, keepModels);
      refitsMs += performance.now() - refitStarted;
      progress.taskDone(fs.name);
      return { model, perConfig, best, refit };
    }),
  );
  await Promise.all(broadcasts);
  await executor.broadcast({ type: 'release', set }); // every fit of this feature set is done: the workers drop its data
  const prepared = await Promise.all(ready);
  const { cvFolds, refitFold } = splitPrepared(prepared);
  const tasksMs = performance.now() - tasksStarted;

  progress.phase(fs.name, 'metrics');
  const metricsStarted = performance.now();
  const selection = summarizeSelection(refitFold);
  const byModelOrder = new Map(modelRuns.map((r) => [r.model.id, r]));
  const models = exp.models.map((m) => {
    const r = byModelOrder.get(m.id)!;
    return modelResult(exp, study, r.model, r.perConfig, r.best, r.refit, refitFold, cvFolds, selection.selectedFeatures);
  });
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

/** A feature set's data (every row, its columns) and the chain its folds are prepared with. */
export function featureSetInputs(exp: ResolvedExperiment, study: Study, set: number): { data: FeatureSetData; chain: ChainSpec } {
  const ds = study.dataset;
  const features = study.featureSets[set].features;
  const data: FeatureSetData = { x: datasetMatrix(ds, features), y: ds.label, features, ...(study.context ? { context: study.context } : {}) };
  const chain: ChainSpec = {
    steps: featureSetSteps(exp, set),
    sampler: exp.sampler,
    seed: exp.seed,
    ...(exp.leaky ? { leakyRows: Int32Array.from({ length: ds.ids.length }, (_, i) => i) } : {}),
  };
  return { data, chain };
}

/** The CV splits' prepared folds (in plan order) and the refit's. */
export function splitPrepared(prepared: PreparedFold[]): { cvFolds: PreparedFold[]; refitFold: PreparedFold } {
  return { cvFolds: prepared.filter((f) => f.fold !== REFIT_FOLD), refitFold: prepared.find((f) => f.fold === REFIT_FOLD)! };
}

/** A feature set's result from its prepared folds (in plan order) and its models' results (in the experiment's order). */
export function featureSetResult(
  exp: ResolvedExperiment,
  study: Study,
  set: number,
  prepared: PreparedFold[],
  models: ModelResult[],
  timings: FeatureSetResult['timings'],
): FeatureSetResult {
  const ds = study.dataset;
  const fs = study.featureSets[set];
  const { cvFolds, refitFold } = splitPrepared(prepared);
  const trainPositives = study.trainRows.reduce((s, r) => s + ds.label[r], 0);
  const testPositives = study.testRows.reduce((s, r) => s + ds.label[r], 0);
  return {
    name: fs.name,
    features: fs.features,
    ...(exp.featureSets[set]?.steps ? { steps: exp.featureSets[set].steps } : {}),
    classBalance: {
      train: { n: study.trainRows.length, positives: trainPositives },
      test: { n: study.testRows.length, positives: testPositives },
    },
    selection: summarizeSelection(refitFold),
    folds: cvFolds.map((f) => ({
      fold: f.fold,
      trainRows: f.fitRowsBeforeSampling,
      sampledRows: f.fitY.length,
      heldRows: f.heldY.length,
      nFeatures: f.features.length,
      ms: f.ms,
    })),
    models,
    timings,
  };
}

/** Longest models first, so their refits start early and no worker idles at the end. */
function orderByCost(models: ResolvedModel[]): ResolvedModel[] {
  const cost = (m: ResolvedModel) => m.configs.reduce((s, c) => s + estimateTaskCost(m.id, c.params), 0);
  return [...models].sort((a, b) => cost(b) - cost(a));
}

async function runCvTasks(
  exp: ResolvedExperiment,
  featureSet: string,
  set: number,
  model: ResolvedModel,
  folds: Promise<PreparedFold>[],
  executor: Executor,
  progress: ProgressTracker,
): Promise<ConfigRun[]> {
  return Promise.all(
    model.configs.map(async (config) => {
      const outcomes = await Promise.all(
        folds.map(async (pending) => {
          const fold = await pending; // a failing chain is the run's error, not this configuration's
          const task = cvFitTask(exp, featureSet, model.id, config, fold.fold);
          let outcome: CvFitOutcome;
          try {
            const r = await executor.run<FitResult>({ type: 'fit', set, task }, { priority: estimateTaskCost(model.id, config.params) });
            outcome = { proba: r.proba, fitMs: r.fitMs };
          } catch (e) {
            outcome = { proba: null, fitMs: 0, error: taskError(e, `fold ${fold.fold}`) }; // a cancel is thrown on, uncounted
          }
          progress.taskDone(featureSet);
          return outcome;
        }),
      );
      return configRun(config, await Promise.all(folds), outcomes);
    }),
  );
}

/** The fit of one configuration on one CV split (its seed derived from where it is in the sweep). */
export function cvFitTask(exp: ResolvedExperiment, featureSet: string, modelId: string, config: ResolvedModel['configs'][number], fold: number): FitTask {
  return { fold, modelId, params: config.params, seed: taskSeed(exp.seed, featureSet, modelId, config.index, fold, exp.modelSeeds) };
}

/** One CV fit's outcome: its held-out probabilities and time, or why it failed. */
export interface CvFitOutcome {
  proba: Float64Array | null;
  fitMs: number;
  error?: string;
}

/** A configuration's CV run from its fits' outcomes, one per CV split in plan order (the split's AUC on its held-out rows). */
export function configRun(config: ResolvedModel['configs'][number], cvFolds: PreparedFold[], outcomes: CvFitOutcome[]): ConfigRun {
  const scored = outcomes.map((o, i) => ({ ...o, score: o.proba ? rocAuc(cvFolds[i].heldY, o.proba) : NaN }));
  const { scores: foldAuc, ...summary } = foldSummary(scored);
  const foldFitMs = outcomes.map((o) => o.fitMs);
  return { index: config.index, params: config.gridParams, foldAuc, foldFitMs, ...summary, foldProba: outcomes.map((o) => o.proba) };
}

/** A configuration's CV splits summed up: each split's score, their mean and sd (NaN when a split failed, with its error) and the fit time. */
export function foldSummary(outcomes: { score: number; fitMs: number; error?: string }[]) {
  const scores = outcomes.map((o) => o.score);
  const error = outcomes.find((o) => o.error)?.error;
  const { mean, sd } = meanSd(scores);
  return {
    scores,
    mean: error ? NaN : mean,
    sd: error ? NaN : sd,
    ...(error ? { error } : {}),
    fitMs: outcomes.reduce((s, o) => s + o.fitMs, 0),
  };
}

/** GridSearchCV's choice: highest mean CV AUC, the first in grid order on ties; failed configurations are skipped. */
export function pickBest(perConfig: { mean: number }[]): number {
  let best = -1;
  perConfig.forEach((c, i) => {
    if (!Number.isNaN(c.mean) && (best < 0 || c.mean > perConfig[best].mean)) best = i;
  });
  return best;
}

async function runRefit(exp: ResolvedExperiment, featureSet: string, set: number, model: ResolvedModel, best: number, executor: Executor, keepModel: boolean): Promise<RefitOutcome> {
  const task = refitTask(exp, featureSet, model, best, keepModel);
  try {
    return { ok: true as const, result: await executor.run<FitResult>({ type: 'fit', set, task }, { priority: refitPriority(model.id, task.params) }) };
  } catch (e) {
    return { ok: false as const, error: taskError(e, 'refit') };
  }
}

/** A model's refit: its fit on the whole training part, or why it failed. */
export type RefitOutcome = { ok: true; result: FitResult } | { ok: false; error: string };

/** The refit of a model's chosen configuration on the whole (sampled) training part. */
export function refitTask(exp: ResolvedExperiment, featureSet: string, model: ResolvedModel, best: number, keepModel: boolean): FitTask {
  const config = model.configs[best];
  return {
    fold: REFIT_FOLD,
    modelId: model.id,
    params: config.params,
    seed: taskSeed(exp.seed, featureSet, model.id, config.index, REFIT_FOLD, exp.modelSeeds),
    ...(keepModel ? { keepModel } : {}),
  };
}

/** A model's fit failing is recorded against that configuration; anything else (a crashed pool, a cancel) stops the run. */
export function taskError(e: unknown, what: string): string {
  if (e instanceof CancelledError || e instanceof EngineWorkerLostError) throw e;
  return `${what}: ${e instanceof Error ? e.message : String(e)}`;
}

export function modelResult(
  exp: ResolvedExperiment,
  study: Study,
  model: ResolvedModel,
  perConfig: ConfigRun[],
  best: number,
  refit: RefitOutcome | null,
  refitFold: PreparedFold,
  cvFolds: PreparedFold[],
  selectedFeatures: SelectedFeature[],
): ModelResult {
  const cvFitMs = perConfig.reduce((s, c) => s + c.fitMs, 0);
  const configs: ConfigResult[] = perConfig.map(({ fitMs: _fitMs, foldProba: _foldProba, ...c }) => c);
  const base: ModelResult = {
    ...chosenConfiguration(model, best),
    cv: { auc: bestMeanSd(configs, best), perConfig: configs },
    test: null,
    roc: null,
    calibration: null,
    selectedFeatures,
    predictions: [],
    oofPredictions: best >= 0 ? outOfFold(study, cvFolds, perConfig[best].foldProba) : [],
    timings: { cvFitMs, refitMs: refit?.ok ? refit.result.fitMs : 0 },
  };
  const failed = failure(configs, best, refit);
  if (failed || !refit?.ok) return { ...base, error: failed ?? 'refit failed' };
  const proba = refit.result.proba;
  const ds = study.dataset;
  const metrics = computeTestMetrics(refitFold.heldY, proba, exp.metrics, exp.seed);
  return {
    ...base,
    ...metrics,
    predictions: Array.from(refitFold.heldRows, (r, i) => ({ id: ds.ids[r], label: ds.label[r], probability: proba[i] })),
    ...(refit.result.model && refitFold.preprocessing ? { kept: { kind: 'classifier' as const, preprocessing: refitFold.preprocessing!, model: refit.result.model } } : {}),
  };
}

/** Which model and configuration a result is about: the grid's values and every parameter of the refit (null when every configuration failed). */
export function chosenConfiguration(model: ResolvedModel, best: number) {
  return {
    model: model.id,
    label: model.label,
    bestParams: best >= 0 ? model.configs[best].gridParams : null,
    bestConfigIndex: best,
    refitParams: best >= 0 ? model.configs[best].params : null,
  };
}

/** The chosen configuration's mean and sd over CV splits (NaN when none succeeded). */
export function bestMeanSd(configs: { mean: number; sd: number }[], best: number): { mean: number; sd: number } {
  return best >= 0 ? { mean: configs[best].mean, sd: configs[best].sd } : { mean: NaN, sd: NaN };
}

/** Why a model has no test result (every configuration failed, or its refit did), or null. */
export function failure(configs: { error?: string }[], best: number, refit: { ok: true } | { ok: false; error: string } | null): string | null {
  if (best < 0) return `every configuration failed; first error: ${configs[0]?.error ?? 'none'}`;
  if (!refit || !refit.ok) return refit?.error ?? 'refit failed';
  return null;
}

/**
 * The best configuration's held-out probabilities from its CV fits (the ones its CV
 * AUCs were computed from), split by split, each split's rows in held-out order.
 */
function outOfFold(study: Study, cvFolds: PreparedFold[], foldProba: (Float64Array | null)[]): OofPrediction[] {
  const ds = study.dataset;
  const out: OofPrediction[] = [];
  cvFolds.forEach((f, i) => {
    const proba = foldProba[i]!; // the best configuration has no failed fold
    f.heldRows.forEach((r, j) => out.push({ id: ds.ids[r], fold: f.fold, label: ds.label[r], probability: proba[j] }));
  });
  return out;
}

export function summarizeSelection(fold: PreparedFold): SelectionSummary {
  const scores = new Map<string, Record<string, number>>(fold.features.map((f) => [f, {}]));
  for (const s of fold.selections) {
    for (const k of s.kept) {
      const entry = scores.get(k.name);
      if (entry) entry[`${s.step}.${s.scoreKind}`] = k.score;
    }
  }
  return {
    steps: fold.selections.map((s) => ({
      step: s.step,
      scoreKind: s.scoreKind,
      fallbackUsed: s.fallbackUsed,
      inputCount: s.inputCount,
      keptCount: s.kept.length,
      ...(s.details ? { details: s.details } : {}),
    })),
    selectedFeatures: fold.features.map((name) => ({ name, scores: scores.get(name)! })),
  };
}

/** Mean and population sd (numpy's std, as GridSearchCV's std_test_score). */
export function meanSd(values: number[]): { mean: number; sd: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  return { mean, sd };
}

/** What every results file starts with: the experiment, the leaky flag (with its note) and the seeds. */
export function resultsHeader(exp: ResolvedExperiment) {
  return {
    experiment: { name: exp.name, description: exp.description, file: displayPath(exp.file) },
    leaky: exp.leaky,
    ...(exp.leaky ? { leakyNote: LEAKY_NOTE } : {}),
    seed: exp.seed,
    modelSeeds: exp.modelSeeds,
  };
}
