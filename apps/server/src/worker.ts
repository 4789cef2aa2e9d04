import type { DataSource } from 'typeorm';
import { FileArtefactStore } from '@radsweep/pipeline';
import { ServerConfig, artefactDirOf } from './config/server-config';
import { DatasetsService } from './datasets/datasets.service';
import { ExperimentsService } from './experiments/experiments.service';
import { ExtractionRunner } from './extraction/extraction-runner';
import { ValidationRunner } from './locked/validation-runner';
import { TaskQueue } from './queue/task-queue';
import { TaskRunner } from './runs/task-runner';

/** How often each worker process looks for failed or cancelled runs whose artefacts are still stored. */
const ENDED_RUNS_SWEEP_S = 5;

/** Subscribes `config.concurrency` pollers of the task queue, each running one task at a time (a run's feature set, one case of an extraction, or an external validation) with `config.threads` engine threads. */
export async function startTaskWorkers(
  dataSource: DataSource,
  queue: TaskQueue,
  config: Pick<ServerConfig, 'concurrency' | 'threads' | 'dataDir' | 'artefactDir'>,
  datasets: DatasetsService,
  experiments: ExperimentsService,
): Promise<TaskRunner> {
  const artefacts = new FileArtefactStore(artefactDirOf(config));
  const runner = new TaskRunner(dataSource, datasets, experiments, config.threads, queue.heartbeatSeconds, { artefacts, enqueue: (tasks) => queue.enqueueMany(tasks), tasksAtOnce: config.concurrency });
  const extractions = new ExtractionRunner(dataSource, datasets, config.threads, undefined, queue.heartbeatSeconds);
  const validations = new ValidationRunner(dataSource, datasets, queue.heartbeatSeconds);
  runner.sweepEndedRuns(ENDED_RUNS_SWEEP_S);
  await queue.work(config.concurrency, (job, attempt) =>
    job.kind === 'extraction-case'
      ? extractions.run(job.taskId, attempt.lastAttempt)
      : job.kind === 'external-validation'
        ? validations.run(job.taskId, attempt.lastAttempt)
        : runner.run(job.taskId, attempt.lastAttempt),
  );
  return runner;
}
