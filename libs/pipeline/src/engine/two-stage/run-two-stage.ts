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
import { FitItemOutcome, combineModelStage, fitBatchStage, prepareFoldStage } from './stage-tasks';

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
  const pick = options.pick ?? (() => 0);
  for (let ready = graph.ready(); ready.length > 0; ready = graph.ready()) {
    const at = pick(ready.length);
    if (!(Number.isInteger(at) && at >= 0 && at < ready.length)) throw new Error(`pick returned ${at} for ${ready.length} ready tasks`);
    await graph.execute(ready[at]);
  }
  progress.finish();
  const featureSets = await Promise.all(study.featureSets.map((_, set) => graph.featureSetResult(set)));
  const results = experimentResults(exp, study, featureSets, 0, performance.now() - started);
  if (exp.external.length > 0) scoreExternalCohorts(results, exp, externalTables, developmentTable);
  if (!options.keepModels) dropKeptModels(results);
  await store.remove(graph.keys());
  return results;
}

/** A task of the two-stage graph. */
export type TwoStageTask =
  | { kind: 'prepare'; set: number; fold: number }
  | { kind: 'fit'; set: number; batch: number; items: FitItem[] }
  | { kind: 'combine'; set: number; modelIndex: number };

/** The graph's state in one process: which artefact each finished task stored. */
class TwoStageGraph {
  private readonly foldKeys = new Map<string, string>();
  private readonly batches: { set: number; items: FitItem[]; key: string | null }[] = [];
  private readonly modelKeys = new Map<string, string>();
  private readonly refitMs = new Map<string, number>();

  constructor(
    private readonly exp: ResolvedExperiment,
    private readonly study: Study,
    private readonly store: ArtefactStore,
    batches: FitItem[][][],
    private readonly keepModels: boolean,
    private readonly progress: ProgressTracker,
  ) {
    batches.forEach((perSet, set) => perSet.forEach((items) => this.batches.push({ set, items, key: null })));
  }

  /** Tasks whose inputs are stored and which have not run, in a fixed order. */
  ready(): TwoStageTask[] {
    const out: TwoStageTask[] = [];
    this.study.featureSets.forEach((_, set) => {
      for (const plan of this.study.plans) if (!this.foldKeys.has(`${set}:${plan.fold}`)) out.push({ kind: 'prepare', set, fold: plan.fold });
    });
    this.batches.forEach((b, batch) => {
      if (b.key === null && b.items.every((i) => this.foldKeys.has(`${i.set}:${i.fold}`))) out.push({ kind: 'fit', set: b.set, batch, items: b.items });
    });
    this.study.featureSets.forEach((_, set) => {
      this.exp.models.forEach((_, modelIndex) => {
        if (this.modelKeys.has(`${set}:${modelIndex}`)) return;
        const mine = this.batches.filter((b) => b.set === set && b.items.some((i) => i.modelIndex === modelIndex));
        const foldsReady = this.study.plans.every((p) => this.foldKeys.has(`${set}:${p.fold}`));
        if (foldsReady && mine.every((b) => b.key !== null)) out.push({ kind: 'combine', set, modelIndex });
      });
    });
    return out;
  }

  async execute(task: TwoStageTask): Promise<void> {
    const { exp, study, store } = this;
    if (task.kind === 'prepare') {
      const fold = prepareFoldStage(exp, study, task.set, task.fold);
      this.foldKeys.set(`${task.set}:${task.fold}`, await store.put(encodeArtefact(fold)));
    } else if (task.kind === 'fit') {
      const folds = new Map<number, PreparedFold>();
      for (const i of task.items) if (!folds.has(i.fold)) folds.set(i.fold, await this.fold(task.set, i.fold));
      const name = study.featureSets[task.set].name;
      const outcomes = fitBatchStage(exp, study, task.items, (_set, fold) => folds.get(fold)!, () => this.progress.taskDone(name));
      this.batches[task.batch].key = await store.put(encodeArtefact(outcomes));
    } else {
      const outcomes: FitItemOutcome[] = [];
      for (const b of this.batches) if (b.set === task.set && b.items.some((i) => i.modelIndex === task.modelIndex)) outcomes.push(...decodeArtefact<FitItemOutcome[]>(await store.get(b.key!)));
      const { result, refitMs } = await combineModelStage(exp, study, task.set, task.modelIndex, outcomes, await this.prepared(task.set), this.keepModels);
      this.progress.taskDone(study.featureSets[task.set].name);
      this.modelKeys.set(`${task.set}:${task.modelIndex}`, await store.put(encodeArtefact(result)));
      this.refitMs.set(`${task.set}:${task.modelIndex}`, refitMs);
    }
  }

  private async fold(set: number, fold: number): Promise<PreparedFold> {
    return decodeArtefact<PreparedFold>(await this.store.get(this.foldKeys.get(`${set}:${fold}`)!));
  }

  private async prepared(set: number): Promise<PreparedFold[]> {
    return Promise.all(this.study.plans.map((p) => this.fold(set, p.fold)));
  }

  async featureSetResult(set: number): Promise<FeatureSetResult> {
    const prepared = await this.prepared(set);
    const models = await Promise.all(this.exp.models.map(async (_, m) => decodeArtefact<ModelResult>(await this.store.get(this.modelKeys.get(`${set}:${m}`)!))));
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

  keys(): string[] {
    return [...this.foldKeys.values(), ...this.batches.map((b) => b.key!).filter(Boolean), ...this.modelKeys.values()];
  }
}
