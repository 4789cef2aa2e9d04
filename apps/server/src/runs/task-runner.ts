import { hostname } from 'node:os';
import { DataSource, In } from 'typeorm';
import { RadSweepInputError } from '@radsweep/core';
import { ArtefactStore, CancelledError, ExperimentResults, SurvivalExperimentResults, runExperiment } from '@radsweep/pipeline';
import { DatasetsService } from '../datasets/datasets.service';
import { ExperimentsService } from '../experiments/experiments.service';
import { resolveForRun } from '../experiments/spec-resolver';
import { insertFeatureSetResult } from '../results/results-writer';
import { SurvivalEndpointEntity } from '../survival/survival.entities';
import { executeSurvivalTask } from '../survival/survival-task';
import { insertSurvivalFeatureSetResult } from '../survival/survival-writer';
import { localTasks } from './local-tasks';
import { RunTaskEntity } from './run-task.entity';
import { RunEntity } from './run.entity';
import { namedRunHeader } from './run-header';
import { lockFinishingTask } from './finishing-task';
import { attemptStart, startAttempt } from '../queue/attempt-start';
import { StageRunner } from './two-stage/stage-runner';
import type { EnqueueTasks } from './fair-queueing';

/**
 * Executes one task (one feature set of a run, every model) with the CLI's engine
 * on the run's stored dataset, then writes all its results in one transaction.
 * The engine derives every seed from (experiment seed, feature set, model,
 * configuration, fold) and the split and folds from the experiment seed, so a task
 * gives the same numbers on any worker, on a retry, or in the CLI.
 *
 * While it runs, the task's row gets a heartbeat every `heartbeatSeconds` (and with
 * each progress write); the write also reads the run's status, so a cancel made on
 * another machine stops the engine within one heartbeat. A cancel made in this
 * process aborts it at once (localTasks). A cancelled task stores nothing.
 */
export class TaskRunner {
  readonly workerName = `${hostname()}:${process.pid}`;

  constructor(
    private readonly db: DataSource,
    private readonly datasets: DatasetsService,
    private readonly experiments: ExperimentsService,
    private readonly threads: number,
    private readonly heartbeatSeconds: number,
    twoStage?: { artefacts: ArtefactStore; enqueue: EnqueueTasks; tasksAtOnce?: number },
  ) {
    this.stages = twoStage ? new StageRunner(db, datasets, experiments, twoStage.artefacts, twoStage.enqueue, threads, twoStage.tasksAtOnce) : null;
  }

  /** Stops the artefact sweep and the engine threads kept for stage tasks (after the queue stopped handing out tasks). */
  async close(): Promise<void> {
    if (this.sweep) clearTimeout(this.sweep);
    this.sweep = null;
    await this.stages?.close();
  }

  private sweep: NodeJS.Timeout | null = null;

  /**
   * Every `everySeconds` (each pass after the previous one ended), releases the artefacts of failed and
   * cancelled runs still holding some: a run cancelled while its tasks only waited in the queue has no
   * task to do it.
   */
  sweepEndedRuns(everySeconds: number): void {
    const stages = this.stages;
    if (!stages) return;
    const next = () => {
      this.sweep = setTimeout(() => {
        void stages
          .releaseEndedRuns()
          .catch((e) => process.stderr.write(`radsweep: releasing ended runs' artefacts: ${(e as Error).message}\n`))
          .finally(() => this.sweep && next());
      }, everySeconds * 1000);
      this.sweep.unref();
    };
    next();
  }

  /** Runs the tasks of two-stage runs (absent: this runner cannot, e.g. a test's runner without an artefact store). */
  private readonly stages: StageRunner | null;

  async run(taskId: string, lastAttempt: boolean): Promise<void> {
    const task = await this.db.manager.findOneBy(RunTaskEntity, { id: taskId });
    if (!task || task.status === 'done' || task.status === 'cancelled') return;
    const run = await this.db.manager.findOneByOrFail(RunEntity, { id: task.runId });
    if (run.status === 'cancelled') {
      // e.g. a lost task handed on after its run was cancelled
      await this.db.manager.update(RunTaskEntity, { id: taskId, status: In(['queued', 'running']) }, { status: 'cancelled', finishedAt: new Date() });
      return;
    }
    if (run.status === 'failed' && task.stage !== 'sweep') {
      // A stage task queued before its run failed: its inputs are being released; a resume queues it again.
      await this.db.manager.update(RunTaskEntity, { id: taskId, status: In(['queued', 'running']) }, { status: 'cancelled', finishedAt: new Date(), error: 'not run: its run had failed' });
      return;
    }
    const attempt = task.attempts + 1;
    // The heartbeat's start is the database's now(), like every later beat and the lost-task sweep that reads it.
    // A retry starts over: its progress is reset and its error keeps why (the previous attempt's end).
    // Another attempt took the row or an earlier one finished it since it was read: nothing to run.
    if (!(await startAttempt(this.db, RunTaskEntity, taskId, task.attempts, { ...attemptStart(this.workerName, attempt, task.error), fitsDone: 0 }))) return;
    // Only a run's first task finds it queued (the update's condition keeps two first tasks from both starting it).
    if (run.status === 'queued') await this.db.manager.update(RunEntity, { id: run.id, status: 'queued' }, { status: 'running', startedAt: new Date() });
    const life = new RunningAttempt(this.db, taskId, attempt);
    localTasks.add(run.id, life.controller);
    const beat = setInterval(() => void life.beat(), this.heartbeatSeconds * 1000);
    let results: ExperimentResults | SurvivalExperimentResults | null = null;
    let artefact = '';
    try {
      if (task.stage === 'sweep') results = await this.execute(run, task, life);
      else if (this.stages) artefact = await this.stages.execute(run, task, life);
      else throw new Error(`task ${task.id} is a two-stage '${task.stage}' task and this worker has no artefact store`);
    } catch (e) {
      if (e instanceof CancelledError) {
        // Superseded: the task was declared lost and is another worker's now; leave its row alone.
        if (!life.superseded) {
          await this.markCancelled(task, life.fits);
          if (this.stages && task.stage !== 'sweep') await this.stages.release(run.id);
        }
        return;
      }
      // An input error will fail the same way anywhere: no retry. Anything else is retried by the queue.
      if (e instanceof RadSweepInputError || lastAttempt) {
        await this.fail(run.id, task, e);
        if (this.stages && task.stage !== 'sweep') await this.stages.release(run.id);
      } else throw e;
      return;
    } finally {
      clearInterval(beat);
      localTasks.remove(run.id, life.controller);
    }
    if (results) await this.store(run.id, task, results);
    else await this.stages!.finish(run.id, task, artefact);
  }

  private async execute(run: RunEntity, task: RunTaskEntity, life: RunningAttempt): Promise<ExperimentResults | SurvivalExperimentResults> {
    const experiment = await this.experiments.get(run.experimentId);
    const dataset = await this.datasets.get(run.datasetId);
    const file = await this.datasets.localFile(dataset.id);
    const resolved = resolveForRun(this.experiments.specOf(experiment), file, { testIds: run.testIds, foldAssignment: run.foldAssignment });
    let lastWrite = 0;
    const options = {
      workers: this.threads,
      signal: life.controller.signal,
      onProgress: (p: { done: number; total: number }) => {
        life.fits = { done: p.done, total: p.total };
        const now = Date.now();
        if (now - lastWrite < 500 && p.done < p.total) return;
        lastWrite = now;
        void life.beat();
      },
    };
    if (resolved.endpoints) {
      const endpoints = await this.db.manager.find(SurvivalEndpointEntity, { where: { runId: run.id } });
      return namedRunHeader(await executeSurvivalTask(resolved, task, endpoints, options), experiment, dataset);
    }
    const only = { ...resolved, featureSets: resolved.featureSets.filter((f) => f.name === task.featureSet) };
    const results = await runExperiment(only, options);
    if (JSON.stringify(results.split.testIds) !== JSON.stringify(run.split.testIds) || JSON.stringify(results.cv.foldOfTrainId) !== JSON.stringify(run.cv.foldOfTrainId)) {
      throw new Error(`task ${task.id}: the engine's split or folds differ from the ones fixed at launch`);
    }
    return namedRunHeader(results, experiment, dataset);
  }

  /** Writes the task's results, marks it done and, with the last task, the run succeeded: all in one transaction. */
  private async store(runId: string, task: RunTaskEntity, results: ExperimentResults | SurvivalExperimentResults): Promise<void> {
    const { timings: _t, software, ...rest } = results;
    const { featureSets: _fs, endpoints: _e, ...header } = rest as typeof rest & { featureSets?: unknown; endpoints?: unknown };
    // Read before the transaction: on the embedded database a query on another connection waits for it to end.
    const runRow = await this.db.manager.findOneByOrFail(RunEntity, { id: runId });
    const spec = this.experiments.specOf(await this.experiments.get(runRow.experimentId));
    const models = (spec.models ?? []).map((x) => x.id);
    await this.db.transaction(async (m) => {
      const locked = await lockFinishingTask(m, runId, task.id);
      if (!locked) return;
      const { run, current } = locked;
      if ('kind' in results && results.kind === 'survival') {
        const endpoint = results.endpoints[0];
        const row = await m.findOneByOrFail(SurvivalEndpointEntity, { runId, name: endpoint.name });
        const fsPosition = spec.featureSets.findIndex((f) => f.name === endpoint.featureSets[0].name);
        await insertSurvivalFeatureSetResult(m, row, fsPosition, endpoint.featureSets[0], models);
      } else {
        await insertFeatureSetResult(m, runId, task.position, (results as ExperimentResults).featureSets[0], models);
      }
      await m.update(RunTaskEntity, { id: task.id }, { status: 'done', finishedAt: new Date(), fitsDone: current.fitsTotal || current.fitsDone });
      const done = run.tasksDone + 1;
      const finished = done === run.tasksTotal;
      await m.update(
        RunEntity,
        { id: runId },
        {
          tasksDone: done,
          header: (run.header ?? JSON.parse(JSON.stringify(header))) as never,
          software: run.software ?? software,
          ...(finished && run.status !== 'failed' ? { status: 'succeeded' as const, finishedAt: new Date() } : {}),
        },
      );
    });
  }

  /** The run was cancelled while the task ran: the task ends cancelled, with the fits it had done; no result is written. */
  private async markCancelled(task: RunTaskEntity, fits: { done: number; total: number } | null): Promise<void> {
    if (!fits) {
      // No progress event in this process yet (e.g. cancelled right after a hand-over): the row's last heartbeat has the count.
      const row = await this.db.manager.findOneBy(RunTaskEntity, { id: task.id });
      if (row && row.fitsTotal > 0) fits = { done: row.fitsDone, total: row.fitsTotal };
    }
    await this.db.manager.update(
      RunTaskEntity,
      { id: task.id, status: 'running' },
      { status: 'cancelled', finishedAt: new Date(), ...(fits ? { fitsDone: fits.done, fitsTotal: fits.total } : {}), error: `cancelled after ${fits?.done ?? 0} of ${fits?.total ?? '?'} fits` },
    );
  }

  private async fail(runId: string, task: RunTaskEntity, e: unknown): Promise<void> {
    const message = e instanceof Error ? e.message : String(e);
    await this.db.transaction(async (m) => {
      const run = await m.findOneOrFail(RunEntity, { where: { id: runId }, lock: { mode: 'pessimistic_write' } });
      await m.update(RunTaskEntity, { id: task.id }, { status: 'failed', error: message, finishedAt: new Date() });
      if (run.status !== 'cancelled') {
        await m.update(RunEntity, { id: runId }, { status: 'failed', error: `feature set '${task.featureSet}': ${message}`, finishedAt: new Date() });
      }
    });
  }
}

/**
 * One running attempt at a task: its abort controller, the fits done so far,
 * and its heartbeat. A heartbeat refreshes `heartbeat_at` (and the progress)
 * of this attempt's row and reads the run's status in the same statement: a
 * cancelled run aborts the engine; a row no longer this attempt's (declared lost
 * and handed to another worker) aborts it as superseded.
 */
class RunningAttempt {
  readonly controller = new AbortController();
  fits: { done: number; total: number } | null = null;
  superseded = false;
  private writing = false;

  constructor(
    private readonly db: DataSource,
    private readonly taskId: string,
    private readonly attempt: number,
  ) {}

  async beat(): Promise<void> {
    if (this.writing || this.controller.signal.aborted) return;
    this.writing = true;
    try {
      const rows: { run_status: string }[] = await this.db.query(
        `WITH t AS (
           UPDATE run_tasks SET heartbeat_at = now(), fits_done = coalesce($3, fits_done), fits_total = coalesce($4, fits_total)
           WHERE id = $1 AND attempts = $2 AND status = 'running' RETURNING run_id)
         SELECT r.status AS run_status FROM t JOIN runs r ON r.id = t.run_id`,
        [this.taskId, this.attempt, this.fits?.done ?? null, this.fits?.total ?? null],
      );
      if (rows.length === 0) this.superseded = true;
      if (rows.length === 0 || rows[0].run_status === 'cancelled') this.controller.abort();
    } catch {
      // A heartbeat is retried on the next interval; a missed one only brings the task closer to being declared lost.
    } finally {
      this.writing = false;
    }
  }
}
