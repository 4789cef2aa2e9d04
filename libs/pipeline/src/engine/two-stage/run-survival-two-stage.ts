import { RadSweepInputError } from '@radsweep/core';
import { fitsPerFeatureSet, type ResolvedExperiment } from '../../experiment/resolved';
import { displayPath } from '../../experiment/experiment-file';
import { dropKeptModels, readDevelopmentTable, readExternalCohorts, scoreExternalCohorts } from '../../locked/external-scoring';
import { PreparedFold } from '../prepare-fold';
import { ProgressTracker } from '../progress';
import { splitPrepared } from '../result-assembly';
import { endpointResult, survivalExperimentResults } from '../run-survival';
import type { SurvivalExperimentResults, SurvivalFeatureSetResult, SurvivalModelResult } from '../survival-results';
import { SurvivalStudy, prepareSurvivalStudy } from '../survival-study';
import { SurvivalUnit, survivalFeatureSetResult } from '../survival-unit';
import { decodeArtefact, encodeArtefact } from './artefact-codec';
import { ArtefactStore, MemoryArtefactStore } from './artefact-store';
import type { FitItem } from './fit-batches';
import { DEFAULT_BATCH_MS, TwoStageOptions } from './run-two-stage';
import { StageGraph, TwoStageTask } from './stage-graph';
import { SurvivalFitItemOutcome, combineSurvivalModelStage, planSurvivalFitBatches, prepareSurvivalFoldStage, survivalFitBatchStage, survivalUnits } from './survival-stage-tasks';

/**
 * A survival run as the two-stage task graph, in this process: stage 1 prepares each endpoint x
 * feature set's folds, stage 2 runs batches of CV fits on the stored folds, combine chooses, refits and
 * scores each model once its CV fits are done. Every hand-over goes through the artefact store, as
 * between workers; tasks run one at a time in the order `pick` chooses among the ready ones. The
 * results are runSurvivalExperiment's (workers 0) bit for bit, timings aside.
 */
export async function runSurvivalTwoStage(exp: ResolvedExperiment, options: TwoStageOptions = {}): Promise<SurvivalExperimentResults> {
  const started = performance.now();
  if (!exp.endpoints || exp.endpoints.length === 0) throw new RadSweepInputError('the experiment has no survival endpoints', displayPath(exp.file));
  const study = await prepareSurvivalStudy(exp);
  const externalTables = await readExternalCohorts(exp);
  const developmentTable = await readDevelopmentTable(exp);
  const keepModels = options.keepModels === true || exp.external.length > 0;
  const store = options.store ?? new MemoryArtefactStore();
  const units = survivalUnits(study);
  const progress = new ProgressTracker(fitsPerFeatureSet(exp) * units.length, options.onProgress);
  const graph = new SurvivalTwoStageGraph(exp, study, units, store, planSurvivalFitBatches(exp, units, options.batchMs ?? DEFAULT_BATCH_MS, options.msPerUnit), keepModels, progress);
  await graph.state.run((task) => graph.execute(task), options.pick);
  progress.finish();
  const endpoints = await Promise.all(
    study.endpoints.map(async (es, e) => endpointResult(exp, study, es, await Promise.all(study.featureSets.map((_, f) => graph.featureSetResult(e * study.featureSets.length + f))))),
  );
  const results = survivalExperimentResults(exp, study, endpoints, 0, performance.now() - started);
  if (exp.external.length > 0) scoreExternalCohorts(results, exp, externalTables, developmentTable);
  if (!options.keepModels) dropKeptModels(results);
  await store.remove(graph.state.keys());
  return results;
}

/** The graph's state in one process (a set is an endpoint x feature set, survivalUnits order). */
class SurvivalTwoStageGraph {
  readonly state: StageGraph;

  constructor(
    private readonly exp: ResolvedExperiment,
    private readonly study: SurvivalStudy,
    private readonly units: SurvivalUnit[],
    private readonly store: ArtefactStore,
    batches: FitItem[][][],
    private readonly keepModels: boolean,
    private readonly progress: ProgressTracker,
  ) {
    this.state = new StageGraph(units.map((u) => u.es.plans.map((p) => p.fold)), batches, exp.models.length);
  }

  async execute(task: TwoStageTask): Promise<void> {
    const { exp, study, store, state } = this;
    const unit = this.units[task.set];
    if (task.kind === 'prepare') {
      state.foldDone(task.set, task.fold, await store.put(encodeArtefact(prepareSurvivalFoldStage(exp, study, unit, task.fold))));
    } else if (task.kind === 'fit') {
      const folds = new Map<number, PreparedFold>();
      for (const i of task.items) if (!folds.has(i.fold)) folds.set(i.fold, await this.fold(task.set, i.fold));
      const outcomes = survivalFitBatchStage(exp, unit, task.items, (fold) => folds.get(fold)!, () => this.progress.taskDone(unit.label));
      state.batchDone(task.batch, await store.put(encodeArtefact(outcomes)));
    } else {
      const outcomes: SurvivalFitItemOutcome[] = [];
      for (const key of state.batchKeys(task.set, task.modelIndex)) outcomes.push(...decodeArtefact<SurvivalFitItemOutcome[]>(await store.get(key)));
      const result = await combineSurvivalModelStage(exp, study, unit, task.set, task.modelIndex, outcomes, await this.prepared(task.set), this.keepModels);
      this.progress.taskDone(unit.label);
      state.modelDone(task.set, task.modelIndex, await store.put(encodeArtefact(result)));
    }
  }

  private async fold(set: number, fold: number): Promise<PreparedFold> {
    return decodeArtefact<PreparedFold>(await this.store.get(this.state.foldKey(set, fold)));
  }

  private async prepared(set: number): Promise<PreparedFold[]> {
    return Promise.all(this.units[set].es.plans.map((p) => this.fold(set, p.fold)));
  }

  async featureSetResult(set: number): Promise<SurvivalFeatureSetResult> {
    const { cvFolds, refitFold } = splitPrepared(await this.prepared(set));
    const models = await Promise.all(this.exp.models.map(async (_, m) => decodeArtefact<SurvivalModelResult>(await this.store.get(this.state.modelKey(set, m)))));
    return survivalFeatureSetResult(this.exp, this.units[set], cvFolds, refitFold, models, {
      preprocessingMs: cvFolds.map((f) => f.ms),
      refitPreprocessingMs: refitFold.ms,
      tasksMs: 0,
      metricsMs: 0,
      totalMs: 0,
    });
  }
}
