import { RadSweepInputError } from '@radsweep/core';
import { datasetMatrix } from '../io';
import { ResolvedExperiment, ResolvedModel, featureSetSteps } from '../experiment/resolved';
import { CancelledError } from './cancelled-error';
import { EngineWorkerLostError } from './engine-worker-lost-error';
import { createChainParts } from './chain-factory';
import { ConcurrencyLimit } from './concurrency-limit';
import { Executor, InlineExecutor, WorkerPool, defaultWorkerCount } from './executor';
import { FeatureSetData, PreparedFold, REFIT_FOLD } from './prepare-fold';
import { ProgressTracker } from './progress';
import { ConfigRun, CvFitOutcome, ModelRun, RefitOutcome, configRun, pickBest } from './result-assembly';
import { shareFeatureSetData } from './shared-memory';
import { Study } from './study';
import { CHAIN_PRIORITY, estimateTaskCost, refitPriority } from './task-cost';
import { taskSeed } from './task-seed';
import { ChainSpec, FitResult, FitTask, GroupFitOutcome } from './worker-protocol';
import { ChainPartsFactory } from './worker-state';

/*
 * Scheduling of the single-task sweep: which requests (fold chains, CV fits, refits) run, on which executor
 * (worker threads or this thread), in what order (two feature sets live at once, refit chain first, longest
 * fits first) and what a failing one means for the run. What the fits give back is turned into results by
 * result-assembly.ts; nothing here changes a number, only when it is computed.
 */

/**
 * Feature sets live at once: the next one's chains and fits share the queue with the
 * current one's, so the pool never drains between feature sets; more would only
 * hold more fold caches in memory.
 */
const FEATURE_SETS_IN_FLIGHT = 2;

/** The executor a sweep runs on: `workers` threads (default one per core), or this thread with workers = 0 or a chain factory. */
export function sweepExecutor(workersOption: number | undefined, chainFactory: ChainPartsFactory | undefined): { executor: Executor; workers: number } {
  const workers = chainFactory ? 0 : (workersOption ?? defaultWorkerCount());
  if (!Number.isInteger(workers) || workers < 0) throw new RadSweepInputError(`workers must be an integer >= 0, got ${workers}`, '--workers');
  const executor: Executor = workers === 0 ? new InlineExecutor(chainFactory ?? createChainParts) : new WorkerPool(workers);
  return { executor, workers };
}

/**
 * Runs `runOne` for each of `count` feature sets, FEATURE_SETS_IN_FLIGHT at a time on `executor`, and gives their
 * results in feature-set order. `signal` cancels: the executor is aborted and the run rejects with CancelledError.
 * When this settles, the progress sends no more events and the executor is closed.
 */
export async function runFeatureSets<T>(count: number, executor: Executor, progress: ProgressTracker, signal: AbortSignal | undefined, runOne: (set: number) => Promise<T>): Promise<T[]> {
  const done: T[] = [];
  const onAbort = () => executor.abort(new CancelledError());
  signal?.addEventListener('abort', onAbort, { once: true });
  let settled = false;
  try {
    if (signal?.aborted) onAbort();
    const live = new ConcurrencyLimit(FEATURE_SETS_IN_FLIGHT);
    const runs = Array.from({ length: count }, (_, set) => live.run(() => (settled ? Promise.reject(new Error('run already settled')) : runOne(set))));
    // Awaited in order, so a failing run reports the first failing feature set's error, as one at a time would.
    runs.forEach((r) => r.catch(() => undefined));
    for (const run of runs) done.push(await run);
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
  return done;
}

/** What a feature set's fits gave back: its prepared folds (in plan order) and each model's CV runs, choice and refit. */
export interface FeatureSetFits {
  prepared: PreparedFold[];
  /** In the order the models were scheduled (longest first); result assembly puts them back in the experiment's order. */
  modelRuns: ModelRun[];
  /** From the first prepared fold to the last fit. */
  tasksMs: number;
  /** Summed over models (refits overlap). */
  refitsMs: number;
}

/**
 * Fits a feature set: its preprocessing chain once per CV split and once on the whole training part (each on
 * its own training rows only), then every model x configuration x split as a task on the executor, then each
 * model's chosen configuration on the whole (sampled) training part.
 */
export async function fitFeatureSet(
  exp: ResolvedExperiment,
  study: Study,
  set: number,
  executor: Executor,
  shared: boolean,
  progress: ProgressTracker,
  keepModels: boolean,
): Promise<FeatureSetFits> {
  const fs = study.featureSets[set];
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
  return { prepared, modelRuns, tasksMs: performance.now() - tasksStarted, refitsMs };
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

/** Longest models first, so their refits start early and no worker idles at the end. */
function orderByCost(models: ResolvedModel[]): ResolvedModel[] {
  const cost = (m: ResolvedModel) => m.configs.reduce((s, c) => s + estimateTaskCost(m.id, c.params), 0);
  return [...models].sort((a, b) => cost(b) - cost(a));
}

/**
 * A model's CV fits: on each fold, as soon as it is prepared, all its configurations as one request (grid
 * order), so one worker fits them one after the other and its fit caches (boosting and forest checkpoints:
 * n_estimators 100 continued to 200, the root sort memo, shared inner SVMs) serve the whole group instead of
 * missing whenever the next configuration went to another worker. Priority: the group's summed cost.
 */
async function runCvTasks(
  exp: ResolvedExperiment,
  featureSet: string,
  set: number,
  model: ResolvedModel,
  folds: Promise<PreparedFold>[],
  executor: Executor,
  progress: ProgressTracker,
): Promise<ConfigRun[]> {
  const priority = model.configs.reduce((s, config) => s + estimateTaskCost(model.id, config.params), 0);
  const byFold = await Promise.all(
    folds.map(async (pending): Promise<CvFitOutcome[]> => {
      const fold = await pending; // a failing chain is the run's error, not this model's
      const tasks = model.configs.map((config) => cvFitTask(exp, featureSet, model.id, config, fold.fold));
      let outcomes: CvFitOutcome[];
      try {
        const group = await executor.run<GroupFitOutcome[]>({ type: 'fitGroup', set, tasks }, { priority });
        outcomes = group.map((o) => (o.ok ? { proba: o.proba, fitMs: o.fitMs } : { proba: null, fitMs: 0, error: `fold ${fold.fold}: ${o.message}` }));
      } catch (e) {
        const error = taskError(e, `fold ${fold.fold}`); // a cancel is thrown on, uncounted
        outcomes = tasks.map(() => ({ proba: null, fitMs: 0, error }));
      }
      for (let i = 0; i < tasks.length; i++) progress.taskDone(featureSet);
      return outcomes;
    }),
  );
  const prepared = await Promise.all(folds);
  return model.configs.map((config, c) => configRun(config, prepared, byFold.map((outcomes) => outcomes[c])));
}

/** The fit of one configuration on one CV split (its seed derived from where it is in the sweep). */
export function cvFitTask(exp: ResolvedExperiment, featureSet: string, modelId: string, config: ResolvedModel['configs'][number], fold: number): FitTask {
  return { fold, modelId, params: config.params, seed: taskSeed(exp.seed, featureSet, modelId, config.index, fold, exp.modelSeeds) };
}

async function runRefit(exp: ResolvedExperiment, featureSet: string, set: number, model: ResolvedModel, best: number, executor: Executor, keepModel: boolean): Promise<RefitOutcome> {
  const task = refitTask(exp, featureSet, model, best, keepModel);
  try {
    return { ok: true as const, result: await executor.run<FitResult>({ type: 'fit', set, task }, { priority: refitPriority(model.id, task.params) }) };
  } catch (e) {
    return { ok: false as const, error: taskError(e, 'refit') };
  }
}

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
