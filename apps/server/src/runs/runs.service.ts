import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { RadSweepInputError } from '@radsweep/core';
import { AccessScope, projectOfNewRow } from '../auth/principal';
import { DatasetsService, isUuid } from '../datasets/datasets.service';
import { ExperimentsService } from '../experiments/experiments.service';
import { renamingPaths } from '../http/input-error-text';
import { ConflictError, NotFoundError } from '../http/not-found.error';
import { TaskQueue } from '../queue/task-queue';
import { localTasks } from './local-tasks';
import { RunTaskEntity } from './run-task.entity';
import { RunEntity, RunStatus } from './run.entity';
import { SurvivalEndpointEntity } from '../survival/survival.entities';
import { endpointRow } from '../survival/survival-writer';
import { promoteReadyTasks, stageRows, twoStageEnabled } from './two-stage/stage-plan';
import { readMsPerUnit } from './two-stage/fit-cost-means';
import { sendRunTasks } from './fair-queueing';

export type { LaunchRequest } from '@radsweep/api-contract';
import type { LaunchRequest, RunProgress as RunProgressOf } from '@radsweep/api-contract';

/** A run with its tasks and its progress (the API contract's, with Date times on the server). */
export type RunProgress = RunProgressOf<Date>;

export const TERMINAL: RunStatus[] = ['succeeded', 'failed', 'cancelled'];

/** Runs and their tasks (in position order, as JSON) by id: read-only, one statement. */
const PROGRESS_SQL = `SELECT r."id", r."project_id", r."status", r."experiment_id", r."dataset_id", r."seed", r."error", r."tasks_done", r."tasks_total",
       r."created_at", r."started_at", r."finished_at",
       COALESCE((SELECT json_agg(json_build_object('featureSet', t."feature_set", 'status', t."status", 'attempts', t."attempts", 'fitsDone', t."fits_done",
                                                   'fitsTotal', t."fits_total", 'worker', t."worker", 'error', t."error") ORDER BY t."position")
                   FROM "run_tasks" t WHERE t."run_id" = r."id"), '[]'::json) AS tasks
  FROM "runs" r WHERE r."id" = ANY($1::uuid[])`;

interface ProgressRow {
  id: string;
  project_id: string | null;
  status: RunStatus;
  experiment_id: string;
  dataset_id: string;
  seed: number;
  error: string | null;
  tasks_done: number;
  tasks_total: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  tasks: RunProgress['tasks'] | string;
}

function progressFromRow(r: ProgressRow): RunProgress {
  const tasks: RunProgress['tasks'] = typeof r.tasks === 'string' ? JSON.parse(r.tasks) : r.tasks;
  return {
    id: r.id,
    projectId: r.project_id,
    status: r.status,
    experimentId: r.experiment_id,
    datasetId: r.dataset_id,
    seed: r.seed,
    error: r.error,
    tasksDone: r.tasks_done,
    tasksTotal: r.tasks_total,
    fitsDone: tasks.reduce((s, t) => s + t.fitsDone, 0),
    fitsTotal: tasks.reduce((s, t) => s + t.fitsTotal, 0),
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    tasks,
  };
}

@Injectable()
export class RunsService {
  constructor(
    private readonly db: DataSource,
    private readonly datasets: DatasetsService,
    private readonly experiments: ExperimentsService,
    private readonly queue: TaskQueue,
  ) {}

  /**
   * Checks the run against its data now (columns, patterns, ids, both classes in
   * every part: the CLI's `validate`), fixes its split and folds, and queues its
   * tasks: the two-stage graph (stage-plan.ts), or with RADSWEEP_TWO_STAGE=0 one task per feature set
   * (survival: per endpoint x feature set). Nothing is stored when a check fails.
   */
  async launch(req: LaunchRequest, scope: AccessScope): Promise<RunProgress> {
    const projectId = projectOfNewRow(scope);
    const experiment = await this.experiments.get(req.experimentId);
    const dataset = await this.datasets.get(req.datasetId);
    if (req.testIds !== undefined && (!Array.isArray(req.testIds) || req.testIds.length === 0)) {
      throw new RadSweepInputError('testIds must be a non-empty list of patient ids', 'testIds');
    }
    const foldAssignment = req.foldAssignment === undefined ? null : checkFoldAssignment(req.foldAssignment);
    const file = await this.datasets.localFile(dataset.id);
    // Stage-2 batches are sized from the fit times this store measured (fit-cost-means.ts).
    const msPerUnit = await readMsPerUnit((sql, params) => this.db.query(sql, params));
    const plan = await renamingPaths({ [file]: `dataset '${dataset.name}' (${dataset.fileName})` }, () =>
      this.experiments.plan(experiment, file, { testIds: req.testIds ?? null, foldAssignment }, msPerUnit),
    );
    // A survival run: one task per endpoint x feature set (named as the engine labels it), each endpoint's split in survival_endpoints.
    const taskNames = plan.endpoints ? plan.endpoints.flatMap((e) => plan.featureSets.map((fs) => `${e.name}/${fs}`)) : plan.featureSets;
    const stages = plan.stages && twoStageEnabled() ? plan.stages : null;
    const run = await this.db.transaction(async (m) => {
      const run = await m.save(RunEntity, {
        projectId,
        experimentId: experiment.id,
        datasetId: dataset.id,
        status: 'queued' as RunStatus,
        seed: this.experiments.specOf(experiment).seed,
        testIds: req.testIds ?? null,
        foldAssignment,
        split: {
          type: req.testIds ? 'test_ids' : this.experiments.specOf(experiment).validation.split.type,
          trainIds: plan.trainIds,
          testIds: plan.testIds,
        },
        cv: {
          type: foldAssignment ? 'fold_assignment' : this.experiments.specOf(experiment).validation.cv.type,
          foldsPerRepeat: plan.foldsPerRepeat,
          repeats: plan.foldOfTrainId.length,
          foldOfTrainId: plan.foldOfTrainId,
        },
        header: null,
        software: null,
        tasksTotal: stages ? stages.reduce((s, f) => s + f.folds.length + f.batches.length + f.models, 0) : taskNames.length,
        error: null,
        startedAt: null,
        finishedAt: null,
      });
      if (stages) await m.insert(RunTaskEntity, stageRows(run.id, taskNames, stages));
      else {
        await m.insert(
          RunTaskEntity,
          // fits_total from the launch plan, so a run's progress counts the fits of queued tasks too (a task's heartbeat keeps it exact)
          taskNames.map((featureSet, position) => ({ runId: run.id, featureSet, position, status: 'queued' as const, fitsTotal: plan.fitsPerTask })),
        );
      }
      if (plan.endpoints) await m.insert(SurvivalEndpointEntity, plan.endpoints.map((e, position) => endpointRow(run.id, position, e)));
      return run;
    });
    // The answer is what was stored (read before the tasks are sent): a worker woken by the send may take a task at once,
    // and the POST should not answer 'running' for one run and 'queued' for another depending on that race.
    const stored = await this.progress(run.id);
    await this.enqueueUnsent(run.id);
    return stored;
  }

  /** Sends every queued task of a run (or of all runs) that has no job yet: after a launch, a resume, or a crash between the two. */
  async enqueueUnsent(runId?: string): Promise<number> {
    const tasks = await this.db.manager.find(RunTaskEntity, { where: { status: 'queued', ...(runId ? { runId } : {}) }, order: { position: 'ASC', part: 'ASC' } });
    const byRun = new Map<string, string[]>();
    for (const t of tasks.filter((t) => t.jobId === null)) byRun.set(t.runId, [...(byRun.get(t.runId) ?? []), t.id]);
    for (const [run, ids] of byRun) await sendRunTasks(this.db, (tasks) => this.queue.enqueueMany(tasks), run, ids);
    return [...byRun.values()].reduce((s, ids) => s + ids.length, 0);
  }

  async get(id: string): Promise<RunEntity> {
    const run = isUuid(id) ? await this.db.manager.findOneBy(RunEntity, { id }) : null;
    if (!run) throw new NotFoundError('run', id);
    return run;
  }

  async progress(id: string): Promise<RunProgress> {
    const p = isUuid(id) ? (await this.progressOf([id])).get(id) : undefined;
    if (!p) throw new NotFoundError('run', id);
    return p;
  }

  /**
   * The progress of many runs in ONE query (runs with their tasks as JSON):
   * what the live-progress streams read on each tick, whatever their number.
   * Unknown ids are absent from the map.
   */
  async progressOf(ids: string[]): Promise<Map<string, RunProgress>> {
    const rows: ProgressRow[] = await this.db.query(PROGRESS_SQL, [ids]);
    return new Map(rows.map((r) => [r.id, progressFromRow(r)]));
  }

  /**
   * Cancels a run: queued tasks leave the queue; a task running in this process is
   * aborted now, one running elsewhere at its worker's next heartbeat; no result
   * of an unfinished task is stored.
   */
  async cancel(id: string): Promise<RunProgress> {
    const jobIds = await this.db.transaction(async (m) => {
      const run = await m.findOne(RunEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!run) throw new NotFoundError('run', id);
      if (TERMINAL.includes(run.status)) throw new ConflictError(`run ${id} is already ${run.status}`);
      await m.update(RunEntity, { id }, { status: 'cancelled', finishedAt: new Date() });
      const queued = await m.find(RunTaskEntity, { where: { runId: id, status: 'queued' } });
      await m.update(RunTaskEntity, { runId: id, status: In(['waiting', 'queued', 'failed']) }, { status: 'cancelled' });
      return queued.map((t) => t.jobId).filter((j): j is string => j !== null);
    });
    await this.queue.cancel(jobIds);
    localTasks.abortRun(id);
    return this.progress(id);
  }

  /** Re-queues a failed or cancelled run's unfinished tasks; finished tasks (and their results) are kept. */
  async resume(id: string): Promise<RunProgress> {
    await this.db.transaction(async (m) => {
      const run = await m.findOne(RunEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!run) throw new NotFoundError('run', id);
      if (run.status !== 'failed' && run.status !== 'cancelled') throw new ConflictError(`run ${id} is ${run.status}: only a failed or cancelled run can be resumed`);
      await m.update(RunEntity, { id }, { status: run.tasksDone > 0 ? 'running' : 'queued', error: null, finishedAt: null });
      await m.update(RunTaskEntity, { runId: id, stage: 'sweep', status: In(['failed', 'cancelled', 'running']) }, { status: 'queued', jobId: null, error: null, fitsDone: 0 });
      // A two-stage task waits again for its inputs; those whose inputs are done are queued now.
      await m.update(RunTaskEntity, { runId: id, stage: In(['prepare', 'fit', 'combine']), status: In(['failed', 'cancelled', 'running']) }, { status: 'waiting', jobId: null, error: null, fitsDone: 0 });
      await promoteReadyTasks((sql, params) => m.query(sql, params), id);
    });
    const stored = await this.progress(id); // what was stored, as launch answers
    await this.enqueueUnsent(id);
    return stored;
  }
}

/** The launch's {id: fold}: every fold an integer >= 0 (which ids are training patients is checked against the data). */
function checkFoldAssignment(value: unknown): Record<string, number> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RadSweepInputError('foldAssignment must be an object {patient id: fold}', 'foldAssignment');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) throw new RadSweepInputError('foldAssignment assigns no patient', 'foldAssignment');
  const bad = entries.filter(([, f]) => typeof f !== 'number' || !Number.isInteger(f) || f < 0);
  if (bad.length > 0) {
    const shown = bad.slice(0, 5).map(([id, f]) => `'${id}': ${JSON.stringify(f)}`).join(', ');
    throw new RadSweepInputError(`${bad.length} fold(s) are not integers >= 0: ${shown}${bad.length > 5 ? ', ...' : ''}`, 'foldAssignment');
  }
  return Object.fromEntries(entries) as Record<string, number>;
}
