import { DataSource, In } from 'typeorm';
import {
  ArtefactStore,
  CancelledError,
  FitItemOutcome,
  ModelResult,
  PreparedFold,
  ResolvedExperiment,
  StageThreads,
  Study,
  combineModelStage,
  decodeArtefact,
  encodeArtefact,
  experimentResults,
  featureSetResult,
  fitBatchStage,
  fitShapes,
  fitUnits,
  prepareFoldStage,
  prepareStudy,
  prepareSurvivalStudy,
  survivalEndpointHeader,
  survivalExperimentResults,
  SurvivalFitItemOutcome,
  SurvivalModelResult,
} from '@radsweep/pipeline';
import type { DatasetsService } from '../../datasets/datasets.service';
import type { ExperimentsService } from '../../experiments/experiments.service';
import { resolveForRun } from '../../experiments/spec-resolver';
import { insertFeatureSetResult } from '../../results/results-writer';
import { RunTaskEntity } from '../run-task.entity';
import { SurvivalEndpointEntity } from '../../survival/survival.entities';
import { RunEntity } from '../run.entity';
import { namedRunHeader } from '../run-header';
import { lockFinishingTask } from '../finishing-task';
import { StageSpec, promoteReadyTasks } from './stage-plan';
import { recordFitCosts } from './fit-cost-means';
import { endedRunsHoldingArtefacts, releaseEndedRunArtefacts, removeSucceededRunArtefacts } from './run-artefacts';
import { EnqueueTasks, sendRunTasks } from '../fair-queueing';
import { SurvivalRunContext, executeSurvivalStage, insertSurvivalUnitResult, survivalFitCostSamples, survivalRunContext } from '../../survival/survival-stages';

/** What a stage task needs of its run: the experiment resolved on the run's data, its study, and the results header. */
interface RunContext {
  resolved: ResolvedExperiment;
  /** A classification run's study (null for a survival run). */
  study: Study | null;
  /** A survival run's study and endpoint x feature set units (null for a classification run). */
  survival: SurvivalRunContext | null;
  header: Record<string, unknown>;
  software: Record<string, string>;
  models: string[];
}

/** One attempt's link to its heartbeat: the fits done so far, a beat, and the cancel signal. */
export interface StageAttempt {
  readonly controller: AbortController;
  fits: { done: number; total: number } | null;
  beat(): Promise<void>;
}

/**
 * Runs the tasks of a two-stage run (stage-plan.ts) on a worker: each reads its inputs from the
 * artefact store (verified against their sha256), computes with the engine's stage functions, and
 * stores its output there; `finish` then marks it done, queues the tasks it unblocked and, with the
 * last combine of a feature set, writes the feature set's results, all in one transaction. The last
 * task of a run removes the run's artefacts no unfinished run shares; those of a failed or cancelled
 * run are released too (run-artefacts.ts).
 */
export class StageRunner {
  /** The last few runs' contexts (a worker runs many tasks of one run: the data file is read once). */
  private readonly contexts = new Map<string, Promise<RunContext>>();

  constructor(
    private readonly db: DataSource,
    private readonly datasets: DatasetsService,
    private readonly experiments: ExperimentsService,
    private readonly store: ArtefactStore,
    private readonly enqueue: EnqueueTasks,
    private readonly threads: number,
    tasksAtOnce = 1,
  ) {
    this.engine = threads > 0 ? new StageThreads(threads, tasksAtOnce) : null;
  }

  /** The worker's engine threads (`--threads`); null with 0 threads: stage work runs in the event-loop thread. */
  private readonly engine: StageThreads | null;

  async close(): Promise<void> {
    await this.engine?.close();
  }

  /** Computes the task's output and stores it; returns its key. */
  async execute(run: RunEntity, task: RunTaskEntity, life: StageAttempt): Promise<string> {
    const ctx = await this.context(run);
    const spec = task.stageSpec as StageSpec;
    if (ctx.survival) return this.store.put(encodeArtefact(await this.executeSurvival(ctx, ctx.survival, task, life)));
    const study = ctx.study!;
    if (task.stage === 'prepare') {
      const fold = this.engine ? await this.engine.prepare(ctx.resolved, study, spec.set, spec.fold!) : prepareFoldStage(ctx.resolved, study, spec.set, spec.fold!);
      return this.store.put(encodeArtefact(fold));
    }
    const { inputs, folds } = await this.inputs(task);
    if (task.stage === 'fit') {
      const items = spec.items!;
      const onFit = fitProgress(life, items.length);
      if (this.engine) {
        const outcomes = await this.engine.fitBatch(ctx.resolved, study, items, [...folds.values()], { signal: life.controller.signal, onFit });
        return this.store.put(encodeArtefact(outcomes));
      }
      const outcomes: FitItemOutcome[] = [];
      for (const item of items) {
        // One fit at a time, with the event loop let through between fits: heartbeats and a cancel reach the batch.
        await new Promise((r) => setImmediate(r));
        if (life.controller.signal.aborted) throw new CancelledError();
        outcomes.push(...fitBatchStage(ctx.resolved, study, [item], (_set, fold) => folds.get(fold)!, onFit));
      }
      return this.store.put(encodeArtefact(outcomes));
    }
    const outcomes: FitItemOutcome[] = [];
    for (const r of inputs.filter((r) => r.stage === 'fit')) outcomes.push(...decodeArtefact<FitItemOutcome[]>(await this.store.get(r.artefact!)));
    const prepared = study.plans.map((p) => folds.get(p.fold)!);
    const engine = this.engine;
    const { result, refitMs } = await combineModelStage(ctx.resolved, study, spec.set, spec.modelIndex!, outcomes, prepared, false, engine ? (fold, t) => engine.fit(fold, t) : undefined);
    life.fits = { done: 1, total: 1 };
    return this.store.put(encodeArtefact({ result, refitMs }));
  }

  /** A task's input rows and the folds they stored (by fold). */
  private async inputs(task: RunTaskEntity): Promise<{ inputs: RunTaskEntity[]; folds: Map<number, PreparedFold> }> {
    const inputs = await this.db.manager.find(RunTaskEntity, { where: { id: In(task.dependsOn ?? []) } });
    const folds = new Map<number, PreparedFold>();
    for (const r of inputs.filter((r) => r.stage === 'prepare')) folds.set((r.stageSpec as StageSpec).fold!, decodeArtefact<PreparedFold>(await this.store.get(r.artefact!)));
    return { inputs, folds };
  }

  /** A survival run's stage task (survival-stages.ts), reading its inputs from the store. */
  private async executeSurvival(ctx: RunContext, survival: SurvivalRunContext, task: RunTaskEntity, life: StageAttempt): Promise<unknown> {
    const spec = task.stageSpec as StageSpec;
    const { inputs, folds } = task.stage === 'prepare' ? { inputs: [], folds: new Map<number, PreparedFold>() } : await this.inputs(task);
    const outcomes: SurvivalFitItemOutcome[] = [];
    for (const r of inputs.filter((r) => r.stage === 'fit')) outcomes.push(...decodeArtefact<SurvivalFitItemOutcome[]>(await this.store.get(r.artefact!)));
    const onFit = fitProgress(life, task.stage === 'fit' ? spec.items!.length : 1);
    const out = await executeSurvivalStage(ctx.resolved, survival, task.stage, spec, { folds, outcomes }, life.controller.signal, onFit, this.engine);
    if (task.stage === 'combine') life.fits = { done: 1, total: 1 };
    return out;
  }

  /** Marks the task done with its artefact, writes a finished feature set's results, queues what it unblocked. */
  async finish(runId: string, task: RunTaskEntity, key: string): Promise<void> {
    const runRow = await this.db.manager.findOneByOrFail(RunEntity, { id: runId });
    const ctx = await this.context(runRow);
    // Read before the transaction (the file store), added to the store's running means inside it.
    const fitSamples =
      task.stage !== 'fit'
        ? []
        : ctx.survival
          ? survivalFitCostSamples(ctx.resolved, ctx.survival, decodeArtefact<SurvivalFitItemOutcome[]>(await this.store.get(key)))
          : fitCostSamples(ctx, decodeArtefact<FitItemOutcome[]>(await this.store.get(key)));
    let promoted: string[] = [];
    let finished = false;
    let accepted = false;
    let ended = false;
    await this.db.transaction(async (m) => {
      const locked = await lockFinishingTask(m, runId, task.id);
      if (!locked) return;
      const { run, current } = locked;
      accepted = true;
      ended = run.status === 'failed';
      await m.update(RunTaskEntity, { id: task.id }, { status: 'done', artefact: key, finishedAt: new Date(), fitsDone: current.fitsTotal });
      await recordFitCosts((sql, params) => m.query(sql, params), fitSamples);
      if (task.stage === 'combine') {
        const set = await m.find(RunTaskEntity, { where: { runId, featureSet: task.featureSet } });
        const combines = set.filter((r) => r.stage === 'combine').sort((a, b) => a.part - b.part);
        if (combines.every((r) => r.id === task.id || r.status === 'done')) {
          const keyOf = (r: RunTaskEntity) => (r.id === task.id ? key : r.artefact!);
          const foldRows = set.filter((r) => r.stage === 'prepare').sort((a, b) => a.part - b.part);
          // prepare rows' parts are the plan order (stageRows): the folds in plan order
          const prepared = await Promise.all(foldRows.map(async (r) => decodeArtefact<PreparedFold>(await this.store.get(r.artefact!))));
          if (ctx.survival) {
            const models = await Promise.all(combines.map(async (r) => decodeArtefact<{ result: SurvivalModelResult }>(await this.store.get(keyOf(r))).result));
            await insertSurvivalUnitResult(m, runId, ctx.resolved, ctx.survival, task.position, prepared, models, ctx.models);
          } else {
            const models = await Promise.all(combines.map(async (r) => decodeArtefact<{ result: ModelResult; refitMs: number }>(await this.store.get(keyOf(r)))));
            const cv = prepared.filter((f) => f.fold >= 0);
            const fs = featureSetResult(ctx.resolved, ctx.study!, task.position, prepared, models.map((x) => x.result), {
              preprocessingMs: cv.map((f) => f.ms),
              refitPreprocessingMs: prepared.find((f) => f.fold < 0)!.ms,
              tasksMs: 0,
              refitsMs: models.reduce((s, x) => s + x.refitMs, 0),
              metricsMs: 0,
              totalMs: 0,
            });
            await insertFeatureSetResult(m, runId, task.position, fs, ctx.models);
          }
        }
      }
      const done = run.tasksDone + 1;
      finished = done === run.tasksTotal;
      await m.update(
        RunEntity,
        { id: runId },
        {
          tasksDone: done,
          // The header and software are the run's first finished task's (written once, not again with every task).
          ...(run.header ? {} : { header: ctx.header as never }),
          ...(run.software ? {} : { software: ctx.software }),
          ...(finished && run.status !== 'failed' ? { status: 'succeeded' as const, finishedAt: new Date() } : {}),
        },
      );
      // A failed run's graph stops here (its artefacts are released below; a resume queues what is left).
      if (!ended) promoted = await promoteReadyTasks((sql, params) => m.query(sql, params), runId);
    });
    // Queued in the database first: a crash here leaves them to enqueueUnsent at the next start.
    await sendRunTasks(this.db, this.enqueue, runId, promoted);
    if (finished) {
      await removeSucceededRunArtefacts(this.db, this.store, runId);
      this.contexts.delete(runId);
    } else if (!accepted || ended) {
      // The run ended while this task ran: its result was refused (a cancel) or kept on a failed run; release either way.
      await releaseEndedRunArtefacts(this.db, this.store, runId, accepted ? [] : [key]);
    }
  }

  /** Releases a failed or cancelled run's artefacts (run-artefacts.ts). */
  async release(runId: string): Promise<void> {
    await releaseEndedRunArtefacts(this.db, this.store, runId);
    this.contexts.delete(runId);
  }

  /** Releases the artefacts of every failed or cancelled run that still holds some: the periodic sweep of each worker. */
  async releaseEndedRuns(): Promise<number> {
    const runs = await endedRunsHoldingArtefacts(this.db);
    for (const id of runs) await this.release(id);
    return runs.length;
  }

  private context(run: RunEntity): Promise<RunContext> {
    let ctx = this.contexts.get(run.id);
    if (!ctx) {
      ctx = this.load(run);
      ctx.catch(() => this.contexts.delete(run.id));
      this.contexts.set(run.id, ctx);
      while (this.contexts.size > 4) this.contexts.delete(this.contexts.keys().next().value!);
    }
    return ctx;
  }

  private async load(run: RunEntity): Promise<RunContext> {
    const experiment = await this.experiments.get(run.experimentId);
    const dataset = await this.datasets.get(run.datasetId);
    const file = await this.datasets.localFile(dataset.id);
    const spec = this.experiments.specOf(experiment);
    const resolved = resolveForRun(spec, file, { testIds: run.testIds, foldAssignment: run.foldAssignment });
    const models = (spec.models ?? []).map((x) => x.id);
    if (resolved.endpoints) {
      const survival = survivalRunContext(await prepareSurvivalStudy(resolved));
      const { endpoints: _e, timings: _t, software, ...header } = survivalExperimentResults(resolved, survival.study, [], this.threads, 0);
      const fixed = await this.db.manager.find(SurvivalEndpointEntity, { where: { runId: run.id } });
      for (const es of survival.study.endpoints) {
        const got = survivalEndpointHeader(resolved, survival.study, es);
        const row = fixed.find((e) => e.name === got.name);
        if (!row || JSON.stringify(got.split.testIds) !== JSON.stringify(row.split.testIds) || JSON.stringify(got.cv.foldOfTrainId) !== JSON.stringify(row.cv.foldOfTrainId)) {
          throw new Error(`run ${run.id}: the engine's split or folds of endpoint '${got.name}' differ from the ones fixed at launch`);
        }
      }
      return { resolved, study: null, survival, header: namedRunHeader(header, experiment, dataset) as unknown as Record<string, unknown>, software, models };
    }
    const study = await prepareStudy(resolved);
    const { featureSets: _fs, timings: _t, software, ...header } = experimentResults(resolved, study, [], this.threads, 0);
    const named = namedRunHeader(header, experiment, dataset);
    if (JSON.stringify(named.split.testIds) !== JSON.stringify(run.split.testIds) || JSON.stringify(named.cv.foldOfTrainId) !== JSON.stringify(run.cv.foldOfTrainId)) {
      throw new Error(`run ${run.id}: the engine's split or folds differ from the ones fixed at launch`);
    }
    return { resolved, study, survival: null, header: named as unknown as Record<string, unknown>, software, models };
  }
}

/** Counts a batch's fits on the attempt, with a heartbeat at most every 500 ms. */
function fitProgress(life: StageAttempt, total: number): () => void {
  let done = 0;
  let lastBeat = 0;
  return () => {
    life.fits = { done: ++done, total };
    if (Date.now() - lastBeat > 500) {
      lastBeat = Date.now();
      void life.beat();
    }
  };
}

/** A batch's fits as samples of the store's fit-cost means (a failed fit has no time). */
function fitCostSamples(ctx: RunContext, outcomes: FitItemOutcome[]) {
  const shapes = fitShapes(ctx.study!);
  return outcomes
    .filter((o) => o.error === undefined)
    .map((o) => {
      const model = ctx.resolved.models[o.modelIndex];
      return { modelId: model.id, units: fitUnits(model.id, model.configs[o.configIndex].params, shapes[o.set]), ms: o.fitMs };
    });
}
