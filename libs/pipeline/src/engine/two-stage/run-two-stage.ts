import { fitsPerFeatureSet, type ResolvedExperiment } from '../../experiment/resolved';
import { RadSweepInputError } from '@radsweep/core';
import { displayPath } from '../../experiment/experiment-file';
import { dropKeptModels, readDevelopmentTable, readExternalCohorts, scoreExternalCohorts } from '../../locked/external-scoring';
import { PreparedFold } from '../prepare-fold';
import { ProgressListener, ProgressTracker } from '../progress';
import type { ExperimentResults, FeatureSetResult, ModelResult } from '../results';
import { experimentResults, featureSetResult, splitPrepared } from '../result-assembly';
import { Study, prepareStudy } from '../study';
import { decodeArtefact, encodeArtefact } from './artefact-codec';
import { ArtefactStore, MemoryArtefactStore } from './artefact-store';
import { FitItem, planFitBatches } from './fit-batches';
import type { MsPerUnit } from './fit-costs';
import { StageGraph, TwoStageTask } from './stage-graph';
import { FitItemOutcome, combineModelStage, fitBatchStage, prepareFoldStage } from './stage-tasks';

export type { TwoStageTask } from './stage-graph';

export interface TwoStageOptions {
  /** Where artefacts go between tasks (default: memory). */
  store?: ArtefactStore;
  /** Target expected duration of a stage-2 batch (ms). */
  batchMs?: number;
  /** Measured ms per unit of fit by model id, over the committed table (fit-costs.ts). */
  msPerUnit?: MsPerUnit;
  /**
   * Picks which ready task runs next (index into `ready`); the default takes the first. Tests pass a
   * seeded random choice: the results must not depend on it.
   */
  pick?: (ready: number) => number;
  keepModels?: boolean;
  onProgress?: ProgressListener;
}

/** A stage-2 batch target that keeps a task to a few seconds of fits. */
export const DEFAULT_BATCH_MS = 2000;

/**
 * The whole sweep of an experiment as the two-stage task graph, in this process: stage 1 prepares each
 * feature set's folds, stage 2 runs batches of CV fits on the stored folds, combine chooses, refits and
 * scores each model once its CV fits are done, and each feature set is assembled when its models are.
 * Every hand-over goes through the artefact store (encoded and decoded), as between workers of the
 * tracking server; tasks run one at a time in the order `pick` chooses among the ready ones.
 */
export async function runExperimentTwoStage(exp: ResolvedExperiment, options: TwoStageOptions = {}): Promise<ExperimentResults> {
  const started = performance.now();
  if (exp.endpoints) throw new RadSweepInputError('the two-stage sweep runs classification experiments; survival endpoints run with runSurvivalExperiment', displayPath(exp.file));
  const study = await prepareStudy(exp);
  const externalTables = await readExternalCohorts(exp);
  const developmentTable = await readDevelopmentTable(exp);
  const keepModels = options.keepModels === true || exp.external.length > 0;
  const store = options.store ?? new MemoryArtefactStore();
  const progress = new ProgressTracker(fitsPerFeatureSet(exp) * study.featureSets.length, options.onProgress);
  const graph = new TwoStageGraph(exp, study, store, planFitBatches(exp, study, options.batchMs ?? DEFAULT_BATCH_MS, options.msPerUnit), keepModels, progress);
  await graph.state.run((task) => graph.execute(task), options.pick);
  progress.finish();
  const featureSets = await Promise.all(study.featureSets.map((_, set) => graph.featureSetResult(set)));
  const results = experimentResults(exp, study, featureSets, 0, performance.now() - started);
  if (exp.external.length > 0) scoreExternalCohorts(results, exp, externalTables, developmentTable);
  if (!options.keepModels) dropKeptModels(results);
  await store.remove(graph.state.keys());
  return results;
}

/** The graph's state in one process: which artefact each finished task stored. */
class TwoStageGraph {
  readonly state: StageGraph;
  private readonly refitMs = new Map<string, number>();

  constructor(
    private readonly exp: ResolvedExperiment,
    private readonly study: Study,
    private readonly store: ArtefactStore,
    batches: FitItem[][][],
    private readonly keepModels: boolean,
    private readonly progress: ProgressTracker,
  ) {
    this.state = new StageGraph(study.featureSets.map(() => study.plans.map((p) => p.fold)), batches, exp.models.length);
  }

  async execute(task: TwoStageTask): Promise<void> {
    const { exp, study, store, state } = this;
    if (task.kind === 'prepare') {
      const fold = prepareFoldStage(exp, study, task.set, task.fold);
      state.foldDone(task.set, task.fold, await store.put(encodeArtefact(fold)));
    } else if (task.kind === 'fit') {
      const folds = new Map<number, PreparedFold>();
      for (const i of task.items) if (!folds.has(i.fold)) folds.set(i.fold, await this.fold(task.set, i.fold));
      const name = study.featureSets[task.set].name;
      const outcomes = fitBatchStage(exp, study, task.items, (_set, fold) => folds.get(fold)!, () => this.progress.taskDone(name));
      state.batchDone(task.batch, await store.put(encodeArtefact(outcomes)));
    } else {
      const outcomes: FitItemOutcome[] = [];
      for (const key of state.batchKeys(task.set, task.modelIndex)) outcomes.push(...decodeArtefact<FitItemOutcome[]>(await store.get(key)));
      const { result, refitMs } = await combineModelStage(exp, study, task.set, task.modelIndex, outcomes, await this.prepared(task.set), this.keepModels);
      this.progress.taskDone(study.featureSets[task.set].name);
      state.modelDone(task.set, task.modelIndex, await store.put(encodeArtefact(result)));
      this.refitMs.set(`${task.set}:${task.modelIndex}`, refitMs);
    }
  }

  private async fold(set: number, fold: number): Promise<PreparedFold> {
    return decodeArtefact<PreparedFold>(await this.store.get(this.state.foldKey(set, fold)));
  }

  private async prepared(set: number): Promise<PreparedFold[]> {
    return Promise.all(this.study.plans.map((p) => this.fold(set, p.fold)));
  }

  async featureSetResult(set: number): Promise<FeatureSetResult> {
    const prepared = await this.prepared(set);
    const models = await Promise.all(this.exp.models.map(async (_, m) => decodeArtefact<ModelResult>(await this.store.get(this.state.modelKey(set, m)))));
    const { cvFolds, refitFold } = splitPrepared(prepared);
    const refitsMs = this.exp.models.reduce((s, _, m) => s + (this.refitMs.get(`${set}:${m}`) ?? 0), 0);
    return featureSetResult(this.exp, this.study, set, prepared, models, {
      preprocessingMs: cvFolds.map((f) => f.ms),
      refitPreprocessingMs: refitFold.ms,
      tasksMs: 0,
      refitsMs,
      metricsMs: 0,
      totalMs: 0,
    });
  }
}
