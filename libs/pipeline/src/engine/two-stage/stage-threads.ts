import type { ResolvedExperiment } from '../../experiment/resolved';
import { CancelledError } from '../cancelled-error';
import { EngineWorkerLostError } from '../engine-worker-lost-error';
import { Executor, WorkerPool } from '../executor';
import type { FeatureSetData, FoldPlan, PreparedFold } from '../prepare-fold';
import { featureSetInputs } from '../fit-schedule';
import { shareFeatureSetData, sharePreparedFold } from '../shared-memory';
import type { Study } from '../study';
import type { SurvivalStudy } from '../survival-study';
import { SurvivalFitRequest, SurvivalUnit, survivalChain, survivalFeatureSetData } from '../survival-unit';
import type { ChainSpec, FitResult, FitTask, SurvivalFitResult } from '../worker-protocol';
import type { FitItem } from './fit-batches';
import { FitItemOutcome, fitItemOutcome, fitItemTask } from './stage-tasks';
import { SurvivalFitItemOutcome, survivalFitItemOutcome, survivalFitItemRequest, survivalFoldPlan } from './survival-stage-tasks';

/** A stage-2 batch's cancel signal and per-fit callback. */
export interface BatchOptions {
  signal?: AbortSignal;
  onFit?: () => void;
}

/**
 * The engine threads of a worker that runs two-stage tasks (`radsweep worker --threads N`, as the
 * single-task engine's pool of N threads): a stage task's chain, its fits (at most `threads` at once)
 * and a combine's refit run on worker threads, for classification and survival units alike, so the
 * event loop stays free for heartbeats and cancels. One pool is kept across tasks (starting threads per task would cost more than a short
 * batch); it holds `threads` threads per task the process runs at once. Each task's folds are live in
 * the pool under a number of its own and released when it ends. Results are the in-thread stage
 * functions' bit for bit: the same functions run on the same inputs.
 */
export class StageThreads {
  private pool: Executor | null = null;
  private nextSet = 0;

  /** `threads` per task, `tasks` tasks at once (the pool has threads x tasks threads). */
  constructor(
    readonly threads: number,
    private readonly tasks: number,
    private readonly makePool: (size: number) => Executor = (size) => new WorkerPool(size),
  ) {
    if (!(Number.isInteger(threads) && threads >= 1)) throw new Error(`stage threads must be an integer >= 1, got ${threads}`);
  }

  /** Stage 1: one fold's chain on a thread. */
  async prepare(exp: ResolvedExperiment, study: Study, set: number, fold: number): Promise<PreparedFold> {
    const plan = study.plans.find((p) => p.fold === fold);
    if (!plan) throw new Error(`the study has no fold ${fold}`);
    const { data, chain } = featureSetInputs(exp, study, set);
    return this.prepareOn(data, plan, chain);
  }

  /** Stage 1 of a survival unit: one fold's chain on a thread. */
  async prepareSurvival(exp: ResolvedExperiment, study: SurvivalStudy, unit: SurvivalUnit, fold: number): Promise<PreparedFold> {
    return this.prepareOn(survivalFeatureSetData(study, unit), survivalFoldPlan(unit, fold), survivalChain(exp, study, unit));
  }

  /**
   * Stage 2: a batch's fits, `threads` at a time, outcomes in item order. A fired `signal` stops the
   * batch from starting more fits; it rejects with CancelledError once those running have ended.
   */
  fitBatch(exp: ResolvedExperiment, study: Study, items: FitItem[], folds: PreparedFold[], options: BatchOptions = {}): Promise<FitItemOutcome[]> {
    return this.batch(items, folds, options, (pool, set, item) => fitItemOutcome(item, () => pool.run<FitResult>({ type: 'fit', set, task: fitItemTask(exp, study, item) })));
  }

  /** Stage 2 of a survival unit: a batch's fits as fitBatch runs them, each scored on its fold as survivalFitBatchStage does. */
  fitSurvivalBatch(exp: ResolvedExperiment, unit: SurvivalUnit, items: FitItem[], folds: PreparedFold[], options: BatchOptions = {}): Promise<SurvivalFitItemOutcome[]> {
    const byFold = new Map(folds.map((f) => [f.fold, f]));
    return this.batch(items, folds, options, (pool, set, item) =>
      survivalFitItemOutcome(unit, item, byFold.get(item.fold)!, () => pool.run<SurvivalFitResult>({ ...survivalFitItemRequest(exp, unit, item), set })),
    );
  }

  /** One fit on a thread (a combine's refit), on its fold. */
  fit(fold: PreparedFold, task: FitTask): Promise<FitResult> {
    return this.withSet({ type: 'foldSet', folds: [sharePreparedFold(fold)] }, (pool, id) => pool.run<FitResult>({ type: 'fit', set: id, task }));
  }

  /** One survival fit on a thread (a survival combine's refit), on its fold. */
  fitSurvival(fold: PreparedFold, request: SurvivalFitRequest): Promise<SurvivalFitResult> {
    return this.withSet({ type: 'foldSet', folds: [sharePreparedFold(fold)] }, (pool, id) => pool.run<SurvivalFitResult>({ ...request, set: id }));
  }

  private prepareOn(data: FeatureSetData, plan: FoldPlan, chain: ChainSpec): Promise<PreparedFold> {
    return this.withSet({ type: 'featureSet', data: shareFeatureSetData(data) }, (pool, id) => pool.run<PreparedFold>({ type: 'prepare', set: id, plan, chain }));
  }

  /** Runs `fitOne` on each item, `threads` at a time, with the batch's folds live in the pool; outcomes in item order. */
  private batch<O>(items: FitItem[], folds: PreparedFold[], options: BatchOptions, fitOne: (pool: Executor, set: number, item: FitItem) => Promise<O>): Promise<O[]> {
    return this.withSet({ type: 'foldSet', folds: folds.map(sharePreparedFold) }, async (pool, id) => {
      const out: O[] = new Array(items.length);
      let next = 0;
      const lane = async () => {
        while (next < items.length && !options.signal?.aborted) {
          const i = next++;
          out[i] = await fitOne(pool, id, items[i]);
          options.onFit?.();
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.threads, items.length) }, lane));
      if (options.signal?.aborted) throw new CancelledError();
      return out;
    });
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.close();
  }

  /** Announces a live set to every thread, runs `work` on it and releases it; a lost thread retires the pool (the next task starts a new one). */
  private async withSet<T>(
    announce: { type: 'featureSet'; data: FeatureSetData } | { type: 'foldSet'; folds: PreparedFold[] },
    work: (pool: Executor, set: number) => Promise<T>,
  ): Promise<T> {
    this.pool ??= this.makePool(this.threads * this.tasks);
    const pool = this.pool;
    const set = this.nextSet++;
    try {
      await pool.broadcast({ ...announce, set });
      return await work(pool, set);
    } catch (e) {
      if (e instanceof EngineWorkerLostError && this.pool === pool) await this.close();
      throw e;
    } finally {
      if (this.pool === pool) await pool.broadcast({ type: 'release', set }).catch(() => undefined);
    }
  }
}
