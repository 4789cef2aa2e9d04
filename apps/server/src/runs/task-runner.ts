import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { RadSweepInputError } from '@radsweep/core';
import { ExperimentResults, runExperiment } from '@radsweep/pipeline';
import { DatasetsService } from '../datasets/datasets.service';
import { ExperimentsService } from '../experiments/experiments.service';
import { resolveForRun } from '../experiments/spec-resolver';
import { insertFeatureSetResult } from '../results/results-writer';
import { RunTaskEntity } from './run-task.entity';
import { RunEntity } from './run.entity';

/**
 * Executes one task (one feature set of a run, every model) with the CLI's engine
 * on the run's stored dataset, then writes all its results in one transaction.
 * The engine derives every seed from (experiment seed, feature set, model,
 * configuration, fold) and the split and folds from the experiment seed, so a task
 * gives the same numbers on any worker, on a retry, or in the CLI.
 */
export class TaskRunner {
  readonly workerName = `${hostname()}:${process.pid}`;

  constructor(
    private readonly db: DataSource,
    private readonly datasets: DatasetsService,
    private readonly experiments: ExperimentsService,
    private readonly threads: number,
  ) {}

  async run(taskId: string, lastAttempt: boolean): Promise<void> {
    const task = await this.db.manager.findOneBy(RunTaskEntity, { id: taskId });
    if (!task || task.status === 'done' || task.status === 'cancelled') return;
    const run = await this.db.manager.findOneByOrFail(RunEntity, { id: task.runId });
    if (run.status === 'cancelled') return;
    await this.db.manager.update(RunTaskEntity, { id: taskId }, { status: 'running', attempts: task.attempts + 1, worker: this.workerName, startedAt: new Date(), error: null });
    await this.db.manager.update(RunEntity, { id: run.id, status: 'queued' }, { status: 'running', startedAt: new Date() });
    let results: ExperimentResults;
    try {
      results = await this.execute(run, task);
    } catch (e) {
      // An input error will fail the same way anywhere: no retry. Anything else is retried by the queue.
      if (e instanceof RadSweepInputError || lastAttempt) await this.fail(run.id, task, e);
      else throw e;
      return;
    }
    await this.store(run.id, task, results);
  }

  private async execute(run: RunEntity, task: RunTaskEntity): Promise<ExperimentResults> {
    const experiment = await this.experiments.get(run.experimentId);
    const dataset = await this.datasets.get(run.datasetId);
    const file = await this.datasets.localFile(dataset.id);
    const resolved = await resolveForRun(this.experiments.specOf(experiment), file, run.testIds);
    const only = { ...resolved, featureSets: resolved.featureSets.filter((f) => f.name === task.featureSet) };
    let lastWrite = 0;
    const results = await runExperiment(only, {
      workers: this.threads,
      onProgress: (p) => {
        const now = Date.now();
        if (now - lastWrite < 500 && p.done < p.total) return;
        lastWrite = now;
        // Progress is informative: a lost update is overwritten by the next.
        this.db.manager.update(RunTaskEntity, { id: task.id, status: 'running' }, { fitsDone: p.done, fitsTotal: p.total }).catch(() => undefined);
      },
    });
    if (JSON.stringify(results.split.testIds) !== JSON.stringify(run.split.testIds) || JSON.stringify(results.cv.foldOfTrainId) !== JSON.stringify(run.cv.foldOfTrainId)) {
      throw new Error(`task ${task.id}: the engine's split or folds differ from the ones fixed at launch`);
    }
    const { featureSets: _fs, timings: _t, ...header } = results;
    const fixed = {
      ...header,
      experiment: { name: experiment.name, ...(experiment.description ? { description: experiment.description } : {}), file: `radsweep experiment ${experiment.id} (${experiment.name} v${experiment.version})` },
      dataset: { ...header.dataset, path: dataset.fileName, sha256: dataset.sourceSha256 },
    };
    return { ...results, ...fixed };
  }

  /** Writes the task's results, marks it done and, with the last task, the run succeeded: all in one transaction. */
  private async store(runId: string, task: RunTaskEntity, results: ExperimentResults): Promise<void> {
    const fs = results.featureSets[0];
    const { featureSets: _fs, timings: _t, software, ...header } = results;
    // Read before the transaction: on the embedded database a query on another connection waits for it to end.
    const runRow = await this.db.manager.findOneByOrFail(RunEntity, { id: runId });
    const models = (this.experiments.specOf(await this.experiments.get(runRow.experimentId)).models ?? []).map((x) => x.id);
    await this.db.transaction(async (m) => {
      const run = await m.findOneOrFail(RunEntity, { where: { id: runId }, lock: { mode: 'pessimistic_write' } });
      const current = await m.findOneOrFail(RunTaskEntity, { where: { id: task.id }, lock: { mode: 'pessimistic_write' } });
      if (current.status === 'done') return; // a duplicate delivery finished first
      if (run.status === 'cancelled') {
        await m.update(RunTaskEntity, { id: task.id }, { status: 'cancelled', finishedAt: new Date() });
        return;
      }
      await insertFeatureSetResult(m, runId, task.position, fs, models);
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
